package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.util.NativeBackend;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static io.github.mnistgate.mnist.util.SameBits.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reusing the forward pass in backprop changes no number: training is bit-identical with and without it. */
class ForwardReuseTest {

    private static final DataSet DATA = IdxFiles.learnable(256, 3).toDataSet(256);
    private static final HyperParameterValues VALUES = new HyperParameterValues(Optimizer.ADAM, 1e-3, 5);

    @TempDir
    Path dir;

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.prepare(); // the oneDNN helpers, where the convolution reuse applies
        // The first layer's weights-only backprop sums in another order (FirstLayerBackpropTest); here: reuse alone.
        System.setProperty(FirstLayerBackprop.PROPERTY, "false");
    }

    @org.junit.jupiter.api.AfterAll
    static void restore() {
        System.clearProperty(FirstLayerBackprop.PROPERTY);
    }

    /** The network DL4J itself builds, with its own layer objects. */
    private static MultiLayerNetwork stock(ModelSpec spec) {
        MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configure(spec, VALUES));
        network.init();
        return network;
    }

    private static void fit(MultiLayerNetwork network, int steps) {
        for (int i = 0; i < steps; i++) {
            int from = (i * 32) % 256;
            network.fit((DataSet) DATA.getRange(from, from + 32));
        }
    }

    static ModelSpec spec(String name) {
        return switch (name) {
            case "cnn" -> ModelSpec.cnn();
            case "mlp" -> ModelSpec.mlp();
            // tanh (the output is copied, not kept by reference), batch normalization and dropout after reused layers,
            // sigmoid dense
            default -> ModelSpec.resolve("custom", List.of(
                    LayerSpec.of(LayerType.CONV2D, "filters", "6", "kernel", "3", "activation", "tanh"),
                    LayerSpec.of(LayerType.CONV2D, "filters", "6", "kernel", "3"),
                    LayerSpec.of(LayerType.BATCHNORM),
                    LayerSpec.of(LayerType.CONV2D, "filters", "6", "kernel", "3"),
                    LayerSpec.of(LayerType.DROPOUT, "rate", "0.3"),
                    LayerSpec.of(LayerType.MAXPOOL, "size", "2"),
                    LayerSpec.of(LayerType.DENSE, "units", "16", "activation", "sigmoid"),
                    LayerSpec.of(LayerType.DENSE, "units", "16")));
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn", "mlp", "custom"})
    void trainingGivesExactlyTheParametersStockDl4jGives(String model) {
        MultiLayerNetwork stock = stock(spec(model));
        MultiLayerNetwork reusing = NetworkFactory.build(spec(model), VALUES);
        assertTrue(List.of(reusing.getLayers()).stream().anyMatch(l -> l.getClass().getEnclosingClass() == ForwardReuse.class),
                "the layers were swapped");

        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(9);
        fit(stock, 12);
        org.nd4j.linalg.factory.Nd4j.getRandom().setSeed(9);
        fit(reusing, 12);

        assertFalse(stock.params().equals(NetworkFactory.build(spec(model), VALUES).params()), "training changed the weights");
        assertSameBits(stock.params(), reusing.params(), "parameters");
        assertSameBits(stock.getUpdater().getStateViewArray(), reusing.getUpdater().getStateViewArray(), "updater state");
    }

    @Test
    void aRestoredNetworkContinuesExactlyAndItsZipIsStockDl4j() throws IOException {
        MultiLayerNetwork uninterrupted = stock(ModelSpec.cnn());
        fit(uninterrupted, 10);

        MultiLayerNetwork first = NetworkFactory.build(ModelSpec.cnn(), VALUES);
        fit(first, 5);
        File zip = dir.resolve("half.zip").toFile();
        ModelSerializer.writeModel(first, zip, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(zip, true);
        for (Layer layer : restored.getLayers()) {
            assertSame(layer.getClass().getEnclosingClass() == null, true, "a saved model restores to stock DL4J layers");
        }
        ForwardReuse.install(restored);
        assertTrue(restored.getUpdater() instanceof MultiLayerUpdater);
        fit2(restored);

        assertSameBits(uninterrupted.params(), restored.params(), "parameters");
    }

    /** Steps 6-10 of {@link #fit}'s sequence. */
    private static void fit2(MultiLayerNetwork network) {
        for (int i = 5; i < 10; i++) {
            int from = (i * 32) % 256;
            network.fit((DataSet) DATA.getRange(from, from + 32));
        }
    }

    @Test
    void theVectorisedReluDerivativeGivesTheBitsOfDl4jsOwn() {
        // Exact zeros, both signs of zero, tiny and huge values, in z and in the incoming gradient.
        float[] z = {0f, -0f, 1e-38f, -1e-38f, 3.5f, -2f, 1e30f, -1e30f, 0.25f, 0f, 7f, -0.5f};
        float[] gradient = {1f, -1f, -3f, 2f, -0.125f, 5f, 0f, -0f, -7f, -2f, 1e-30f, 1e20f};
        for (int shift = 0; shift < z.length; shift++) {
            float[] g = new float[gradient.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = gradient[(i + shift) % g.length];
            }
            INDArray in = Nd4j.createFromArray(z).reshape(3, 4);
            INDArray epsilon = Nd4j.createFromArray(g).reshape(3, 4);
            float[] stock = new ActivationReLU().backprop(in.dup(), epsilon.dup()).getFirst().data().asFloat();
            float[] ours = new ForwardReuse.VectorisedRelu().backprop(in.dup(), epsilon.dup()).getFirst().data().asFloat();
            for (int i = 0; i < stock.length; i++) {
                // A masked negative gradient gives -0 (0 * -g), relu_bp +0: equal as numbers, and no sum or update
                // can tell them apart from there (the training tests above compare every bit of the parameters).
                boolean same = Float.floatToRawIntBits(stock[i]) == Float.floatToRawIntBits(ours[i])
                        || stock[i] == 0f && ours[i] == 0f;
                assertTrue(same, "shift " + shift + ", element " + i + ": " + stock[i] + " vs " + ours[i]);
            }
        }
    }

    @Test
    void theVectorisedReluIsUsedForPlainRelusOnlyAndNeverSaved() {
        MultiLayerNetwork network = NetworkFactory.build(spec("custom"), VALUES);
        int vectorised = 0;
        for (Layer layer : network.getLayers()) {
            if (!(layer.conf().getLayer() instanceof ConvolutionLayer || layer.conf().getLayer() instanceof DenseLayer)) {
                continue;
            }
            BaseLayer conf = (BaseLayer) layer.conf().getLayer();
            BaseLayer copy = ForwardReuse.VectorisedRelu.in(conf);
            if (copy != null) {
                vectorised++;
                assertTrue(conf.getActivationFn().getClass() == ActivationReLU.class, "only a plain ReLU: " + conf);
                assertTrue(copy.getActivationFn() instanceof ForwardReuse.VectorisedRelu);
                assertNotSame(conf, copy, "the network's own configuration is untouched");
            }
        }
        assertEquals(3, vectorised, "the second and third conv2d and the last dense (relu); not the tanh conv2d, "
                + "the sigmoid dense or the softmax output");
        assertNull(ForwardReuse.VectorisedRelu.in(new DenseLayer.Builder().nIn(2).nOut(2)
                .activation(new ActivationReLU(6.0, 0.0, 0.0)).build()), "a capped ReLU keeps DL4J's derivative");

        fit(network, 2);
        String configuration = network.getLayerWiseConfigurations().toJson();
        assertFalse(configuration.contains("VectorisedRelu"), configuration);
        assertTrue(configuration.contains("ActivationReLU"), configuration);
    }

    /**
     * The one difference backprop can show: where z <= 0, relu_bp drops the incoming gradient (NaN too), the step
     * times the gradient keeps a NaN. So a NaN there reaches the weight gradient only through the vectorised path.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cnn", "mlp"})
    void theSwappedLayersTakeTheirReluDerivativeThroughTheVectorisedOps(String model) {
        Layer ours = firstReluLayer(NetworkFactory.build(spec(model), VALUES));
        Layer stock = firstReluLayer(stock(spec(model)));
        assertTrue(ours.getClass().getEnclosingClass() == ForwardReuse.class);
        assertFalse(hasNaN(weightGradientWithNaNWhereMasked(stock)), "stock DL4J drops the masked NaN");
        assertTrue(hasNaN(weightGradientWithNaNWhereMasked(ours)), "the vectorised derivative carries it");
    }

    private static Layer firstReluLayer(MultiLayerNetwork network) {
        network.initGradientsView(); // as fit does first
        for (Layer layer : network.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer conf && conf.getActivationFn() instanceof ActivationReLU) {
                return layer;
            }
        }
        throw new AssertionError("no ReLU layer");
    }

    private static INDArray weightGradientWithNaNWhereMasked(Layer layer) {
        LayerWorkspaceMgr workspaces = LayerWorkspaceMgr.noWorkspaces();
        INDArray features = DATA.getFeatures().get(NDArrayIndex.interval(0, 8), NDArrayIndex.all());
        INDArray input = layer instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer
                ? features.reshape('c', 8, 1, 28, 28) : features;
        layer.setInput(input, workspaces);
        INDArray activation = layer.activate(true, workspaces).dup();
        assertTrue(activation.eq(0).castTo(DataType.FLOAT).sumNumber().doubleValue() > 0, "some units are masked");
        // 1 where the unit is active, NaN where relu masked it
        INDArray active = activation.gt(0).castTo(DataType.FLOAT);
        INDArray epsilon = active.div(active);
        INDArray gradient = layer.backpropGradient(epsilon, workspaces).getFirst().getGradientFor("W").dup();
        layer.clear();
        return gradient;
    }

    private static boolean hasNaN(INDArray a) {
        for (float f : a.dup().data().asFloat()) {
            if (Float.isNaN(f)) {
                return true;
            }
        }
        return false;
    }
}
