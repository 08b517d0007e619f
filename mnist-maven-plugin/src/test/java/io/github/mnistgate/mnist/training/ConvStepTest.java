package io.github.mnistgate.mnist.training;

import static io.github.mnistgate.mnist.util.SameBits.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.github.mnistgate.mnist.model.TestNetworks;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.runtime.ImageShape;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The convolution step takes the steps DL4J's own {@code fit} takes, up to float rounding, and only where it may. */
class ConvStepTest {

    private static final DataSet DATA = IdxFiles.learnable(512, 13).toDataSet(512);

    @BeforeAll
    static void prepare() {
        NativeBackend.prepare();
    }

    /** Strided 5x5 patches, overlapping 3x3 windows, a convolution without ReLU and without pooling after it. */
    private static ModelSpec custom() {
        return ModelSpec.resolve(
                "custom",
                List.of(
                        LayerSpec.of(LayerType.CONV2D, "filters", "6", "kernel", "5", "stride", "2"),
                        LayerSpec.of(LayerType.MAXPOOL, "size", "3", "stride", "2"),
                        LayerSpec.of(LayerType.CONV2D, "filters", "5", "kernel", "2", "activation", "identity"),
                        LayerSpec.of(LayerType.CONV2D, "filters", "4", "kernel", "2"),
                        LayerSpec.of(LayerType.DENSE, "units", "12"),
                        LayerSpec.of(LayerType.DENSE, "units", "10", "activation", "identity")));
    }

    /**
     * Keras's mnist_cnn with its dropout rates at 0: the dropout stages in place, among the images and the rows, and
     * nothing dropped, so the step must be fit's.
     */
    private static ModelSpec withDropoutStages() {
        return ModelSpec.resolve(
                "custom",
                List.of(
                        LayerSpec.of(LayerType.CONV2D, "filters", "8", "kernel", "3"),
                        LayerSpec.of(LayerType.CONV2D, "filters", "8", "kernel", "3"),
                        LayerSpec.of(LayerType.MAXPOOL, "size", "2"),
                        LayerSpec.of(LayerType.DROPOUT, "rate", "0"),
                        LayerSpec.of(LayerType.DENSE, "units", "16"),
                        LayerSpec.of(LayerType.DROPOUT, "rate", "0")));
    }

    /** One activation in every layer: a strided convolution, average pooling, a convolution, max pooling, a dense layer. */
    private static ModelSpec activation(String name) {
        return ModelSpec.resolve(
                "custom",
                List.of(
                        LayerSpec.of(
                                LayerType.CONV2D, "filters", "4", "kernel", "3", "stride", "2", "activation", name),
                        LayerSpec.of(LayerType.AVGPOOL, "size", "2"),
                        LayerSpec.of(LayerType.CONV2D, "filters", "4", "kernel", "3", "activation", name),
                        LayerSpec.of(LayerType.MAXPOOL, "size", "2"),
                        LayerSpec.of(LayerType.DENSE, "units", "8", "activation", name)));
    }

    /** The same images in three channels: the grey values, their squares and their complements. */
    static final DataSet RGB = colour(DATA);

    static DataSet colour(DataSet grey) {
        INDArray x = grey.getFeatures();
        INDArray rgb = Nd4j.hstack(x, x.mul(x), x.rsub(1.0)).castTo(x.dataType());
        return new DataSet(rgb, grey.getLabels());
    }

    static ModelSpec spec(String preset, int channels) {
        ModelSpec spec = switch (preset) {
            case "cnn" -> ModelSpec.cnn();
            case "dropout0" -> withDropoutStages();
            case "same" -> TestNetworks.samePadding();
            case "kinds" -> TestNetworks.otherKinds();
            case "bn" -> TestNetworks.batchNormalized();
            case "custom" -> custom();
            default -> activation(preset);
        };
        return spec.forData(new ImageShape(channels, 28, 28), 10);
    }

    /** Class weights far from 1, so that a step that ignored them would miss fit's. */
    static final double[] CLASS_WEIGHTS = {0.2, 1, 3, 1, 0.5, 8, 1, 1, 2, 1};

