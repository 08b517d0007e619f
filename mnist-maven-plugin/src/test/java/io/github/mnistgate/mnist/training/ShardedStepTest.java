package io.github.mnistgate.mnist.training;

import static io.github.mnistgate.mnist.util.SameBits.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.LayerSpec;
import io.github.mnistgate.mnist.model.LayerType;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.NetworkCompiler;
import io.github.mnistgate.mnist.model.NetworkFactory;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.NativeBackend;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** A minibatch split across threads takes the step the whole minibatch would, and the same one on every run. */
class ShardedStepTest {

    private static final DataSet DATA = IdxFiles.learnable(512, 11).toDataSet(512);
    private static final HyperParameterValues SGD = new HyperParameterValues(Optimizer.SGD, 0.1, 3);

    private int threadsBefore;

    @BeforeEach
    void twoThreads() {
        NativeBackend.prepare();
        threadsBefore = NativeBackend.threadsInUse();
        NativeBackend.threads(2);
    }

    @AfterEach
    void restoreThreads() {
        NativeBackend.restoreThreads(threadsBefore);
    }

    private static ModelSpec withDropout() {
        return ModelSpec.resolve(
                "custom",
                List.of(
                        LayerSpec.of(LayerType.CONV2D, "filters", "6", "kernel", "3", "activation", "tanh"),
                        LayerSpec.of(LayerType.CONV2D, "filters", "6", "kernel", "3"),
                        LayerSpec.of(LayerType.DROPOUT, "rate", "0.3"),
                        LayerSpec.of(LayerType.MAXPOOL, "size", "2"),
                        LayerSpec.of(LayerType.DENSE, "units", "16")));
    }

    private static INDArray gradientOfWhole(ModelSpec spec, HyperParameterValues hp, int[] rows) {
        MultiLayerNetwork network = NetworkFactory.build(spec, hp);
        network.setInput(Nd4j.pullRows(DATA.getFeatures(), 1, rows));
        network.setLabels(Nd4j.pullRows(DATA.getLabels(), 1, rows));
        network.computeGradientAndScore();
        return network.gradient().gradient().dup();
    }

    @Test
    void aMinibatchIsSplitIntoOneShardPerThreadOfAtLeastSixteenExamples() {
        MultiLayerNetwork mlp = NetworkFactory.build(ModelSpec.mlp(), SGD);
        assertEquals(2, plan(mlp, 2, 64).shards());
        assertEquals(4, plan(mlp, 4, 64).shards());
        assertEquals(2, plan(mlp, 4, 40).shards(), "no shard under 16 examples");
        assertEquals(1, plan(mlp, 2, 31).shards());
        assertEquals(1, plan(mlp, 1, 64).shards());
        assertEquals(1, plan(mlp, 0, 64).shards(), "threads never set: ND4J's own way");

        MultiLayerNetwork batchNorm = NetworkFactory.build(
                ModelSpec.resolve(
                        "custom",
                        List.of(LayerSpec.of(LayerType.DENSE, "units", "16"), LayerSpec.of(LayerType.BATCHNORM))),
                SGD);
        assertEquals(1, plan(batchNorm, 2, 64).shards(), "batch statistics must see the whole minibatch");
    }

    private static ShardPlan plan(MultiLayerNetwork network, int threads, int batchSize) {
        return ShardPlan.of(network, threads, batchSize, NetworkCompiler.Compiled.fallback("mnist.kernels=dl4j"));
    }

