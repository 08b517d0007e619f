package io.github.mnistgate.mnist.training;

import java.nio.FloatBuffer;
import java.util.Optional;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * DL4J's updates for every optimizer the plugin offers (Adam, SGD, Nesterov momentum, RMSProp, AdaGrad, AdaDelta)
 * as one Java loop over a range of the parameters: the shards' gradients summed in shard order, divided by the
 * minibatch size, then the update of libnd4j's {@code adam_updater}, {@code sgd_updater},
 * {@code nesterovs_updater}, {@code rms_prop_updater}, {@code ada_grad_updater} or {@code ada_delta_updater}, in
 * float as they compute it, into the network's own parameters and updater state. So a checkpoint keeps the state
 * DL4J would have kept, and DL4J resumes from it. Any other updater (a custom layer's AdaMax, Nadam, AMSGrad)
 * stays DL4J's.
 *
 * <p>Why: DL4J's updater (the division by the minibatch size, {@code adam_updater}, the subtraction) took 1.4-2.2 ms
 * per step at batch 32 for the mlp's 101,770 parameters, longer than the step's passes (bench/README.md, step 15). One loop split over the
 * shard threads does the same in a fraction of that.
 */
final class HostUpdater {

    private final MultiLayerNetwork network;
    private final IUpdater config;
    private final Rule rule;
    private final HostArray params;
    /**
     * The updater's state: Adam's first and second moments one after the other, Nesterov's velocity, RMSProp's
     * mean square, AdaGrad's sum of squares, AdaDelta's mean squares of the gradients and of the updates one after
     * the other; null for SGD, which keeps none.
     */
    private final HostArray state;

    private final int length;
    private final boolean divide;

    /** The updates this class computes, with the length of each one's state in parameters. */
    enum Rule {
        SGD(Sgd.class, 0),
        ADAM(Adam.class, 2),
        NESTEROVS(Nesterovs.class, 1),
        RMSPROP(RmsProp.class, 1),
        ADAGRAD(AdaGrad.class, 1),
        ADADELTA(AdaDelta.class, 2);

        final Class<? extends IUpdater> config;
        final int statePerParameter;

        Rule(Class<? extends IUpdater> config, int statePerParameter) {
            this.config = config;
            this.statePerParameter = statePerParameter;
        }

        static Optional<Rule> of(IUpdater config) {
            for (Rule rule : values()) {
                if (rule.config == config.getClass()) {
                    return Optional.of(rule);
                }
            }
            return Optional.empty();
        }
    }

    private HostUpdater(MultiLayerNetwork network, IUpdater config, Rule rule, HostArray params, HostArray state) {
        this.network = network;
        this.config = config;
        this.rule = rule;
        this.params = params;
        this.state = state;
        this.length = Math.toIntExact(network.params().length());
        this.divide = network.conf().isMiniBatch();
    }

    /**
     * For a network whose parameters all lie in one updater block of one of the {@link Rule}s, with flat parameters
     * and state, without regularization or gradient normalization; empty for any other, which keeps DL4J's own
     * updater.
     */
    static Optional<HostUpdater> of(MultiLayerNetwork network) {
        if (!(network.getUpdater() instanceof BaseMultiLayerUpdater<?> updater)
                || updater.getUpdaterBlocks().size() != 1
                || !plainGradients(network)) {
            return Optional.empty();
        }
        UpdaterBlock block = updater.getUpdaterBlocks().get(0);
        IUpdater config = block.getLayersAndVariablesInBlock()
                .get(0)
                .getLayer()
                .getConfig()
                .getUpdaterByParam(block.getLayersAndVariablesInBlock().get(0).getParamName());
        long length = network.params().length();
        if (block.getParamOffsetStart() != 0
                || block.getParamOffsetEnd() != length
                || !HostArray.isFlat(network.params())) {
            return Optional.empty();
        }
        Rule rule = Rule.of(config).orElse(null);
        if (rule == null) {
            return Optional.empty();
        }
        HostArray params = new HostArray(network.params());
        if (rule.statePerParameter == 0) {
            return Optional.of(new HostUpdater(network, config, rule, params, null));
        }
        var view = updater.getStateViewArray();
        if (view == null || view.length() != rule.statePerParameter * length || !HostArray.isFlat(view)) {
            return Optional.empty();
        }
        return Optional.of(new HostUpdater(network, config, rule, params, new HostArray(view)));
    }

    /** Whether DL4J's updater would apply the gradients as they are: no regularization, no gradient normalization. */
    private static boolean plainGradients(MultiLayerNetwork network) {
        for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
            if (layer.conf().getLayer() instanceof BaseLayer base
                    && (!empty(base.getRegularization())
                            || !empty(base.getRegularizationBias())
                            || (base.getGradientNormalization() != null
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
        return switch (rule) {
            case SGD -> new Step(scale, lr, 0f, 0f, 0f);
            case NESTEROVS ->
                new Step(scale, lr, (float) ((Nesterovs) config).currentMomentum(iteration, epoch), 0f, 0f);
            case RMSPROP ->
                new Step(scale, lr, (float) ((RmsProp) config).getRmsDecay(), 0f, (float)
                        ((RmsProp) config).getEpsilon());
            case ADAGRAD -> new Step(scale, lr, 0f, 0f, (float) ((AdaGrad) config).getEpsilon());
            case ADADELTA ->
                new Step(scale, 0f, (float) ((AdaDelta) config).getRho(), 0f, (float)
                        ((AdaDelta) config).getEpsilon()); // adaptive: no learning rate
            case ADAM -> adamStep((Adam) config, scale, lr, iteration);
        };
    }

    private static Step adamStep(Adam adam, float scale, float lr, int iteration) {
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
        return new Step(scale, stepSize, beta1, beta2, epsilon);
    }

    /** The update of parameters {@code from} to {@code to}, from the shards' gradients; ranges may run in parallel. */
    private void apply(Step step, FloatBuffer[] gradients, int shards, int from, int to) {
        FloatBuffer p = params.floats;
        FloatBuffer st = state == null ? null : state.floats;
        // One loop per rule, so that the choice is made once per range, not once per parameter.
        switch (rule) {
            case SGD -> {
                for (int i = from; i < to; i++) {
                    p.put(i, p.get(i) - gradient(step, gradients, shards, i) * step.rate);
                }
            }
            case NESTEROVS -> {
                float momentumT = -step.a - 1;
                for (int i = from; i < to; i++) {
                    float g = gradient(step, gradients, shards, i);
                    float previous = step.a * st.get(i);
                    float v = previous - step.rate * g;
                    st.put(i, v);
                    p.put(i, p.get(i) - (previous + momentumT * v));
                }
            }
            case RMSPROP -> {
                for (int i = from; i < to; i++) {
                    float g = gradient(step, gradients, shards, i);
                    float s = st.get(i) * step.a + g * g * (1 - step.a);
                    st.put(i, s);
                    p.put(i, p.get(i) - (step.rate * g) / ((float) Math.sqrt(s) + step.epsilon));
                }
            }
            case ADAGRAD -> {
                for (int i = from; i < to; i++) {
                    float g = gradient(step, gradients, shards, i);
                    float s = st.get(i) + g * g;
                    st.put(i, s);
                    p.put(i, p.get(i) - (step.rate * g) / ((float) Math.sqrt(s) + step.epsilon));
                }
            }
            case ADADELTA -> {
                float rhoT = 1 - step.a;
                for (int i = from; i < to; i++) {
                    float g = gradient(step, gradients, shards, i);
                    float msg = step.a * st.get(i) + g * g * rhoT;
                    float msdx = st.get(length + i);
                    float update = g * ((float) Math.sqrt(msdx + step.epsilon) / (float) Math.sqrt(msg + step.epsilon));
                    st.put(i, msg);
                    st.put(length + i, step.a * msdx + update * update * rhoT);
                    p.put(i, p.get(i) - update);
                }
            }
            case ADAM -> {
                for (int i = from; i < to; i++) {
                    float g = gradient(step, gradients, shards, i);
                    float m = step.a * st.get(i) + g * (1 - step.a);
                    float u = step.b * st.get(length + i) + g * g * (1 - step.b);
                    st.put(i, m);
                    st.put(length + i, u);
                    p.put(i, p.get(i) - (m * step.rate) / ((float) Math.sqrt(u) + step.epsilon));
                }
            }
            default -> throw new IllegalStateException(rule.name());
        }
    }

    /** Parameter {@code i}'s gradient: the shards' sum in shard order, divided by the minibatch size. */
    private static float gradient(Step step, FloatBuffer[] gradients, int shards, int i) {
        float g = gradients[0].get(i);
        for (int s = 1; s < shards; s++) {
            g += gradients[s].get(i);
        }
        return step.scale != 1f ? g / step.scale : g;
    }

    /**
     * One step's constants: the minibatch divisor, the rate (Adam's with its bias corrections), and the rule's own:
     * {@code a} is Adam's beta1, Nesterov's momentum, RMSProp's decay or AdaDelta's rho; {@code b} Adam's beta2.
     */
    record Step(float scale, float rate, float a, float b, float epsilon) {}
}