    @ParameterizedTest(name = "{0}, {1}, {2} shard(s), {3} channel(s)")
    @CsvSource({
        "cnn, sgd, 1, 1",
        "cnn, sgd, 2, 1",
        "cnn, nesterovs, 2, 1",
        "custom, sgd, 2, 1",
        "custom, sgd, 3, 1",
        "cnn, adam, 2, 1",
        "custom, adam, 1, 1",
        "cnn, rmsprop, 2, 1",
        "cnn, sgd, 2, 3",
        "custom, sgd, 2, 3",
        "cnn, adam, 2, 3",
        "dropout0, sgd, 2, 1",
        "dropout0, adam, 2, 3",
        "same, sgd, 2, 1",
        "same, adam, 2, 3",
        "kinds, sgd, 2, 1",
        "kinds, adam, 2, 3",
        "kinds, rmsprop, 1, 3",
        "bn, sgd, 1, 1",
        "bn, sgd, 2, 1",
        "bn, nesterovs, 3, 1",
        "bn, adam, 2, 3",
        "cnn-weighted, sgd, 2, 1",
        "cnn-weighted, adam, 1, 3"
    })
    void theConvolutionStepTakesTheStepsFitTakes(String preset, String optimizer, int shards, int channels) {
        // -weighted: the output's cross-entropy with class weights (mnist.classWeights)
        double[] weights = preset.endsWith("-weighted") ? CLASS_WEIGHTS : null;
        ModelSpec spec = spec(preset.replace("-weighted", ""), channels);
        DataSet data = channels == 1 ? DATA : RGB;
        // Adaptive optimizers divide by the gradient's size: where a gradient nearly cancels out, another order of
        // summation moves that parameter by up to the learning rate, and the paths drift apart a little from step
        // to step. So for them the loss is held to 1e-3, and all but a few parameters to 1% of the distance moved.
        // Over 12 steps a ReLU near 0 may flip on rounding and the paths part a little: with three channels too.
        boolean adaptive = (!optimizer.equals("sgd") && !optimizer.equals("nesterovs")) || channels > 1;
        HyperParameterValues hp = new HyperParameterValues(Optimizer.fromId(optimizer), 0.01, 5);
        MultiLayerNetwork ours = NetworkFactory.build(spec, hp, weights);
        MultiLayerNetwork stock = NetworkFactory.build(spec, hp, weights);
        assertEquals(
                NetworkCompiler.Path.CONV,
                NetworkCompiler.compile(ours, Kernels.AUTO).path());
        INDArray initial = stock.params().dup();
        try (ConvStep step = step(ours, shards)) {
            for (int s = 0; s < 12; s++) {
                int size = s == 11 ? 13 : 40; // the last minibatch of an epoch is short
                int first = s * 40;
                int[] rows =
                        IntStream.range(0, size).map(i -> (first + i * 7) % 512).toArray();
                double loss = step.fit(data.getFeatures(), data.getLabels(), rows);
                stock.fit(new DataSet(
                        Nd4j.pullRows(data.getFeatures(), 1, rows), Nd4j.pullRows(data.getLabels(), 1, rows)));
                assertEquals(
                        stock.score(),
                        loss,
                        (adaptive ? 1e-3 : 1e-4) * Math.abs(stock.score()),
                        "the loss of step " + s);
            }
        }
        double moved = maxAbs(stock.params().sub(initial));
        assertTrue(moved > 1e-3, "training moved the parameters: " + moved);
        float[] differences = Transforms.abs(ours.params().sub(stock.params())).toFloatVector();
        Arrays.sort(differences);
        double bound = (adaptive ? 1e-2 : 1e-3) * moved;
        double checked =
                adaptive ? differences[(int) (0.995 * differences.length)] : differences[differences.length - 1];
        assertTrue(checked < bound, "ours and fit differ by " + checked + " (moved " + moved + ")");
        assertEquals(stock.getIterationCount(), ours.getIterationCount());
    }

    /** One plain SGD step of 40 examples: every layer's parameters move as fit moves them, up to float rounding. */
    @ParameterizedTest(name = "{0}, {1} channel(s), {2} shard(s)")
    @CsvSource({
        "cnn, 1, 1",
        "cnn, 3, 1",
        "cnn, 3, 2",
        "custom, 1, 2",
        "custom, 3, 1",
        "dropout0, 3, 2",
        "same, 1, 1",
        "same, 3, 2",
        "kinds, 1, 2",
        "kinds, 3, 1",
        "bn, 1, 1",
        "bn, 3, 2"
    })
    void oneStepMovesEveryLayerAsFitDoes(String preset, int channels, int shards) {
        ModelSpec spec = spec(preset, channels);
        DataSet data = channels == 1 ? DATA : RGB;
        HyperParameterValues hp = new HyperParameterValues(Optimizer.SGD, 0.01, 5);
        MultiLayerNetwork ours = NetworkFactory.build(spec, hp);
        MultiLayerNetwork stock = NetworkFactory.build(spec, hp);
        INDArray initial = ours.params().dup();
        int[] rows = IntStream.range(0, 40).map(i -> (i * 11 + 3) % 512).toArray();
        try (ConvStep step = step(ours, shards)) {
            step.fit(data.getFeatures(), data.getLabels(), rows);
        }
        stock.fit(new DataSet(Nd4j.pullRows(data.getFeatures(), 1, rows), Nd4j.pullRows(data.getLabels(), 1, rows)));
        INDArray oursMoved = ours.params().sub(initial).reshape(-1);
        INDArray stockMoved = stock.params().sub(initial).reshape(-1);
        long offset = 0;
        for (int i = 0; i < ours.getnLayers(); i++) {
            long n = ours.getLayer(i).numParams();
            if (n == 0) {
                continue;
            }
            INDArray a = oursMoved.get(NDArrayIndex.interval(offset, offset + n));
            INDArray b = stockMoved.get(NDArrayIndex.interval(offset, offset + n));
            double largest = maxAbs(b);
            // thresholdedrelu passes nothing below 1 back, so only the output layer must move; where fit moves
            // nothing, ours must move nothing
            assertTrue(
                    largest > 0 || (preset.equals("thresholdedrelu") && i < ours.getnLayers() - 1),
                    "layer " + i + " moved");
            double difference = maxAbs(a.sub(b));
            assertTrue(
                    difference <= 1e-4 * largest,
                    "layer " + i + ": ours and fit differ by " + difference + " where fit moved up to " + largest);
            offset += n;
        }
    }

