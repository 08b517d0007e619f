package io.github.mnistgate.mnist.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lets backpropagation reuse the forward pass. In Deeplearning4j 1.0.0-M2.1, {@code ConvolutionLayer} and
 * {@code DenseLayer} compute their pre-activation output again in {@code backpropGradient} (the convolution
 * through oneDNN a second time); {@code bench/profile.sh} puts that at about a fifth of the training time of
 * the notebook CNN. The layer objects of a network are swapped for subclasses that keep the forward pass's
 * output of the current step and hand it to backprop. The configuration is untouched, so the model zip is the
 * same stock DL4J model, and the arithmetic is the same: a network trains to bit-identical parameters with and
 * without this ({@code ForwardReuseTest}).
 *
 * <p>Keeping the output by reference, without a copy, is valid only when nothing changes it in between and the
 * activation's derivative reads the same off the activated values as off the pre-activation ones: a plain
 * ReLU (applied in place; {@code relu(z) > 0} exactly where {@code z > 0}) or the identity, and a next layer
 * known only to read its input (pooling, convolution, dense, output) without dropout. Otherwise the output is
 * copied, which still saves the second convolution.
 */
public final class ForwardReuse {

    public static final String PROPERTY = "mnist.forwardReuse";

    private ForwardReuse() {
    }

    /**
     * Swaps the convolution and dense layer objects of an initialised network; keeps its parameters and, when it
     * has one (a network restored to continue training), its updater state.
     */
    public static MultiLayerNetwork install(MultiLayerNetwork network) {
        if (!enabled()) {
            return network;
        }
        Layer[] layers = network.getLayers();
        boolean changed = false;
        for (int i = 0; i < layers.length; i++) {
            Layer next = i + 1 < layers.length ? layers[i + 1] : null;
            Layer replacement = null;
            if (layers[i].getClass() == ConvolutionLayer.class) {
                replacement = new Conv(layers[i].conf(), layers[i].getParam("W").dataType(), byReference(layers[i], next));
            } else if (layers[i].getClass() == DenseLayer.class) {
                replacement = new Dense(layers[i].conf(), layers[i].getParam("W").dataType(), byReference(layers[i], next));
            }
            if (replacement != null) {
                replacement.setListeners(layers[i].getListeners());
                replacement.setIndex(i);
                replacement.setParamsViewArray(layers[i].params());
                replacement.setParamTable(layers[i].paramTable());
                // As MultiLayerNetwork.init() does for every layer after the first.
                replacement.allowInputModification(i > 0);
                layers[i] = replacement;
                changed = true;
            }
        }
        if (!changed) {
            return network;
        }
        INDArray updaterState = network.getUpdater(false) == null ? null : network.getUpdater(false).getStateViewArray();
        network.setLayers(layers);
        network.initGradientsView(); // the new layers' gradient views, and a fresh flattened gradient
        if (updaterState != null) {
            // The updater holds the old layers and gradient views; a new one over the same state continues exactly.
            network.setUpdater(new MultiLayerUpdater(network, updaterState.dup()));
        }
        return network;
    }

    /**
     * {@code -Dmnist.forwardReuse=false} keeps DL4J's own layer objects: an escape hatch, and the "before" of
     * the benchmark's comparison.
     */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    /** Whether {@link #install} swapped any layer of this network. */
    public static boolean installedIn(MultiLayerNetwork network) {
        for (Layer layer : network.getLayers()) {
            if (layer instanceof Conv || layer instanceof Dense) {
                return true;
            }
        }
        return false;
    }

    /** Whether a layer's forward output may be kept by reference until backprop (see the class comment). */
    static boolean byReference(Layer layer, Layer next) {
        IActivation activation = ((org.deeplearning4j.nn.conf.layers.BaseLayer) layer.conf().getLayer()).getActivationFn();
        boolean derivativeFromOutput = activation instanceof ActivationIdentity
                || activation instanceof ActivationReLU relu && relu.getMax() == null && relu.getThreshold() == null
                && relu.getNegativeSlope() == null;
        // Layers known to read their input without writing to it; any other (batch normalization, dropout) gets a copy.
        boolean nextLeavesItAlone = next == null || next.conf().getLayer().getIDropout() == null
                && (next instanceof org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer
                || next instanceof ConvolutionLayer || next instanceof DenseLayer
                || next instanceof org.deeplearning4j.nn.layers.BaseOutputLayer);
        return derivativeFromOutput && nextLeavesItAlone;
    }

    private static INDArray keep(INDArray z, boolean byReference, LayerWorkspaceMgr workspaces) {
        return byReference ? z : workspaces.dup(ArrayType.ACTIVATIONS, z);
    }

    /** A convolution layer whose backprop uses the pre-activation output of the forward pass of the same step. */
    static final class Conv extends ConvolutionLayer {
        private static final long serialVersionUID = 1L;
        private final boolean byReference;
        private transient INDArray forwardOutput;

        Conv(NeuralNetConfiguration conf, DataType dataType, boolean byReference) {
            super(conf, dataType);
            this.byReference = byReference;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
            forwardOutput = null;
            return super.activate(training, workspaces);
        }

        @Override
        protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaces) {
            if (forBackprop && forwardOutput != null) {
                INDArray z = forwardOutput;
                forwardOutput = null;
                return new Pair<>(z, null);
            }
            Pair<INDArray, INDArray> out = super.preOutput(training, forBackprop, workspaces);
            // Only where backprop goes through the oneDNN helper, which needs no im2col array from here.
            if (training && !forBackprop && getHelper() != null && helperCountFail == 0) {
                forwardOutput = keep(out.getFirst(), byReference, workspaces);
            }
            return out;
        }

        @Override
        public void clear() {
            super.clear();
            forwardOutput = null;
        }
    }

    /** A dense layer whose backprop uses the pre-activation output of the forward pass of the same step. */
    static final class Dense extends DenseLayer {
        private static final long serialVersionUID = 1L;
        private final boolean byReference;
        private transient Pair<INDArray, INDArray> forwardOutput;

        Dense(NeuralNetConfiguration conf, DataType dataType, boolean byReference) {
            super(conf, dataType);
            this.byReference = byReference;
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
            forwardOutput = null;
            return super.activate(training, workspaces);
        }

        @Override
        protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                                                                LayerWorkspaceMgr workspaces) {
            if (forBackprop && forwardOutput != null) {
                Pair<INDArray, INDArray> z = forwardOutput;
                forwardOutput = null;
                return z;
            }
            Pair<INDArray, INDArray> out = super.preOutputWithPreNorm(training, forBackprop, workspaces);
            if (training && !forBackprop && maskArray == null && !hasLayerNorm()) {
                forwardOutput = new Pair<>(keep(out.getFirst(), byReference, workspaces), out.getSecond());
            }
            return out;
        }

        @Override
        public void clear() {
            super.clear();
            forwardOutput = null;
        }
    }
}
