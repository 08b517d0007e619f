package io.github.mnistgate.mnist.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
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
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;

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
 *
 * <p>The same layers also take the ReLU derivative with two vectorised ops ({@link VectorisedRelu}) instead of
 * libnd4j's {@code relu_bp}, which in 1.0.0-M2.1 calls a {@code std::function} per element: about a tenth of
 * the notebook CNN's CPU time ({@code perf}, bench/README.md), for the same numbers.
 *
 * <p>A network's first convolution also skips the gradient at the input, which nothing reads
 * ({@link FirstLayerBackprop}). That one sums in another order, so it has its own switch and its own test.
 */
public final class ForwardReuse {

    public static final String PROPERTY = "mnist.forwardReuse";

    private ForwardReuse() {
    }

    /**
     * Swaps the convolution and dense layer objects of an initialised network; keeps its parameters and, when it
     * has one (a network restored to continue training), its updater state. Max pooling goes on the faster kernel
     * ({@link MeasuredPooling}) in any case.
     */
    public static MultiLayerNetwork install(MultiLayerNetwork network) {
        MeasuredPooling.install(network);
        if (!enabled()) {
            return network;
        }
        Layer[] layers = network.getLayers();
        boolean changed = false;
        for (int i = 0; i < layers.length; i++) {
            Layer next = i + 1 < layers.length ? layers[i + 1] : null;
            Layer replacement = null;
            if (layers[i].getClass() == ConvolutionLayer.class) {
                replacement = new Conv(layers[i].conf(), layers[i].getParam("W").dataType(), byReference(layers[i], next),
                        i == 0);
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

    /** Whether the network's first layer trains without the gradient at the input ({@link FirstLayerBackprop}). */
    public static boolean firstLayerWeightsOnly(MultiLayerNetwork network) {
        return network.getnLayers() > 0 && network.getLayer(0) instanceof Conv conv && conv.weightsOnly();
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
        private final BackpropConf<org.deeplearning4j.nn.conf.layers.ConvolutionLayer> backpropConf;
        /** For the network's first layer, where nothing reads the gradient at the input; else null. */
        private final transient FirstLayerBackprop firstLayer;
        private transient INDArray forwardOutput;

        Conv(NeuralNetConfiguration conf, DataType dataType, boolean byReference, boolean first) {
            super(conf, dataType);
            this.byReference = byReference;
            org.deeplearning4j.nn.conf.layers.ConvolutionLayer layerConf =
                    (org.deeplearning4j.nn.conf.layers.ConvolutionLayer) conf.getLayer();
            this.backpropConf = new BackpropConf<>(layerConf);
            this.firstLayer = first && FirstLayerBackprop.appliesTo(layerConf) ? new FirstLayerBackprop() : null;
        }

        @Override
        public org.deeplearning4j.nn.conf.layers.ConvolutionLayer layerConf() {
            // null while DL4J's constructor runs
            return backpropConf == null ? super.layerConf() : backpropConf.shown(super.layerConf());
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
            return backpropConf.during(() -> firstLayer != null && input != null && input.rank() == 4
                    ? weightsOnly(epsilon, workspaces) : super.backpropGradient(epsilon, workspaces));
        }

        /** Whether this layer's backprop skips the gradient at the input ({@link FirstLayerBackprop}). */
        boolean weightsOnly() {
            return firstLayer != null;
        }

        /**
         * As {@code ConvolutionLayer.backpropGradient} for NCHW without weight noise, but the gradient handed back
         * for the input is left uninitialised: nothing reads it below the first layer (an input preprocessor only
         * reshapes it, and {@code MultiLayerNetwork} drops it).
         */
        private Pair<Gradient, INDArray> weightsOnly(INDArray epsilon, LayerWorkspaceMgr workspaces) {
            assertInputSet(true);
            INDArray in = input.castTo(dataType);
            INDArray eps = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
            INDArray z = preOutput(true, true, workspaces).getFirst();
            INDArray delta = layerConf().getActivationFn().backprop(z, eps).getFirst();
            INDArray weightGrad = gradientViews.get(org.deeplearning4j.nn.params.ConvolutionParamInitializer.WEIGHT_KEY);
            INDArray biasGrad = layerConf().hasBias()
                    ? gradientViews.get(org.deeplearning4j.nn.params.ConvolutionParamInitializer.BIAS_KEY) : null;
            firstLayer.gradients(layerConf(), in, delta, weightGrad, biasGrad);
            Gradient gradient = new org.deeplearning4j.nn.gradient.DefaultGradient();
            if (biasGrad != null) {
                gradient.gradientForVariable().put(org.deeplearning4j.nn.params.ConvolutionParamInitializer.BIAS_KEY, biasGrad);
            }
            gradient.gradientForVariable().put(org.deeplearning4j.nn.params.ConvolutionParamInitializer.WEIGHT_KEY, weightGrad);
            return new Pair<>(gradient, workspaces.createUninitialized(ArrayType.ACTIVATION_GRAD, dataType, in.shape(), 'c'));
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
        private final BackpropConf<org.deeplearning4j.nn.conf.layers.DenseLayer> backpropConf;
        private transient Pair<INDArray, INDArray> forwardOutput;

        Dense(NeuralNetConfiguration conf, DataType dataType, boolean byReference) {
            super(conf, dataType);
            this.byReference = byReference;
            this.backpropConf = new BackpropConf<>((org.deeplearning4j.nn.conf.layers.DenseLayer) conf.getLayer());
        }

        @Override
        public org.deeplearning4j.nn.conf.layers.DenseLayer layerConf() {
            // null while DL4J's constructor runs
            return backpropConf == null ? super.layerConf() : backpropConf.shown(super.layerConf());
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
            return backpropConf.during(() -> super.backpropGradient(epsilon, workspaces));
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

    /**
     * What a layer's {@code layerConf()} shows: during the layer's own backprop, a copy of its configuration with
     * {@link VectorisedRelu} where it has a plain ReLU; otherwise its configuration itself.
     */
    static final class BackpropConf<T extends org.deeplearning4j.nn.conf.layers.BaseLayer> implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final T withVectorisedRelu;
        private transient boolean inBackprop;

        BackpropConf(T conf) {
            this.withVectorisedRelu = VectorisedRelu.in(conf);
        }

        T shown(T own) {
            return inBackprop && withVectorisedRelu != null ? withVectorisedRelu : own;
        }

        Pair<Gradient, INDArray> during(java.util.function.Supplier<Pair<Gradient, INDArray>> backprop) {
            inBackprop = true;
            try {
                return backprop.get();
            } finally {
                inBackprop = false;
            }
        }
    }

    /** Whether {@code activation} is DL4J's ReLU with no max, threshold or slope: {@code max(0, z)} itself. */
    public static boolean isPlainRelu(org.nd4j.linalg.activations.IActivation activation) {
        return activation instanceof ActivationReLU relu && relu.getMax() == null && relu.getThreshold() == null
                && relu.getNegativeSlope() == null;
    }

    /**
     * A plain ReLU whose derivative is a step ({@code z > 0 ? 1 : 0}) times the incoming gradient, two vectorised
     * legacy ops, where {@code relu_bp} gives {@code z > 0 ? gradient : 0} through a per-element
     * {@code std::function}. The numbers are the same but for two cases that change no trained parameter: a
     * masked negative gradient gives -0 instead of +0, and a masked NaN stays NaN (training has diverged by then).
     * It lives only in a layer's configuration copy seen during backprop, so it is never serialised: the model
     * keeps DL4J's own {@code ActivationReLU}.
     */
    static final class VectorisedRelu extends ActivationReLU {
        private static final long serialVersionUID = 1L;

        /**
         * A copy of {@code conf} with this activation when it has a plain ReLU (no max, threshold or slope), else
         * null.
         */
        @SuppressWarnings("unchecked")
        static <T extends org.deeplearning4j.nn.conf.layers.BaseLayer> T in(T conf) {
            if (!isPlainRelu(conf.getActivationFn())) {
                return null;
            }
            T copy = (T) conf.clone();
            copy.setActivationFn(new VectorisedRelu());
            return copy;
        }

        @Override
        public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
            assertShape(in, epsilon);
            // A new array, as relu_bp writes: `in` may be the kept forward output, still the next layer's input.
            INDArray gradient = Nd4j.getExecutioner().exec(new Step(in, in.ulike(), 0.0));
            return new Pair<>(gradient.muli(epsilon), null);
        }
    }
}
