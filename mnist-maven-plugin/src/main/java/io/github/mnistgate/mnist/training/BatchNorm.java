package io.github.mnistgate.mnist.training;

import java.nio.FloatBuffer;
import java.util.function.ToIntFunction;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalization in training, as DL4J 1.0.0-M2.1 computes it (bench/README.md, steps 22 and 23): each feature
 * (an image channel, or a dense layer's unit) normalized by the whole minibatch's mean and biased variance, {@code eps}
 * added only under the square root; gamma's and beta's gradients summed like any other. The global mean and
 * {@code log10stdev} are parameters that DL4J's no-op updater moves by their "gradients", in full and without dividing
 * by the minibatch: {@code (globalMean - mean) * (1 - decay)} and
 * {@code 0.5 * log10(globalVar / (decay * globalVar + (1 - decay) * variance))}, with {@code globalVar =
 * (10^log10stdev)^2}; so a step moves them to their running averages. Each shard sums its own examples; the shards
 * meet to add their sums ({@link Meeting}), forward at {@code slot} and backward at {@code slot + 1}.
 */
final class BatchNorm {

    private BatchNorm() {}

    /** Where one batch normalization's parameters lie in the flat parameters (and gradients), and its settings. */
    record Layer(int features, int gammaAt, int betaAt, int meanAt, int log10stdAt, float eps, float decay, int slot) {

        /** DL4J's layer {@code instance} of {@code network}, normalizing {@code features} features. */
        static Layer of(MultiLayerNetwork network, int instance, int features, int slot) {
            org.deeplearning4j.nn.api.Layer layer = network.getLayer(instance);
            BatchNormalization conf = (BatchNormalization) layer.conf().getLayer();
            ToIntFunction<String> at = name -> Math.toIntExact(
                    layer.getParam(name).offset() - network.params().offset());
            return new Layer(
                    features,
                    at.applyAsInt("gamma"),
                    at.applyAsInt("beta"),
                    at.applyAsInt("mean"),
                    at.applyAsInt("log10stdev"),
                    (float) conf.getEps(),
                    (float) conf.getDecay(),
                    slot);
        }
    }

    /**
     * One dense layer's batch normalization in one shard, for minibatches of {@code n} rows: its output, and what the
     * backward pass reads of the forward one.
     */
    static final class Rows {
        final Layer layer;
        /** What the layer hands the next one. */
        final HostArray out;

        private final float[] normalized;
        private final float[] std;
        private double count;

        Rows(Layer layer, int n) {
            this.layer = layer;
            this.out = new HostArray(Nd4j.create(DataType.FLOAT, n, layer.features()));
            this.normalized = new float[n * layer.features()];
            this.std = new float[layer.features()];
        }

        void forward(HostArray in, int n, FloatBuffer params, FloatBuffer gradients, boolean first, Meeting meeting) {
            count = forwardRows(layer, in.floats, out.floats, normalized, std, n, params, gradients, first, meeting);
        }

        /** In place on {@code gradient}, the gradient at {@link #out}. */
        void backward(HostArray gradient, int n, FloatBuffer params, FloatBuffer gradients, Meeting meeting) {
            backwardRows(layer, gradient.floats, normalized, std, count, n, params, gradients, meeting);
        }
    }

    /** Where the shards of a step add up their sums: every shard's {@code mine} for {@code slot}, in shard order. */
    interface Meeting {
        double[] total(int slot, double[] mine);
    }

    /**
     * From the shards' totals ({@code [sums per feature, sums of squares per feature, count]}): each feature's mean
     * (returned) and standard deviation (into {@code std}); the global statistics' steps written as well.
     */
    static float[] statistics(
            Layer m, double[] all, float[] std, FloatBuffer params, FloatBuffer gradients, boolean first) {
        int width = m.features();
        double count = all[2 * width];
        float[] mean = new float[width];
        for (int f = 0; f < width; f++) {
            double mu = all[f] / count;
            float variance = (float) Math.max(0, all[width + f] / count - mu * mu);
            mean[f] = (float) mu;
            std[f] = (float) Math.sqrt(variance + m.eps());
            globalSteps(m, f, mu, variance, params, gradients, first);
        }
        return mean;
    }

    /**
     * From this shard's and all shards' sums of the gradient and of the gradient times the normalized numbers
     * ({@code [per feature, per feature]}): gamma's and beta's gradients (this shard's share) written, and each
     * feature's scale (gamma over the deviation), mean gradient and mean product returned, for the input gradient.
     */
    static float[][] backward(
            Layer m,
            double[] mine,
            double[] all,
            float[] std,
            double count,
            FloatBuffer params,
            FloatBuffer gradients) {
        int width = m.features();
        float[][] factors = new float[3][width];
        for (int f = 0; f < width; f++) {
            gradients.put(m.betaAt() + f, (float) mine[f]);
            gradients.put(m.gammaAt() + f, (float) mine[width + f]);
            factors[0][f] = params.get(m.gammaAt() + f) / std[f];
            factors[1][f] = (float) (all[f] / count);
            factors[2][f] = (float) (all[width + f] / count);
        }
        return factors;
    }

    /**
     * The first shard writes the global mean's and {@code log10stdev}'s "gradients" for {@code feature}; the others
     * write 0, so that the shards' sum is the first's.
     */
    private static void globalSteps(
            Layer m,
            int feature,
            double mean,
            float variance,
            FloatBuffer params,
            FloatBuffer gradients,
            boolean first) {
        float meanStep = 0f;
        float log10stdStep = 0f;
        if (first) {
            float deviation = (float) Math.pow(10, params.get(m.log10stdAt() + feature));
            float globalVariance = deviation * deviation;
            meanStep = (params.get(m.meanAt() + feature) - (float) mean) * (1 - m.decay());
            log10stdStep = (float)
                    (0.5 * Math.log10(globalVariance / (m.decay() * globalVariance + (1 - m.decay()) * variance)));
        }
        gradients.put(m.meanAt() + feature, meanStep);
        gradients.put(m.log10stdAt() + feature, log10stdStep);
    }

    /**
     * Forward over rows ({@code [n, features]}, row-major): {@code out} the normalized numbers times gamma plus beta,
     * {@code normalized} and each feature's {@code std} kept for the backward pass; returns the minibatch's rows.
     */
    static double forwardRows(
            Layer m,
            FloatBuffer in,
            FloatBuffer out,
            float[] normalized,
            float[] std,
            int n,
            FloatBuffer params,
            FloatBuffer gradients,
            boolean first,
            Meeting meeting) {
        int width = m.features();
        double[] mine = new double[2 * width + 1];
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < width; f++) {
                double x = in.get(r * width + f);
                mine[f] += x;
                mine[width + f] += x * x;
            }
        }
        mine[2 * width] = n;
        double[] all = meeting.total(m.slot(), mine);
        float[] mean = statistics(m, all, std, params, gradients, first);
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < width; f++) {
                int i = r * width + f;
                float x = (in.get(i) - mean[f]) / std[f];
                normalized[i] = x;
                out.put(i, x * params.get(m.gammaAt() + f) + params.get(m.betaAt() + f));
            }
        }
        return all[2 * width];
    }

    /**
     * Backward over rows, in place on {@code gradient}: gamma's and beta's gradients are this shard's share, the input
     * gradient takes the whole minibatch's sums.
     */
    static void backwardRows(
            Layer m,
            FloatBuffer gradient,
            float[] normalized,
            float[] std,
            double count,
            int n,
            FloatBuffer params,
            FloatBuffer gradients,
            Meeting meeting) {
        int width = m.features();
        double[] mine = new double[2 * width];
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < width; f++) {
                int i = r * width + f;
                double g = gradient.get(i);
                mine[f] += g;
                mine[width + f] += g * normalized[i];
            }
        }
        float[][] factors = backward(m, mine, meeting.total(m.slot() + 1, mine), std, count, params, gradients);
        float[] scale = factors[0];
        float[] meanGradient = factors[1];
        float[] meanProduct = factors[2];
        for (int r = 0; r < n; r++) {
            for (int f = 0; f < width; f++) {
                int i = r * width + f;
                gradient.put(i, scale[f] * (gradient.get(i) - meanGradient[f] - normalized[i] * meanProduct[f]));
            }
        }
    }
}
