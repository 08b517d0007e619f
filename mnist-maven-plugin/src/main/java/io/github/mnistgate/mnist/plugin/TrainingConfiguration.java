package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.training.AugmentationSetting;
import io.github.mnistgate.mnist.training.ClassWeights;
import io.github.mnistgate.mnist.training.EarlyStopping;
import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.training.TrainingSettings;
import java.util.List;

/**
 * The network's and training's parameters as the mojo received them, mapped onto the core's {@link ModelSpec} and
 * {@link TrainingSettings}; each value is checked there, with an error naming its setting.
 */
record TrainingConfiguration(
        String model,
        List<Layer> layers,
        int epochs,
        int batchSize,
        double learningRate,
        String optimizer,
        long seed,
        int trainLimit,
        String classWeights,
        int earlyStopping,
        double validationSplit,
        String objective,
        AugmentationSetting augmentation) {

    /** The preset, or the custom {@code <layers>}. */
    ModelSpec modelSpec() {
        return ModelSpec.resolve(
                model,
                layers == null ? List.of() : layers.stream().map(Layer::toSpec).toList());
    }

    TrainingSettings settings(Kernels kernels) {
        return new TrainingSettings(
                epochs,
                batchSize,
                trainLimit,
                new HyperParameterValues(Optimizer.fromId(optimizer), learningRate, seed),
                kernels,
                new ClassWeights(classWeights),
                new EarlyStopping(earlyStopping, validationSplit, Objective.fromId(objective)),
                augmentation);
    }
}