    /**
     * Every activation that {@code <layers>} accepts and the compiler takes, in convolutions and dense layers: one
     * step as fit's, layer by layer, and the probabilities of the compiled inference pass as DL4J's.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "cube",
        "elu",
        "gelu",
        "hardsigmoid",
        "hardtanh",
        "identity",
        "leakyrelu",
        "mish",
        "rationaltanh",
        "rectifiedtanh",
        "relu",
        "relu6",
        "selu",
        "sigmoid",
        "softplus",
        "softsign",
        "swish",
        "tanh",
        "thresholdedrelu"
    })
    void everyActivationStepsAsFitDoes(String activation) {
        oneStepMovesEveryLayerAsFitDoes(activation, 3, 2);
    }

    @Test
    void theSameSeedGivesTheSameModelToTheBitAndTheThreadsComeBack() throws InterruptedException {
        int before = NativeBackend.threadsInUse();
        INDArray first = train(DATA.getFeatures(), DATA.getLabels());
        assertSameBits(first, train(DATA.getFeatures(), DATA.getLabels()), "two runs");
        // A validation split's rows, or features laid out column by column, are gathered by ND4J's pullRows.
        assertSameBits(
                first, train(DATA.getFeatures().dup('f'), DATA.getLabels().dup('f')), "features not flat");
        assertEquals(before, NativeBackend.threadsInUse());
        // A pool's thread may still be on its way out a moment after the pool terminated: give each one 5 s.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("mnist-shard-")) {
                t.join(5_000);
            }
        }
        assertFalse(
                Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().startsWith("mnist-shard-") && t.isAlive()),
                "no shard thread left behind");
    }

    private static INDArray train(INDArray features, INDArray labels) {
        MultiLayerNetwork network =
                NetworkFactory.build(ModelSpec.cnn(), new HyperParameterValues(Optimizer.ADAM, 1e-3, 9));
        try (ConvStep step = step(network, 2)) {
            for (int s = 0; s < 4; s++) {
                int first = s * 32;
                step.fit(features, labels, IntStream.range(first, first + 32).toArray());
            }
        }
        return network.params().dup();
    }

    @Test
    void dropoutDrawsItsMasksFromTheSeedAndChangesTheStep() {
        ModelSpec keras = ModelSpec.resolve(
                "custom",
                List.of(
                        LayerSpec.of(LayerType.CONV2D, "filters", "8", "kernel", "3"),
                        LayerSpec.of(LayerType.MAXPOOL, "size", "2"),
                        LayerSpec.of(LayerType.DROPOUT, "rate", "0.25"),
                        LayerSpec.of(LayerType.DENSE, "units", "16"),
                        LayerSpec.of(LayerType.DROPOUT, "rate", "0.5")));
        INDArray first = trainWithSeed(keras, 3);
        assertSameBits(first, trainWithSeed(keras, 3), "the same seed draws the same masks");
        assertFalse(first.equals(trainWithSeed(keras, 4)), "another seed draws other masks");
        ModelSpec none = ModelSpec.resolve(
                "custom",
                List.of(
                        keras.layers().get(0),
                        keras.layers().get(1),
                        LayerSpec.of(LayerType.DROPOUT, "rate", "0"),
                        keras.layers().get(3),
                        LayerSpec.of(LayerType.DROPOUT, "rate", "0")));
        assertFalse(first.equals(trainWithSeed(none, 3)), "dropout changes the step");
    }

    private static INDArray trainWithSeed(ModelSpec spec, long epochSeed) {
        MultiLayerNetwork network = NetworkFactory.build(spec, new HyperParameterValues(Optimizer.SGD, 0.05, 9));
        try (ConvStep step = step(network, 2)) {
            step.seed(epochSeed);
            for (int s = 0; s < 4; s++) {
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
    void aDropoutMaskKeepsItsShareScaledByItsInverse() {
        float[] mask = new float[200_000];
        HostStep.fillMask(0.75, mask, new java.util.SplittableRandom(1));
        int kept = 0;
        for (float m : mask) {
            assertTrue(m == 0f || m == (float) (1 / 0.75), "0 or 1/keep: " + m);
            kept += m == 0f ? 0 : 1;
        }
        // Binomial: the standard deviation of the kept share is 0.001 here; 5 of them.
        assertEquals(0.75, kept / (double) mask.length, 0.005);
        float[] again = new float[mask.length];
        HostStep.fillMask(0.75, again, new java.util.SplittableRandom(1));
        assertTrue(Arrays.equals(mask, again), "the same generator state, the same mask");
    }

    static ConvStep step(MultiLayerNetwork network, int shards) {
        return new ConvStep(network, NetworkCompiler.compile(network, Kernels.AUTO), shards);
    }

    private static double maxAbs(INDArray a) {
        return a.amaxNumber().doubleValue();
    }
}
