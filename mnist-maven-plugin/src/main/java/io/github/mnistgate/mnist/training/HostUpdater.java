package io.github.mnistgate.mnist.training;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

import java.nio.FloatBuffer;
import java.util.Optional;

/**
 * DL4J's Adam and SGD updates as one Java loop over a range of the parameters: the shards' gradients summed in
 * shard order, divided by the minibatch size, then the update of DL4J's {@code adam_updater} or
 * {@code sgd_updater}, in float as they compute it, into the network's own parameters and updater state. So a
 * checkpoint keeps the moments DL4J would have kept, and DL4J resumes from them.
 *
 * <p>Why: DL4J's updater (the division by the minibatch size, {@code adam_updater}, the subtraction) took 1.4-2.2 ms
 * per step at batch 32 for the mlp's 101,770 parameters, longer than the step's passes (bench/README.md, step 15). One loop split over the
 * shard threads does the same in a fraction of that.
 */
final class HostUpdater {

    private final MultiLayerNetwork network;
    private final IUpdater config;
    private final HostArray params;
    /** Adam's first and second moments, one after the other; null for SGD, which keeps no state. */
    private final HostArray state;
    private final int length;
    private final boolean divide;

    private HostUpdater(MultiLayerNetwork network, IUpdater config, HostArray params, HostArray state) {
        this.network = network;
        this.config = config;
        this.params = params;
        this.state = state;
        this.length = Math.toIntExact(network.params().length());
        this.divide = network.conf().isMiniBatch();
    }

    /**
     * For a network whose parameters all lie in one updater block of Adam or plain SGD, with flat parameters and
     * state, without regularization or gradient normalization; empty for any other, which keeps DL4J's own updater.
     */
    static Optional<HostUpdater> of(MultiLayerNetwork network) {
        if (!(network.getUpdater() instanceof BaseMultiLayerUpdater<?> updater) || updater.getUpdaterBlocks().size() != 1
                || !plainGradients(network)) {
            return Optional.empty();
        }
        UpdaterBlock block = updater.getUpdaterBlocks().get(0);
        IUpdater config = block.getLayersAndVariablesInBlock().get(0).getLayer().getConfig()
                .getUpdaterByParam(block.getLayersAndVariablesInBlock().get(0).getParamName());
        long length = network.params().length();
        if (block.getParamOffsetStart() != 0 || block.getParamOffsetEnd() != length || !HostArray.isFlat(network.params())) {
            return Optional.empty();
        }
        if (config.getClass() == Sgd.class) {
            return Optional.of(new HostUpdater(network, config, new HostArray(network.params()), null));
        }
        if (config.getClass() == Adam.class) {
            var view = updater.getStateViewArray();
            if (view == null || view.length() != 2 * length || !HostArray.isFlat(view)) {
                return Optional.empty();
            }
            return Optional.of(new HostUpdater(network, config, new HostArray(network.params()), new HostArray(view)));
        }
        return Optional.empty();
    }

    /** Whether DL4J's updater would apply the gradients as they are: no regularization, no gradient normalization. */
    private static boolean plainGradients(MultiLayerNetwork network) {
        for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer base && (!empty(base.getRegularization())
                    || !empty(base.getRegularizationBias()) || (base.getGradientNormalization() != null
                    && base.getGradientNormalization() != GradientNormalization.None))) {
                return false;
            }
        }
        return true;
    }

    private static boolean empty(java.util.List<?> list) {
        return list == null || list.isEmpty();
    }

    /**
     * One step: the sum of the first {@code count} of {@code gradients} (one per shard, in shard order) and the
     * update of {@code batchSize} examples, in ranges of the parameters on every shard thread; then what DL4J does
     * after an update.
     */
    void update(ShardWorkers workers, FloatBuffer[] gradients, int count, int batchSize) {
        Step step = step(batchSize);
        int[] bounds = ShardWorkers.bounds(length, workers.shards());
        workers.onAll(shard -> apply(step, gradients, count, bounds[shard], bounds[shard + 1]));
        Updates.afterStep(network);
    }

    /** The step's constants, worked out once per step on the calling thread before the ranges run. */
    private Step step(int batchSize) {
        int iteration = network.getIterationCount();
        int epoch = network.getEpochCount();
        float lr = (float) config.getLearningRate(iteration, epoch);
        float scale = divide && batchSize > 1 ? batchSize : 1f;
        if (state == null) {
            return new Step(scale, lr, 0f, 0f, 0f, false);
        }
        Adam adam = (Adam) config;
        float beta1 = (float) adam.getBeta1();
        float beta2 = (float) adam.getBeta2();
        float epsilon = (float) adam.getEpsilon();
        // As adam_updater: the bias corrections in float, the step size folded into one factor.
        float beta1T = (float) Math.pow(beta1, iteration + 1f);
        float beta2T = (float) Math.pow(beta2, iteration + 1f);
        float stepSize = (float) (lr * (float) Math.sqrt(1. - beta2T) / (1.0 - beta1T));
        if (Float.isNaN(stepSize) || stepSize == 0 || Float.isInfinite(stepSize)) {
            stepSize = epsilon;
        }
        return new Step(scale, stepSize, beta1, beta2, epsilon, true);
    }

    /** The update of parameters {@code from} to {@code to}, from the shards' gradients; ranges may run in parallel. */
    private void apply(Step step, FloatBuffer[] gradients, int shards, int from, int to) {
        FloatBuffer p = params.floats;
        for (int i = from; i < to; i++) {
            float g = gradients[0].get(i);
            for (int s = 1; s < shards; s++) {
                g += gradients[s].get(i);
            }
            if (step.scale != 1f) {
                g /= step.scale;
            }
            float update;
            if (!step.adam) {
                update = g * step.rate;
            } else {
                FloatBuffer moments = state.floats;
                float m = step.beta1 * moments.get(i) + g * (1 - step.beta1);
                float u = step.beta2 * moments.get(length + i) + g * g * (1 - step.beta2);
                moments.put(i, m);
                moments.put(length + i, u);
                update = (m * step.rate) / ((float) Math.sqrt(u) + step.epsilon);
            }
            p.put(i, p.get(i) - update);
        }
    }

    /** One step's constants: the minibatch divisor, the rate (Adam's with its bias corrections), Adam's betas. */
    record Step(float scale, float rate, float beta1, float beta2, float epsilon, boolean adam) {
    }
}
