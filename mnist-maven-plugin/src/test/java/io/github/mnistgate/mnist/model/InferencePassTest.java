package io.github.mnistgate.mnist.model;

import static io.github.mnistgate.mnist.util.SameBits.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.runtime.ImageShape;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class InferencePassTest {

    private static final DataSet DATA = IdxFiles.learnable(256, 11).toDataSet(256);
    private static final HyperParameterValues VALUES = new HyperParameterValues(Optimizer.ADAM, 1e-3, 3);
    /** Not a multiple of the chunk: the last chunk is a short one. */
    private static final int EXAMPLES = 2 * InferencePass.CHUNK + 13;

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.prepare();
    }

    /** A model name, with {@code -rgb} for three channels of the same images. */
    private static ModelSpec spec(String name) {
        if (name.endsWith("-rgb")) {
            return spec(name.substring(0, name.length() - 4)).forData(new ImageShape(3, 28, 28), 10);
        }
        return switch (name) {
            case "cnn" -> ModelSpec.cnn();
            case "mlp" -> ModelSpec.mlp();
            // same padding: even and uneven zeros, strides 1, 2 and 3
            case "same" -> TestNetworks.samePadding();
            // average pooling, max pooling after elu, DL4J's own activations in every layer kind
            case "kinds" -> TestNetworks.otherKinds();
            // batch normalization after a convolution, after pooling and before the dense layers
            case "bn" -> TestNetworks.batchNormalized();
            // dense layers with batch normalization after each hidden one
            case "mlp-bn" -> TestNetworks.denseBatchNormalized();
            // dense layers with dropout between them and DL4J's own activations
            case "mlp-dropout" ->
                ModelSpec.resolve(
                        "custom",
                        List.of(
                                LayerSpec.of(LayerType.DENSE, "units", "32", "activation", "tanh"),
                                LayerSpec.of(LayerType.DROPOUT, "rate", "0.2"),
                                LayerSpec.of(LayerType.DENSE, "units", "16", "activation", "softplus"),
                                LayerSpec.of(LayerType.DROPOUT, "rate", "0.2")));
            // strided 5x5 patches, overlapping 3x3 windows, an identity layer and dropout between dense layers
            default ->
                ModelSpec.resolve(
                        "custom",
                        List.of(
                                LayerSpec.of(LayerType.CONV2D, "filters", "8", "kernel", "5", "stride", "2"),
                                LayerSpec.of(LayerType.MAXPOOL, "size", "3", "stride", "2"),
                                LayerSpec.of(LayerType.CONV2D, "filters", "6", "kernel", "2", "activation", "identity"),
                                LayerSpec.of(LayerType.DENSE, "units", "16"),
                                LayerSpec.of(LayerType.DROPOUT, "rate", "0.3"),
                                LayerSpec.of(LayerType.DENSE, "units", "12", "activation", "identity")));
        };
    }

    /** The network after a few steps of training, so its weights are not only the initial ones. */
    private static MultiLayerNetwork trained(ModelSpec spec) {
        MultiLayerNetwork network = NetworkFactory.build(spec, VALUES);
        DataSet data = data(spec);
        for (int from = 0; from < 128; from += 32) {
            network.fit((DataSet) data.getRange(from, from + 32));
        }
        return network;
    }

    /**
     * The same parameters in DL4J's own layers without their oneDNN helpers: the im2col path. The helpers are taken off
     * each layer of the copy, not switched off by DL4J's JVM-wide property, so that tests may run side by side.
     */
    private static MultiLayerNetwork withoutHelpers(MultiLayerNetwork network) {
        MultiLayerNetwork stock =
                new MultiLayerNetwork(network.getLayerWiseConfigurations().clone());
        stock.init(network.params().dup(), false);
        try {
            for (org.deeplearning4j.nn.api.Layer layer : stock.getLayers()) {
                for (Class<?> c = layer.getClass(); c != Object.class; c = c.getSuperclass()) {
                    for (Field field : c.getDeclaredFields()) {
                        if (LayerHelper.class.isAssignableFrom(field.getType())
                                && !Modifier.isStatic(field.getModifiers())) {
                            field.setAccessible(true);
                            field.set(layer, null);
                        }
                    }
                }
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError("DL4J's layers changed: their helpers cannot be taken off", e);
        }
        return stock;
    }

    private static INDArray features(ModelSpec spec) {
        return ((DataSet) data(spec).getRange(128, 128 + EXAMPLES)).getFeatures();
    }

    private static INDArray features() {
        return features(ModelSpec.cnn());
    }

    /** The images in as many channels as the model takes: grey, its square and its complement for three. */
    private static DataSet data(ModelSpec spec) {
        if (spec.input().channels() == 1) {
            return DATA;
        }
        INDArray x = DATA.getFeatures();
        return new DataSet(Nd4j.hstack(x, x.mul(x), x.rsub(1.0)).castTo(x.dataType()), DATA.getLabels());
    }

    /**
     * The probabilities may differ from DL4J's in their last bits (softmax's exponentials here are Java's, not
     * libnd4j's); the predicted classes must be the same.
     */
    private static void assertSameUpToSoftmaxRounding(INDArray expected, INDArray actual, String message) {
        assertEquals(expected.argMax(1), actual.argMax(1), message + ": the same predicted classes");
        double largest = Transforms.abs(expected.sub(actual))
                .div(expected.add(1e-30))
                .maxNumber()
                .doubleValue();
        assertTrue(largest < 1e-6, message + ": largest relative difference of a probability " + largest);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "cnn",
                "mlp",
                "custom",
                "cnn-rgb",
                "custom-rgb",
                "same",
                "same-rgb",
                "kinds",
                "kinds-rgb",
                "bn",
                "bn-rgb",
                "mlp-bn",
                "mlp-dropout"
            })
    void givesDl4jsOwnNumbersOnAnyNumberOfThreads(String model) {
        ModelSpec spec = spec(model);
        MultiLayerNetwork network = trained(spec);
        MultiLayerNetwork stock = withoutHelpers(network);
        for (var layer : stock.getLayers()) {
            if (layer instanceof ConvolutionLayer conv) {
                assertNull(conv.getHelper(), "the reference runs DL4J's im2col path, not oneDNN");
            }
        }
        InferencePass pass = InferencePass.of(network, Kernels.AUTO).orElseThrow();
        INDArray expected = stock.output(features(spec), false);
        for (var layer : stock.getLayers()) {
            if (layer instanceof ConvolutionLayer conv) {
                assertNull(conv.getHelper(), "no helper came back while DL4J computed the reference");
            }
        }

        INDArray one = pass.output(features(spec), 1);
        assertSameUpToSoftmaxRounding(expected, one, "one thread");
        assertSameBits(one, pass.output(features(spec), 3), "three threads, chunks shared out");
    }

    @Test
    void agreesWithOneDnnUpToRounding() {
        MultiLayerNetwork network = trained(spec("cnn"));
        INDArray oneDnn = network.output(features(), false);
        INDArray ours = InferencePass.of(network, Kernels.AUTO).orElseThrow().output(features(), 2);
        double difference = oneDnn.sub(ours).amaxNumber().doubleValue();
        assertTrue(difference < 1e-5, "largest difference of a probability: " + difference);
        assertEquals(oneDnn.argMax(1), ours.argMax(1), "the same predicted classes");
    }

    @Test
    void leavesToDl4jWhatTheCompilerDoesNotTake() {
        assertTrue(
                of(NetworkFactory.build(
                                ModelSpec.resolve(
                                        "custom",
                                        List.of(LayerSpec.of(LayerType.CONV2D, "filters", "4", "activation", "rrelu"))),
                                VALUES))
                        .isEmpty(),
                "rrelu");
        assertTrue(
                of(NetworkFactory.build(
                                ModelSpec.resolve(
                                        "custom",
                                        List.of(
                                                LayerSpec.of(LayerType.DENSE, "units", "8"),
                                                LayerSpec.of(LayerType.DROPOUT, "rate", "0.2"),
                                                LayerSpec.of(LayerType.BATCHNORM))),
                                VALUES))
                        .isEmpty(),
                "batch normalization after dropout");
        MultiLayerNetwork cnn = NetworkFactory.build(ModelSpec.cnn(), VALUES);
        assertNotNull(InferencePass.of(cnn, Kernels.AUTO).orElse(null));
        assertTrue(InferencePass.of(cnn, Kernels.DL4J).isEmpty(), "mnist.kernels=dl4j");
    }

    private static java.util.Optional<InferencePass> of(MultiLayerNetwork network) {
        return InferencePass.of(network, Kernels.AUTO);
    }
}
