package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.util.NativeBackend;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained network's forward pass for inference, in Java and OpenBLAS, for the layers the plugin builds: each
 * convolution as one product of the input's patches and the weights (the product and the order of summation of
 * DL4J's own im2col path), max and average pooling, dense layers, softmax. ReLU and the identity run in Java, every
 * other activation through DL4J's own ({@link NativeActivation}). The images go through in small chunks, one thread
 * per core, each chunk from the first layer to the last while its activations are still in the cache.
 *
 * <p>Why: through DL4J and oneDNN, evaluating the 10,000 test images took 3 s on an AVX2 machine, half of it in
 * layout copies that libnd4j 1.0.0-M2.1 makes around every convolution (bench/README.md, steps 13 and 18). The
 * probabilities agree with DL4J's own path without its oneDNN helpers within a relative 1e-6, with the same
 * predicted classes ({@code InferencePassTest}). It runs what {@link NetworkCompiler} compiles; everything else, and
 * everything with {@code mnist.kernels=dl4j}, goes through DL4J.
 */
public final class InferencePass {

    /** Images a thread takes at a time: the first convolution's output of 8 images, 0.7 MB, stays in the cache. */
    static final int CHUNK = 8;

    private static final int COL_MAJOR = openblas_nolapack.CblasColMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private final List<Stage> stages;
    private final int inputs;
    private final int classes;

    private InferencePass(List<Stage> stages, int inputs) {
        this.stages = stages;
        this.inputs = inputs;
        this.classes = stages.get(stages.size() - 1).outputs();
    }

    /**
     * The pass for {@code network}, or empty where {@link NetworkCompiler} leaves it to stock DL4J, or where a
     * dense network does not end in softmax.
     */
    public static Optional<InferencePass> of(MultiLayerNetwork network, Kernels kernels) {
        NetworkCompiler.Compiled plan = NetworkCompiler.compile(network, kernels);
        return switch (plan.path()) {
            case CONV -> Optional.of(images(network, plan));
            case DENSE -> rows(network);
            case DL4J -> Optional.empty();
        };
    }

    /** A compiled convolution network's stages; dropout acts in training only. */
    private static InferencePass images(MultiLayerNetwork network, NetworkCompiler.Compiled plan) {
        List<Stage> stages = new ArrayList<>();
        Shape shape = new Shape(plan.channels(), plan.height(), plan.width());
        if (shape.channels() > 1) {
            stages.add(new Relayout(shape, true));
        }
        boolean rows = false; // whether the images have become rows (the dense stages)
        for (NetworkCompiler.Stage compiled : plan.stages()) {
            org.deeplearning4j.nn.api.Layer layer = network.getLayer(compiled.layer());
            Stage before = stages.isEmpty() ? null : stages.get(stages.size() - 1);
            if (compiled instanceof NetworkCompiler.Conv c) {
                stages.add(Convolution.of(c, layer.getParam("W"), layer.getParam("b")));
            } else if (compiled instanceof NetworkCompiler.Norm norm && rows) {
                stages.add(RowNormalization.of(norm.window().channels(), norm.eps(), layer));
            } else if (compiled instanceof NetworkCompiler.Norm norm) {
                stages.add(Normalization.of(norm, layer));
            } else if (compiled instanceof NetworkCompiler.Pool p && !p.max()) {
                stages.add(new AvgPool(p.window()));
            } else if (compiled instanceof NetworkCompiler.Pool p) {
                MaxPool pool = new MaxPool(p.window(), null, false);
                if (before instanceof Convolution conv
                        && conv.activates()
                        && NetworkCompiler.isExact(conv.activation())) {
                    // The bias and ReLU after the pooling, on a quarter of the numbers: adding a number and ReLU
                    // never change which is the largest, and float addition rounds monotonically, so the
                    // pooled numbers are the same.
                    stages.set(stages.size() - 1, conv.withoutActivation());
                    pool = pool.activating(conv.bias(), conv.relu());
                }
                stages.add(pool);
            } else if (compiled instanceof NetworkCompiler.Dense d) {
                if (!rows) {
                    stages.add(new Relayout(shape, false));
                    rows = true;
                }
                stages.add(Dense.of(
                        d.inputs(), d.units(), layer.getParam("W"), layer.getParam("b"), d.activation(), d.output()));
            }
            if (stages.get(stages.size() - 1) instanceof ImageStage image) {
                shape = image.out();
            }
        }
        return new InferencePass(stages, plan.channels() * plan.height() * plan.width());
    }

