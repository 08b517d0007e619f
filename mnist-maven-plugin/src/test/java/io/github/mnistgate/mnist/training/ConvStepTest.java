package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.LayerSpec;
import io.github.mnistgate.mnist.model.LayerType;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.NetworkFactory;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.util.NativeBackend;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static io.github.mnistgate.mnist.util.SameBits.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The convolution step takes the steps DL4J's own {@code fit} takes, up to float rounding, and only where it may. */
class ConvStepTest {

    private static final DataSet DATA = IdxFiles.learnable(512, 13).toDataSet(512);

    @BeforeAll
    static void prepare() {
        NativeBackend.prepare();
    }

    /** Strided 5x5 patches, overlapping 3x3 windows, a convolution without ReLU and without pooling after it. */
    private static ModelSpec custom() {
        return ModelSpec.resolve("custom", List.of(
                LayerSpec.of(LayerType.CONV2D, "filters", "6", "kernel", "5", "stride", "2"),
                LayerSpec.of(LayerType.MAXPOOL, "size", "3", "stride", "2"),
                LayerSpec.of(LayerType.CONV2D, "filters", "5", "kernel", "2", "activation", "identity"),
                LayerSpec.of(LayerType.CONV2D, "filters", "4", "kernel", "2"),
                LayerSpec.of(LayerType.DENSE, "units", "12"),
                LayerSpec.of(LayerType.DENSE, "units", "10", "activation", "identity")));
    }

    @ParameterizedTest(name = "{0}, {1}, {2} shard(s)")
    @CsvSource({"cnn, sgd, 1", "cnn, sgd, 2", "cnn, nesterovs, 2", "custom, sgd, 2", "custom, sgd, 3", "cnn, adam, 2",
            "custom, adam, 1", "cnn, rmsprop, 2"})
    void theConvolutionStepTakesTheStepsFitTakes(String preset, String optimizer, int shards) {
        ModelSpec spec = preset.equals("cnn") ? ModelSpec.cnn() : custom();
        // Adaptive optimizers divide by the gradient's size: where a gradient nearly cancels out, another order of
        // summation moves that parameter by up to the learning rate, and the paths drift apart a little from step
        // to step. So for them the loss is held to 1e-3, and all but a few parameters to 1% of the distance moved.
        boolean adaptive = !optimizer.equals("sgd") && !optimizer.equals("nesterovs");
        HyperParameterValues hp = new HyperParameterValues(Optimizer.fromId(optimizer), 0.01, 5);
        MultiLayerNetwork ours = NetworkFactory.build(spec, hp);
        MultiLayerNetwork stock = NetworkFactory.build(spec, hp);
        assertTrue(ConvStep.supports(ours));
        INDArray initial = stock.params().dup();
        try (ConvStep step = new ConvStep(ours, shards)) {
            for (int s = 0; s < 12; s++) {
                int size = s == 11 ? 13 : 40; // the last minibatch of an epoch is short
                int first = s * 40;
                int[] rows = IntStream.range(0, size).map(i -> (first + i * 7) % 512).toArray();
                double loss = step.fit(DATA.getFeatures(), DATA.getLabels(), rows);
                stock.fit(new DataSet(Nd4j.pullRows(DATA.getFeatures(), 1, rows), Nd4j.pullRows(DATA.getLabels(), 1, rows)));
                assertEquals(stock.score(), loss, (adaptive ? 1e-3 : 1e-4) * Math.abs(stock.score()), "the loss of step " + s);
            }
        }
        double moved = maxAbs(stock.params().sub(initial));
        assertTrue(moved > 1e-3, "training moved the parameters: " + moved);
        float[] differences = Transforms.abs(ours.params().sub(stock.params())).toFloatVector();
        Arrays.sort(differences);
        double bound = (adaptive ? 1e-2 : 1e-3) * moved;
        double checked = adaptive ? differences[(int) (0.995 * differences.length)] : differences[differences.length - 1];
        assertTrue(checked < bound, "ours and fit differ by " + checked + " (moved " + moved + ")");
        assertEquals(stock.getIterationCount(), ours.getIterationCount());
    }

    @Test
    void theSameSeedGivesTheSameModelToTheBitAndTheThreadsComeBack() {
        int before = NativeBackend.threadsInUse();
        INDArray first = train(DATA.getFeatures(), DATA.getLabels());
        assertSameBits(first, train(DATA.getFeatures(), DATA.getLabels()), "two runs");
        // A validation split's rows, or features laid out column by column, are gathered by ND4J's pullRows.
        assertSameBits(first, train(DATA.getFeatures().dup('f'), DATA.getLabels().dup('f')), "features not flat");
        assertEquals(before, NativeBackend.threadsInUse());
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("mnist-shard-")
                && t.isAlive()), "no shard thread left behind");
    }

    private static INDArray train(INDArray features, INDArray labels) {
        MultiLayerNetwork network = NetworkFactory.build(ModelSpec.cnn(), new HyperParameterValues(Optimizer.ADAM, 1e-3, 9));
        try (ConvStep step = new ConvStep(network, 2)) {
            for (int s = 0; s < 4; s++) {
                int first = s * 32;
                step.fit(features, labels, IntStream.range(first, first + 32).toArray());
            }
        }
        return network.params().dup();
    }

    @Test
    void takesOnlyWhatItComputesAsFitDoes() {
        HyperParameterValues hp = new HyperParameterValues(Optimizer.ADAM, 1e-3, 1);
        assertTrue(ConvStep.supports(NetworkFactory.build(ModelSpec.cnn(), hp)));
        assertTrue(ShardPlan.forThisThread(NetworkFactory.build(ModelSpec.cnn(), hp), 64).own());
        assertFalse(ConvStep.supports(NetworkFactory.build(ModelSpec.mlp(), hp)), "no convolution: the dense step's");
        for (List<LayerSpec> layers : List.of(
                List.of(LayerSpec.of(LayerType.CONV2D, "filters", "4", "activation", "tanh")),
                List.of(LayerSpec.of(LayerType.CONV2D, "filters", "4", "padding", "same")),
                List.of(LayerSpec.of(LayerType.CONV2D, "filters", "4"), LayerSpec.of(LayerType.AVGPOOL)),
                List.of(LayerSpec.of(LayerType.CONV2D, "filters", "4"), LayerSpec.of(LayerType.DROPOUT, "rate", "0.2")),
                List.of(LayerSpec.of(LayerType.CONV2D, "filters", "4"), LayerSpec.of(LayerType.BATCHNORM)))) {
            assertFalse(ConvStep.supports(NetworkFactory.build(ModelSpec.resolve("custom", layers), hp)), layers.toString());
        }
        System.setProperty(ConvStep.PROPERTY, "false");
        try {
            assertFalse(ConvStep.supports(NetworkFactory.build(ModelSpec.cnn(), hp)), "-Dmnist.convStep=false");
            assertFalse(ShardPlan.forThisThread(NetworkFactory.build(ModelSpec.cnn(), hp), 64).own());
        } finally {
            System.clearProperty(ConvStep.PROPERTY);
        }
    }

    private static double maxAbs(INDArray a) {
        return a.amaxNumber().doubleValue();
    }
}
