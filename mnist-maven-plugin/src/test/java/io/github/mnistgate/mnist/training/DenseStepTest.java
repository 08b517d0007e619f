package io.github.mnistgate.mnist.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.model.LayerSpec;
import io.github.mnistgate.mnist.model.LayerType;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.NetworkCompiler;
import io.github.mnistgate.mnist.model.NetworkFactory;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.util.NativeBackend;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The dense step takes the steps DL4J's own {@code fit} takes, up to float rounding, and only where it may. */
class DenseStepTest {

    private static final DataSet DATA = IdxFiles.learnable(512, 11).toDataSet(512);

    @BeforeAll
    static void prepare() {
        NativeBackend.prepare();
    }

    private static ModelSpec tanhAndRelu() {
        return ModelSpec.resolve(
                "custom",
                List.of(
                        LayerSpec.of(LayerType.DENSE, "units", "24", "activation", "tanh"),
                        LayerSpec.of(LayerType.DENSE, "units", "16")));
    }

    /** Keras's mlp with dropout layers between its dense layers, at {@code rate}. */
    private static ModelSpec withDropout(String rate) {
        return ModelSpec.resolve(
                "custom",
                List.of(
                        LayerSpec.of(LayerType.DENSE, "units", "24", "activation", "tanh"),
                        LayerSpec.of(LayerType.DROPOUT, "rate", rate),
                        LayerSpec.of(LayerType.DENSE, "units", "16", "activation", "elu"),
                        LayerSpec.of(LayerType.DROPOUT, "rate", rate),
                        LayerSpec.of(LayerType.DROPOUT, "rate", rate)));
    }

    @ParameterizedTest(name = "{0}, {1}, {2} shard(s)")
    @CsvSource({
        "mlp, adam, 1",
        "mlp, adam, 2",
        "mlp, sgd, 2",
        "custom, adam, 3",
        "mlp, rmsprop, 2",
        "mlp, nesterovs, 1",
        "mlp, nesterovs, 2",
        "mlp, adagrad, 2",
        "mlp, adadelta, 2",
        "dropout0, adam, 2",
        "dropout0, sgd, 1",
        "bn, sgd, 1",
        "bn, sgd, 2",
        "bn, nesterovs, 3",
        "bn, adam, 2",
        "mlp-weighted, sgd, 2",
        "mlp-weighted, adam, 1"
    })
    void theDenseStepTakesTheStepsFitTakes(String preset, String optimizer, int shards) {
        // -weighted: the output's cross-entropy with class weights (mnist.classWeights)
        double[] weights = preset.endsWith("-weighted") ? ConvStepTest.CLASS_WEIGHTS : null;
        // dropout0: the dropout layers in place and nothing dropped, so the steps must be fit's
        ModelSpec spec = switch (preset) {
            case "mlp", "mlp-weighted" -> ModelSpec.mlp();
            case "dropout0" -> withDropout("0");
            case "bn" -> io.github.mnistgate.mnist.model.TestNetworks.denseBatchNormalized();
            default -> tanhAndRelu();
        };
        HyperParameterValues hp = new HyperParameterValues(Optimizer.fromId(optimizer), 0.01, 5);
        assertStepsAsFit(() -> NetworkFactory.build(spec, hp, weights), shards, DATA.getFeatures());
    }

    @Test
    void anotherLossAndFeaturesInColumnOrderTakeDl4jsOwnCodeOnTheSameArrays() {
        // Sigmoid with squared error is DL4J's loss function on the step's arrays; features laid out column by
        // column are gathered by ND4J's pullRows rather than read in place.
        assertStepsAsFit(
                () -> twoLayers(
                        new NeuralNetConfiguration.Builder()
                                .seed(3)
                                .updater(new org.nd4j.linalg.learning.config.Adam(0.01)),
                        20,
                        LossFunctions.LossFunction.MSE,
                        Activation.SIGMOID),
                2,
                DATA.getFeatures().dup('f'));
    }

    @Test
    void everyPresetOptimizerIsUpdatedInJavaAndOtherUpdatersByDl4j() {
        for (Optimizer optimizer : Optimizer.values()) {
            assertTrue(
                    HostUpdater.of(NetworkFactory.build(ModelSpec.mlp(), new HyperParameterValues(optimizer, 1e-3, 1)))
                            .isPresent(),
                    optimizer.id());
        }
        assertFalse(
                HostUpdater.of(stockDense(new NeuralNetConfiguration.Builder()
                                .updater(new org.nd4j.linalg.learning.config.AdaMax(1e-3))))
                        .isPresent(),
                "AdaMax");
        assertTrue(
                HostUpdater.of(stockDense(new NeuralNetConfiguration.Builder())).isPresent(), "DL4J's default, SGD");
        assertFalse(
                HostUpdater.of(stockDense(new NeuralNetConfiguration.Builder().l2(1e-4)))
                        .isPresent(),
                "regularization is applied by DL4J's updater");
        assertFalse(
                HostUpdater.of(stockDense(new NeuralNetConfiguration.Builder()
                                .gradientNormalization(
                                        org.deeplearning4j.nn.conf.GradientNormalization.ClipL2PerLayer)))
                        .isPresent(),
                "so is gradient normalization");
    }