    /** A network of dense layers with compiled activations, ending in softmax; else empty. */
    private static Optional<InferencePass> rows(MultiLayerNetwork network) {
        List<Stage> stages = new ArrayList<>();
        int layers = network.getnLayers();
        for (int i = 0; i < layers; i++) {
            if (network.getLayer(i).conf().getLayer() instanceof DropoutLayer) {
                continue; // it acts in training only
            }
            if (network.getLayer(i).conf().getLayer() instanceof BatchNormalization b) {
                stages.add(
                        RowNormalization.of(stages.get(stages.size() - 1).outputs(), b.getEps(), network.getLayer(i)));
                continue;
            }
            org.deeplearning4j.nn.conf.layers.FeedForwardLayer layer =
                    (org.deeplearning4j.nn.conf.layers.FeedForwardLayer)
                            network.getLayer(i).conf().getLayer();
            boolean last = i == layers - 1;
            IActivation activation = layer.getActivationFn();
            if (last
                    ? !(activation instanceof ActivationSoftmax)
                    : NetworkCompiler.activationProblem(activation) != null) {
                return Optional.empty();
            }
            stages.add(Dense.of(
                    Math.toIntExact(layer.getNIn()),
                    Math.toIntExact(layer.getNOut()),
                    network.getLayer(i).getParam("W"),
                    network.getLayer(i).getParam("b"),
                    activation,
                    last));
        }
        return Optional.of(new InferencePass(stages, stages.get(0).inputs()));
    }

