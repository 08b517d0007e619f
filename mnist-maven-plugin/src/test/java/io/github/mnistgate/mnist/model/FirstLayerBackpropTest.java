package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.util.NativeBackend;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static io.github.mnistgate.mnist.util.SameBits.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FirstLayerBackpropTest {

    private static final DataSet DATA = IdxFiles.learnable(256, 5).toDataSet(256);
    private static final HyperParameterValues VALUES = new HyperParameterValues(Optimizer.ADAM, 1e-3, 5);

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.prepare();
    }

    @AfterEach
    void restore() {
        System.clearProperty(FirstLayerBackprop.PROPERTY);
    }

    static ModelSpec spec(String name) {
        return switch (name) {
            case "cnn" -> ModelSpec.cnn();
            // a strided 5x5 first layer with a tanh, whose output is copied for backprop rather than kept
            default -> ModelSpec.resolve("custom", List.of(
                    LayerSpec.of(LayerType.CONV2D, "filters", "8", "kernel", "5", "stride", "2", "activation", "tanh"),
                    LayerSpec.of(LayerType.CONV2D, "filters", "6", "kernel", "3"),
                    LayerSpec.of(LayerType.DENSE, "units", "16")));
        };
    }

    private static MultiLayerNetwork stock(ModelSpec spec) {
        MultiLayerNetwork network = new MultiLayerNetwork(NetworkFactory.configure(spec, VALUES));
        network.init();
        return network;
    }

    private static boolean weightsOnly(MultiLayerNetwork network) {
        return ForwardReuse.firstLayerWeightsOnly(network);
    }

    private static INDArray gradient(MultiLayerNetwork network, int from) {
        DataSet batch = (DataSet) DATA.getRange(from, from + 32);
        network.setInput(batch.getFeatures());
        network.setLabels(batch.getLabels());
        network.computeGradientAndScore();
        return network.gradient().gradient().dup();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cnn", "strided"})
    void theFirstLayersGradientsEqualConv2dBpsUpToRoundingAndTheOthersToTheBit(String model) {
        MultiLayerNetwork stock = stock(spec(model));
        MultiLayerNetwork ours = NetworkFactory.build(spec(model), VALUES);
        assertTrue(weightsOnly(ours), "the first layer skips the input gradient");
        assertSameBits(stock.params(), ours.params(), "the same initial parameters");

        INDArray expected = gradient(stock, 0);
        INDArray actual = gradient(ours, 0);

        long first = stock.getLayer(0).numParams();
        INDArray firstExpected = expected.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, first));
        INDArray firstActual = actual.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, first));
        double scale = firstExpected.amaxNumber().doubleValue();
        assertTrue(scale > 0, "the first layer has a gradient");
        double error = firstExpected.sub(firstActual).amaxNumber().doubleValue();
        assertTrue(error <= 1e-5 * scale, "first layer's gradients differ by " + error + " at a scale of " + scale);
        long n = expected.length();
        assertSameBits(expected.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(first, n)),
                actual.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(first, n)), "the other layers' gradients");
    }

    @Test
    void trainingIsReproducibleAndStaysWithinRoundingOfStock() {
        MultiLayerNetwork stock = stock(ModelSpec.cnn());
        MultiLayerNetwork once = NetworkFactory.build(ModelSpec.cnn(), VALUES);
        MultiLayerNetwork again = NetworkFactory.build(ModelSpec.cnn(), VALUES);
        INDArray start = stock.params().dup();
        for (MultiLayerNetwork network : List.of(stock, once, again)) {
            for (int i = 0; i < 12; i++) {
                int from = (i * 32) % 256;
                network.fit((DataSet) DATA.getRange(from, from + 32));
            }
        }
        assertSameBits(once.params(), again.params(), "the same run twice");
        double moved = stock.params().sub(start).amaxNumber().doubleValue();
        double apart = stock.params().sub(once.params()).amaxNumber().doubleValue();
        assertTrue(moved > 1e-3, "training moved the parameters: " + moved);
        // Adam divides by the gradient's own scale, so rounding in a near-zero gradient moves a parameter visibly.
        assertTrue(apart <= 1e-2 * moved, "parameters " + apart + " apart after moving " + moved);
    }

    @Test
    void notUsedWithPaddingOrWhenSwitchedOff() {
        MultiLayerNetwork padded = NetworkFactory.build(ModelSpec.resolve("custom", List.of(
                LayerSpec.of(LayerType.CONV2D, "filters", "4", "kernel", "3", "padding", "same"),
                LayerSpec.of(LayerType.DENSE, "units", "8"))), VALUES);
        assertFalse(weightsOnly(padded), "same mode pads the input");
        assertFalse(weightsOnly(NetworkFactory.build(ModelSpec.resolve("custom", List.of(
                LayerSpec.of(LayerType.CONV2D, "filters", "4", "kernel", "9"))), VALUES)), "81 numbers per patch");
        System.setProperty(FirstLayerBackprop.PROPERTY, "false");
        assertFalse(weightsOnly(NetworkFactory.build(ModelSpec.cnn(), VALUES)), "-Dmnist.firstLayerWeightsOnly=false");
    }
}
