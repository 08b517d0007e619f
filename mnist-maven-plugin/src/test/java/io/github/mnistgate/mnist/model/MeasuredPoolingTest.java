package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.util.NativeBackend;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static io.github.mnistgate.mnist.util.SameBits.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Max pooling on libnd4j's kernel or on oneDNN's computes the same numbers, so the choice never changes a model. */
class MeasuredPoolingTest {

    private static final DataSet DATA = IdxFiles.learnable(256, 3).toDataSet(256);

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.prepare();
    }

    @AfterEach
    void measureAgain() {
        System.clearProperty(MeasuredPooling.PROPERTY);
    }

    private static MultiLayerNetwork trained(String kernel, ModelSpec spec) {
        System.setProperty(MeasuredPooling.PROPERTY, kernel);
        MultiLayerNetwork network = NetworkFactory.build(spec, new HyperParameterValues(Optimizer.ADAM, 1e-3, 5));
        for (int i = 0; i < 8; i++) {
            int from = (i * 32) % 256;
            network.fit((DataSet) DATA.getRange(from, from + 32));
        }
        return network;
    }

    @Test
    void theCnnTrainsToTheSameBitsOnEitherKernel() {
        MultiLayerNetwork onOneDnn = trained("onednn", ModelSpec.cnn());
        MultiLayerNetwork onLibnd4j = trained("libnd4j", ModelSpec.cnn());
        assertSameBits(onOneDnn.params(), onLibnd4j.params(), "parameters after 8 steps");
        MultiLayerNetwork measured = trained("measure", ModelSpec.cnn());
        assertSameBits(onOneDnn.params(), measured.params(), "whatever the measurement chose");
        assertFalse(MeasuredPooling.choices().isEmpty(), "the measured choices are recorded");
        assertTrue(MeasuredPooling.choices().keySet().stream().anyMatch(k -> k.startsWith("forward [32, 32, 26, 26]")),
                MeasuredPooling.choices().toString());
    }

    @Test
    void overlappingWindowsAndOddSizesAgreeToo() {
        // Pooling 3x3 with stride 2 over a same-padded 28x28 convolution: overlapping windows, a partial one dropped.
        ModelSpec spec = ModelSpec.resolve("custom", List.of(
                LayerSpec.of(LayerType.CONV2D, "filters", "4", "kernel", "3", "padding", "same"),
                LayerSpec.of(LayerType.MAXPOOL, "size", "3", "stride", "2"),
                LayerSpec.of(LayerType.CONV2D, "filters", "4", "kernel", "3"),
                LayerSpec.of(LayerType.MAXPOOL, "size", "2"),
                LayerSpec.of(LayerType.DENSE, "units", "16")));
        INDArray onOneDnn = trained("onednn", spec).params();
        // Overlapping windows add several gradients onto one input: the kernels add them in their own orders
        // (on AVX-512; on AVX2 oneDNN's reference code happens to add as libnd4j does), so the backward pass of
        // such a layer is not measured but stays on oneDNN: the same model every time.
        assertSameBits(onOneDnn, trained("measure", spec).params(), "measured, the overlapping layer's backward pass fixed");
        double difference = onOneDnn.sub(trained("libnd4j", spec).params()).amaxNumber().doubleValue();
        assertTrue(difference < 1e-4, "libnd4j's kernel agrees up to rounding: " + difference);
    }

    @Test
    void everyMaxPoolingLayerIsSwappedAndTheConfigurationStaysStock() {
        MultiLayerNetwork network = NetworkFactory.build(ModelSpec.cnn(), new HyperParameterValues(Optimizer.ADAM, 1e-3, 5));
        int pools = 0;
        for (Layer layer : network.getLayers()) {
            if (layer instanceof org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer) {
                assertEquals(MeasuredPooling.Pool.class, layer.getClass());
                pools++;
            }
        }
        assertEquals(2, pools);
        assertFalse(network.getLayerWiseConfigurations().toJson().contains("MeasuredPooling"));
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 784);
        MultiLayerNetwork stock = new MultiLayerNetwork(network.getLayerWiseConfigurations().clone());
        stock.init(network.params().dup(), false);
        assertSameBits(stock.output(x), network.output(x), "inference");

        System.setProperty(MeasuredPooling.PROPERTY, "stock");
        MultiLayerNetwork kept = NetworkFactory.build(ModelSpec.cnn(), new HyperParameterValues(Optimizer.ADAM, 1e-3, 5));
        for (Layer layer : kept.getLayers()) {
            assertFalse(layer instanceof MeasuredPooling.Pool, "-Dmnist.pooling=stock keeps DL4J's own layers");
        }
    }
}