    /**
     * The class probabilities of every example of {@code features} ({@code [n, inputs]}), as {@code [n, classes]},
     * on {@code threads} threads.
     */
    public INDArray output(INDArray features, int threads) {
        if (features.rank() != 2 || features.size(1) != inputs) {
            throw new IllegalArgumentException(
                    "the network takes " + inputs + " numbers per example, not " + Arrays.toString(features.shape()));
        }
        int n = Math.toIntExact(features.size(0));
        float[] images = features.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] probabilities = output(images, n, threads);
        return Nd4j.create(probabilities, new long[] {n, classes}, 'c');
    }

    /** As above, on row-major arrays. */
    float[] output(float[] images, int n, int threads) {
        float[] result = new float[n * classes];
        int chunks = (n + CHUNK - 1) / CHUNK;
        int workers = Math.max(1, Math.min(threads, chunks));
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            NativeBackend.threadsOnThisThread(1);
            try (Scratch scratch = new Scratch()) {
                for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                    int from = c * CHUNK;
                    int count = Math.min(CHUNK, n - from);
                    float[] in = scratch.first(count * inputs);
                    System.arraycopy(images, from * inputs, in, 0, count * inputs);
                    for (Stage stage : stages) {
                        float[] out = scratch.next(count * stage.outputs());
                        stage.apply(in, out, count, scratch);
                        in = out;
                    }
                    System.arraycopy(in, 0, result, from * classes, count * classes);
                }
            }
        };
        // One OpenBLAS thread per worker: each chunk's products are too small to share (bench/README.md, step 12).
        boolean pinned = NativeBackend.pinnedThreadsHere() != null;
        if (!pinned) {
            NativeBackend.singleThreadedBegin();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers - 1), r -> {
            Thread t = new Thread(r, "mnist-inference");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 1; w < workers; w++) {
                running.add(pool.submit(work));
            }
            work.run();
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            if (pinned) {
                NativeBackend.threadsOnThisThread(NativeBackend.pinnedThreadsHere());
            } else {
                NativeBackend.singleThreadedEnd();
            }
        }
        return result;
    }

    /** Channels, height and width of one example's activations while they are images. */
    record Shape(int channels, int height, int width) {
        static Shape over(ConvKernels.Window window) {
            return new Shape(window.channels(), window.height(), window.width());
        }

        int size() {
            return channels * height * width;
        }
    }

    /**
     * One layer's work on a chunk of {@code n} examples. Images lie channel by channel, each channel's plane of
     * every example of the chunk one after another ({@code [channels, n, height, width]}: the layout a convolution's
     * product writes); rows lie example by example ({@code [n, width]}).
     */
    private interface Stage {
        int inputs();

        int outputs();

        void apply(float[] in, float[] out, int n, Scratch scratch);
    }

    /** A stage from images to images: {@code in} and {@code out} give its sizes. */
    private interface ImageStage extends Stage {
        Shape in();

        Shape out();

        @Override
        default int inputs() {
            return in().size();
        }

        @Override
        default int outputs() {
            return out().size();
        }
    }

    /**
     * A convolution, valid or same, as DL4J's im2col path: patches times weights, then the bias and the activation,
     * unless it leaves them to the pooling after it ({@code activates} false).
     */
    private record Convolution(
            ConvKernels.Window window,
            int filters,
            FloatPointer weights,
            float[] bias,
            IActivation activation,
            boolean activates)
            implements ImageStage {

        static Convolution of(NetworkCompiler.Conv conv, INDArray w, INDArray b) {
            // DL4J's weights [filters, channels, kh, kw] in row-major order are the product's column-major
            // [channels * kh * kw, filters] operand, as its im2col path reads them.
            float[] weights = Nd4j.toFlattened('c', w).toFloatVector();
            return new Convolution(
                    conv.window(),
                    conv.filters(),
                    new FloatPointer(weights),
                    b.toFloatVector(),
                    conv.activation(),
                    true);
        }

        boolean relu() {
            return NetworkCompiler.isPlainRelu(activation);
        }

        /** The same convolution leaving its bias and activation to the pooling after it. */
        Convolution withoutActivation() {
            return new Convolution(window, filters, weights, bias, activation, false);
        }

        @Override
        public Shape in() {
            return Shape.over(window);
        }

        @Override
        public Shape out() {
            return new Shape(filters, window.outHeight(), window.outWidth());
        }

        @Override
        public void apply(float[] input, float[] output, int n, Scratch scratch) {
            int positions = window.positions(n);
            int patch = window.patch();
            float[] patches = scratch.patches(patch * positions);
            ConvKernels.patches(input, window, n, patches);
            FloatPointer a = scratch.nativeA((long) patch * positions);
            a.put(patches, 0, patch * positions);
            FloatPointer z = scratch.nativeB((long) positions * filters);
            // z[positions, filters], column-major: each filter's plane of every example, one after another.
            openblas_nolapack.cblas_sgemm(
                    COL_MAJOR, NO_TRANS, NO_TRANS, positions, filters, patch, 1f, a, positions, weights, patch, 0f, z,
                    positions);
            z.get(output, 0, positions * filters);
            for (int f = 0; activates && f < filters; f++) {
                ConvKernels.biasAndActivation(output, f * positions, (f + 1) * positions, bias[f], relu());
            }
            if (activates && !NetworkCompiler.isExact(activation)) {
                scratch.activation.forward(activation, output, positions * filters);
            }
        }
    }

    /**
     * Batch normalization with the global mean and variance, as DL4J's inference computes it per channel:
     * {@code (x - mean) / sqrt(var + eps) * gamma + beta}, {@code var} being {@code (10^log10stdev)^2}.
     */
    private record Normalization(ConvKernels.Window window, float[] mean, float[] std, float[] gamma, float[] beta)
            implements ImageStage {

        static Normalization of(NetworkCompiler.Norm norm, org.deeplearning4j.nn.api.Layer layer) {
            return new Normalization(
                    norm.window(),
                    layer.getParam("mean").toFloatVector(),
                    deviations(layer, norm.eps()),
                    layer.getParam("gamma").toFloatVector(),
                    layer.getParam("beta").toFloatVector());
        }

        /** {@code sqrt(var + eps)} per feature, {@code var} being {@code (10^log10stdev)^2}, as DL4J's inference. */
        static float[] deviations(org.deeplearning4j.nn.api.Layer layer, double eps) {
            float[] log10std = layer.getParam("log10stdev").toFloatVector();
            float[] std = new float[log10std.length];
            for (int c = 0; c < std.length; c++) {
                float deviation = (float) Math.pow(10, log10std[c]);
                std[c] = (float) Math.sqrt(deviation * deviation + (float) eps);
            }
            return std;
        }

        @Override
        public Shape in() {
            return Shape.over(window);
        }

        @Override
        public Shape out() {
            return in();
        }

        @Override
        public void apply(float[] input, float[] output, int n, Scratch scratch) {
            int perChannel = n * window.height() * window.width();
            for (int c = 0; c < mean.length; c++) {
                ConvKernels.normalize(
                        input, null, output, c * perChannel, (c + 1) * perChannel, mean[c], std[c], gamma[c], beta[c]);
            }
        }
    }

    /** Batch normalization of rows ({@code [n, units]}) per unit, with the global statistics, as {@link Normalization}. */
    private record RowNormalization(int units, float[] mean, float[] std, float[] gamma, float[] beta)
            implements Stage {

        static RowNormalization of(int units, double eps, org.deeplearning4j.nn.api.Layer layer) {
            return new RowNormalization(
                    units,
                    layer.getParam("mean").toFloatVector(),
                    Normalization.deviations(layer, eps),
                    layer.getParam("gamma").toFloatVector(),
                    layer.getParam("beta").toFloatVector());
        }

        @Override
        public int inputs() {
            return units;
        }

        @Override
        public int outputs() {
            return units;
        }

        @Override
        public void apply(float[] input, float[] output, int n, Scratch scratch) {
            for (int e = 0; e < n; e++) {
                for (int u = 0; u < units; u++) {
                    int i = e * units + u;
                    output[i] = (input[i] - mean[u]) / std[u] * gamma[u] + beta[u];
                }
            }
        }
    }

    /** A pooling: its window over the channels of the stage before it. */
    private interface Pooling extends ImageStage {
        ConvKernels.Window window();

        @Override
        default Shape in() {
            return Shape.over(window());
        }

        @Override
        default Shape out() {
            return new Shape(window().channels(), window().outHeight(), window().outWidth());
        }
    }

    /** Average pooling without padding: each window's mean, as DL4J's. */
    private record AvgPool(ConvKernels.Window window) implements Pooling {

        @Override
        public void apply(float[] input, float[] output, int n, Scratch scratch) {
            ConvKernels.avgPool(input, window, window.channels() * n, output);
        }
    }

    /**
     * Max pooling without padding, each window's largest number (compared as libnd4j's kernel compares), then the
     * bias and activation of the convolution before it when that left them to the pooling ({@code bias} not null).
     */
    private record MaxPool(ConvKernels.Window window, float[] bias, boolean relu) implements Pooling {

        MaxPool activating(float[] bias, boolean relu) {
            return new MaxPool(window, bias, relu);
        }

        @Override
        public void apply(float[] input, float[] output, int n, Scratch scratch) {
            int planes = window.channels() * n;
            if (window.kh() == 2 && window.kw() == 2 && window.sh() == 2 && window.sw() == 2 && bias != null) {
                ConvKernels.maxPoolPairs(input, window, planes, output);
            } else {
                ConvKernels.maxPool(input, window, planes, output, null);
            }
            int outPlane = window.outHeight() * window.outWidth();
            for (int p = 0; bias != null && p < planes; p++) {
                ConvKernels.biasAndActivation(output, p * outPlane, (p + 1) * outPlane, bias[p / n], relu);
            }
        }
    }

    /**
     * Between rows (each example's channel planes in turn, as DL4J's preprocessors lay them) and the images' layout
     * (each channel's planes of every example): {@code toImages} one way, else the other.
     */
    private record Relayout(Shape in, boolean toImages) implements Stage {

        @Override
        public int inputs() {
            return in.size();
        }

        @Override
        public int outputs() {
            return in.size();
        }

        @Override
        public void apply(float[] input, float[] output, int n, Scratch scratch) {
            int plane = in.height() * in.width();
            if (toImages) {
                ConvKernels.fromRows(FloatBuffer.wrap(input), in.channels(), plane, n, output);
            } else {
                ConvKernels.toRows(input, in.channels(), plane, n, FloatBuffer.wrap(output));
            }
        }
    }

    /** A dense or output layer: the product, then the bias, then its activation or (last) softmax. */
    private record Dense(
            int inputs, int units, FloatPointer weights, float[] bias, IActivation activation, boolean softmax)
            implements Stage {

        static Dense of(int inputs, int units, INDArray w, INDArray b, IActivation activation, boolean softmax) {
            // DL4J keeps dense weights column-major [inputs, units].
            return new Dense(
                    inputs,
                    units,
                    new FloatPointer(Nd4j.toFlattened('f', w).toFloatVector()),
                    b.toFloatVector(),
                    activation,
                    softmax);
        }

        @Override
        public int outputs() {
            return units;
        }

        @Override
        public void apply(float[] input, float[] output, int n, Scratch scratch) {
            FloatPointer a = scratch.nativeA((long) n * inputs);
            a.put(input, 0, n * inputs);
            FloatPointer z = scratch.nativeB((long) n * units);
            // out[n, units] row-major is the column-major [units, n] = wᵀ · inᵀ.
            openblas_nolapack.cblas_sgemm(
                    COL_MAJOR, TRANS, NO_TRANS, units, n, inputs, 1f, weights, inputs, a, inputs, 0f, z, units);
            z.get(output, 0, n * units);
            boolean relu = !softmax && NetworkCompiler.isPlainRelu(activation);
            for (int e = 0; e < n; e++) {
                int row = e * units;
                for (int u = 0; u < units; u++) {
                    float x = output[row + u] + bias[u];
                    output[row + u] = relu ? (x > 0f ? x : 0f) : x;
                }
                if (softmax) {
                    softmax(output, row, units);
                }
            }
            if (!softmax && !NetworkCompiler.isExact(activation)) {
                scratch.activation.forward(activation, output, n * units);
            }
        }

        private static void softmax(float[] values, int from, int count) {
            float max = values[from];
            for (int i = 1; i < count; i++) {
                max = Math.max(max, values[from + i]);
            }
            float sum = 0f;
            for (int i = 0; i < count; i++) {
                float e = (float) Math.exp(values[from + i] - max);
                values[from + i] = e;
                sum += e;
            }
            for (int i = 0; i < count; i++) {
                values[from + i] /= sum;
            }
        }
    }

    /** One worker's arrays, grown to the largest chunk's needs and reused from chunk to chunk. */
    private static final class Scratch implements AutoCloseable {
        private final float[][] pingPong = new float[2][];
        private int turn;
        private float[] patches = new float[0];
        private FloatPointer a = new FloatPointer(1L);
        private FloatPointer b = new FloatPointer(1L);
        final NativeActivation activation = new NativeActivation();

        float[] first(int length) {
            turn = 0;
            return grown(0, length);
        }

        float[] next(int length) {
            turn ^= 1;
            return grown(turn, length);
        }

        private float[] grown(int i, int length) {
            if (pingPong[i] == null || pingPong[i].length < length) {
                pingPong[i] = new float[length];
            }
            return pingPong[i];
        }

        float[] patches(int length) {
            if (patches.length < length) {
                patches = new float[length];
            }
            return patches;
        }

        FloatPointer nativeA(long length) {
            if (a.capacity() < length) {
                a.close();
                a = new FloatPointer(length);
            }
            return a;
        }

        FloatPointer nativeB(long length) {
            if (b.capacity() < length) {
                b.close();
                b = new FloatPointer(length);
            }
            return b;
        }

        @Override
        public void close() {
            a.close();
            b.close();
        }
    }
}
