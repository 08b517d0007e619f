package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.training.TrainingSettings;
import java.util.Map;

/**
 * Applies hyperparameter values to training settings: every value becomes a named value layers can refer
 * to, and the well-known names {@code learning_rate}, {@code optimizer} and {@code batch_size} replace the
 * POM's {@code learningRate}, {@code optimizer} and {@code batchSize}.
 */
public final class TrainingOverrides {

    private TrainingOverrides() {}

    public static TrainingSettings apply(TrainingSettings base, Map<String, Object> values) {
        HyperParameterValues hp = base.hyperParameters();
        Optimizer optimizer = hp.optimizer();
        double learningRate = hp.learningRate();
        int batchSize = base.batchSize();
        Object o = values.get(SearchSpace.OPTIMIZER);
        if (o != null) {
            optimizer = Optimizer.fromId(o.toString());
        }
        Object lr = values.get(SearchSpace.LEARNING_RATE);
        if (lr != null) {
            learningRate = ((Number) numeric(lr)).doubleValue();
        }
        Object batch = values.get(SearchSpace.BATCH_SIZE);
        if (batch != null) {
            batchSize = ((Number) numeric(batch)).intValue();
        }
        return base.with(new HyperParameterValues(optimizer, learningRate, hp.seed(), values), batchSize);
    }

    private static Object numeric(Object v) {
        return v instanceof Number ? v : Double.valueOf(v.toString().trim());
    }
}