    /**
     * 12 steps of 40, the last one short (the last minibatch of an epoch), with Adam's moments carried along: the
     * loss of every step, the parameters, the iteration count and the updater's state are {@code fit}'s.
     */
    private static void assertStepsAsFit(
            java.util.function.Supplier<MultiLayerNetwork> build, int shards, INDArray features) {
        MultiLayerNetwork dense = build.get();
        MultiLayerNetwork stock = build.get();
        INDArray initial = stock.params().dup();
        assertEquals(initial, dense.params());
        try (DenseStep step = new DenseStep(dense, NetworkCompiler.compile(dense, Kernels.AUTO), shards)) {
            for (int s = 0; s < 12; s++) {
                int size = s == 11 ? 13 : 40;
                int first = s * 40;
                int[] rows =
                        IntStream.range(0, size).map(i -> (first + i * 7) % 512).toArray();
                double loss = step.fit(features, DATA.getLabels(), rows);
                stock.fit(new DataSet(
                        Nd4j.pullRows(DATA.getFeatures(), 1, rows), Nd4j.pullRows(DATA.getLabels(), 1, rows)));
                assertEquals(stock.score(), loss, 1e-4 * Math.abs(stock.score()), "the loss of step " + s);
            }
        }
        double moved = maxAbs(stock.params().sub(initial));
        assertTrue(moved > 1e-3, "training moved the parameters: " + moved);
        double difference = maxAbs(dense.params().sub(stock.params()));
        assertTrue(difference < 1e-3 * moved, "dense and fit differ by " + difference + " (moved " + moved + ")");
        assertEquals(stock.getIterationCount(), dense.getIterationCount());
        INDArray state = stock.getUpdater().getStateViewArray(); // none for plain SGD
        if (state != null) {
            assertTrue(
                    maxAbs(dense.getUpdater().getStateViewArray().sub(state)) < 1e-3 * maxAbs(state),
                    "the updater's state, which a checkpoint keeps, is fit's");
        }
    }

    @Test
    void theSameSeedGivesTheSameModelToTheBitAndTheThreadsComeBack() {
        int before = NativeBackend.threadsInUse();
        assertEquals(trainDense(), trainDense());
        assertEquals(before, NativeBackend.threadsInUse());
        assertFalse(
                Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().startsWith("mnist-shard-")),
                "no shard thread left behind");
    }

    @Test
    void dropoutDrawsItsMasksFromTheSeedAndChangesTheStep() {
        INDArray first = trainDense(withDropout("0.5"), 3);
        assertEquals(first, trainDense(withDropout("0.5"), 3), "the same seed draws the same masks");
        assertNotEquals(first, trainDense(withDropout("0.5"), 4), "another seed draws other masks");
        assertNotEquals(first, trainDense(withDropout("0"), 3), "dropout changes the step");
    }

    private static INDArray trainDense() {
        return trainDense(ModelSpec.mlp(), 0);
    }

    private static INDArray trainDense(ModelSpec spec, long epochSeed) {
        MultiLayerNetwork network = NetworkFactory.build(spec, new HyperParameterValues(Optimizer.ADAM, 1e-3, 9));
        try (DenseStep step = new DenseStep(network, NetworkCompiler.compile(network, Kernels.AUTO), 2)) {
            step.seed(epochSeed);
            for (int s = 0; s < 5; s++) {
                int first = s * 32;
                step.fit(
                        DATA.getFeatures(),
                        DATA.getLabels(),
                        IntStream.range(first, first + 32).toArray());
            }
        }
        return network.params().dup();
    }

    @Test
    void onlyNetworksOfPlainDenseLayersTakeIt() {
        HyperParameterValues hp = new HyperParameterValues(Optimizer.ADAM, 1e-3, 1);
        assertEquals(NetworkCompiler.Path.DENSE, path(NetworkFactory.build(ModelSpec.mlp(), hp)));
        assertEquals(NetworkCompiler.Path.DENSE, path(NetworkFactory.build(tanhAndRelu(), hp)));
        assertEquals(
                NetworkCompiler.Path.DL4J,
                path(stockDense(new NeuralNetConfiguration.Builder().l2(1e-4))),
                "L2 adds to the score");
        assertEquals(
                NetworkCompiler.Path.DL4J,
                path(stockDense(new NeuralNetConfiguration.Builder().dropOut(0.8))),
                "dropout on the layer itself");
        assertEquals(NetworkCompiler.Path.DENSE, path(stockDense(new NeuralNetConfiguration.Builder())));
    }

    private static NetworkCompiler.Path path(MultiLayerNetwork network) {
        return NetworkCompiler.compile(network, Kernels.AUTO).path();
    }

    private static MultiLayerNetwork stockDense(NeuralNetConfiguration.Builder builder) {
        return twoLayers(builder.seed(1), 8, LossFunctions.LossFunction.MCXENT, Activation.SOFTMAX);
    }

    /** A ReLU layer of {@code hidden} units over the 784 pixels, then 10 outputs with this loss and activation. */
    private static MultiLayerNetwork twoLayers(
            NeuralNetConfiguration.Builder builder, int hidden, LossFunctions.LossFunction loss, Activation output) {
        MultiLayerNetwork network = new MultiLayerNetwork(builder.list()
                .layer(new DenseLayer.Builder()
                        .nIn(784)
                        .nOut(hidden)
                        .activation(Activation.RELU)
                        .build())
                .layer(new OutputLayer.Builder(loss)
                        .nIn(hidden)
                        .nOut(10)
                        .activation(output)
                        .build())
                .build());
        network.init();
        return network;
    }

    private static double maxAbs(INDArray a) {
        return a.amaxNumber().doubleValue();
    }
}
