package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.util.NativeBackend;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.MultiLayerUpdater;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertEquals(stock.params(), reusing.params());
        assertEquals(stock.getUpdater().getStateViewArray(), reusing.getUpdater().getStateViewArray());
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

        assertEquals(uninterrupted.params(), restored.params());
    }

    /** Steps 6-10 of {@link #fit}'s sequence. */
    private static void fit2(MultiLayerNetwork network) {
        for (int i = 5; i < 10; i++) {
            int from = (i * 32) % 256;
            network.fit((DataSet) DATA.getRange(from, from + 32));
        }
    }
}