    @ParameterizedTest(name = "{0}, {1} threads, {2}")
    @CsvSource({
        "cnn, 2, sgd",
        "cnn, 2, adam",
        "cnn, 2, rmsprop",
        "cnn, 2, nesterovs",
        "cnn, 2, adagrad",
        "cnn, 2, adadelta",
        "mlp, 2, sgd",
        "mlp, 4, sgd"
    })
    void aShardedStepIsTheStepOfTheWholeMinibatch(String preset, int threads, String optimizer) {
        NativeBackend.threads(threads);
        ModelSpec spec = preset.equals("cnn") ? ModelSpec.cnn() : ModelSpec.mlp();
        HyperParameterValues hp = new HyperParameterValues(Optimizer.fromId(optimizer), SGD.learningRate(), SGD.seed());
        MultiLayerNetwork sharded = NetworkFactory.build(spec, hp);
        MultiLayerNetwork whole = NetworkFactory.build(spec, hp);
        INDArray initial = whole.params().dup();
        assertEquals(initial, sharded.params());
        int[] rows = IntStream.range(0, 64).map(i -> (i * 37 + 5) % 512).toArray();

        double loss;
        try (ShardedStep step = new ShardedStep(sharded, 64)) {
            assertEquals(threads, step.shards());
            loss = step.fit(DATA.getFeatures(), DATA.getLabels(), rows);
        }
        whole.fit(new DataSet(Nd4j.pullRows(DATA.getFeatures(), 1, rows), Nd4j.pullRows(DATA.getLabels(), 1, rows)));

        double step = maxAbs(whole.params().sub(initial));
        assertTrue(step > 1e-4, "the step moved the parameters: " + step);
        // Where the whole minibatch's gradient nearly cancels out (a millionth of the largest), Adam's first step
        // divides rounding noise by its epsilon: any other order of summation moves such a parameter differently.
        INDArray gradient = gradientOfWhole(spec, hp, rows);
        INDArray settled = Transforms.abs(gradient).gt(1e-6 * maxAbs(gradient)).castTo(DataType.FLOAT);
        double moved = Transforms.abs(gradient)
                .gt(0)
                .castTo(DataType.FLOAT)
                .sumNumber()
                .doubleValue();
        assertTrue(settled.sumNumber().doubleValue() > 0.95 * moved, "few of the parameters with a gradient left out");
        double difference = maxAbs(sharded.params().sub(whole.params()).mul(settled));
        assertTrue(
                difference < 1e-3 * step, "sharded and whole steps differ by " + difference + " (step " + step + ")");
        assertEquals(whole.score(), loss, 1e-5 * Math.abs(whole.score()), "the loss is the whole minibatch's mean");
        assertEquals(1, sharded.getIterationCount(), "one iteration counted, as fit counts it");
    }

    @Test
    void theThreadsAreSharedOutBetweenTheShards() {
        MultiLayerNetwork mlp = NetworkFactory.build(ModelSpec.mlp(), SGD);
        NativeBackend.threads(4);
        try (ShardedStep step = new ShardedStep(mlp, 32)) {
            assertEquals(2, step.shards(), "two shards of 16 examples");
            assertEquals(2, step.threadsPerShard(), "the other two threads work inside the shards");
        }
        assertEquals(4, NativeBackend.threadsInUse(), "ND4J gets its thread count back");
        try (ShardedStep step = new ShardedStep(mlp, 64)) {
            assertEquals(4, step.shards());
            assertEquals(1, step.threadsPerShard());
        }
        assertEquals(
                "trained by stock DL4J: mnist.kernels=dl4j, each minibatch split into 2 shards trained in parallel"
                        + " (2 thread(s) each)",
                plan(mlp, 4, 32).describe());
        assertEquals(
                "trained by stock DL4J: mnist.kernels=dl4j",
                plan(mlp, 1, 64).describe(),
                "nothing to say about one shard");
    }

    @Test
    void trainingWithShardsIsReproducibleAndLeavesNoThreadsBehind() {
        TrainingSettings settings = new TrainingSettings(2, 64, 0, new HyperParameterValues(Optimizer.ADAM, 1e-3, 9));
        INDArray first = train(settings);
        INDArray second = train(settings);
        assertSameBits(first, second, "the same shards give the same model, bit for bit");
        assertNotEquals(
                NetworkFactory.build(withDropout(), settings.hyperParameters()).params(), first, "it trained");

        assertFalse(
                Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().startsWith("mnist-shard")),
                "shard threads end with training");
        assertEquals(2, NativeBackend.threadsInUse(), "ND4J gets its thread count back");
    }

    private static INDArray train(TrainingSettings settings) {
        MultiLayerNetwork network = NetworkFactory.build(withDropout(), settings.hyperParameters());
        return new Trainer(BuildLog.silent(), "t")
                .train(network, DATA, settings)
                .network()
                .params()
                .dup();
    }

    private static double maxAbs(INDArray a) {
        return a.amaxNumber().doubleValue();
    }
}
