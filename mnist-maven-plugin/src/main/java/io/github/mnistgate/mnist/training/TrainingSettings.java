package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.List;

/**
 * How to train: epochs, batch size, how many training images to use, the values the network is built with, and
 * which kernels run it. Every value is checked here, so a bad setting fails before any work starts.
 */
public record TrainingSettings(
        int epochs,
        int batchSize,
        int trainLimit,
        HyperParameterValues hyperParameters,
        Kernels kernels,
        ClassWeights classWeights,
        EarlyStopping earlyStopping,
        AugmentationSetting augmentationSetting)
        implements java.io.Serializable {

    public static final int MAX_EPOCHS = 10_000;
    public static final int MAX_BATCH = 60_000;

    /** With {@link Kernels#AUTO}: the compiled path where it takes the network. */
    public TrainingSettings(int epochs, int batchSize, int trainLimit, HyperParameterValues hyperParameters) {
        this(epochs, batchSize, trainLimit, hyperParameters, Kernels.AUTO);
    }

    /** Without class weights, early stopping or augmentation. */
    public TrainingSettings(
            int epochs, int batchSize, int trainLimit, HyperParameterValues hyperParameters, Kernels kernels) {
        this(
                epochs,
                batchSize,
                trainLimit,
                hyperParameters,
                kernels,
                ClassWeights.NONE,
                EarlyStopping.OFF,
                AugmentationSetting.NONE);
    }

    public TrainingSettings {
        java.util.Objects.requireNonNull(kernels, "kernels");
        java.util.Objects.requireNonNull(classWeights, "classWeights");
        java.util.Objects.requireNonNull(earlyStopping, "earlyStopping");
        java.util.Objects.requireNonNull(augmentationSetting, "augmentationSetting");
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new InvalidSettingException("epochs", epochs, "must be a whole number from 1 to " + MAX_EPOCHS);
        }
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new InvalidSettingException("batchSize", batchSize, "must be a whole number from 1 to " + MAX_BATCH);
        }
        if (trainLimit < 0) {
            throw new InvalidSettingException(
                    "trainLimit", trainLimit, "must be a positive number of training images, or 0 for all of them");
        }
        double lr = hyperParameters.learningRate();
        if (!(lr > 0 && lr <= 10)) {
            throw new InvalidSettingException(
                    "learningRate", lr, "must be a number above 0 and at most 10, e.g. 0.001");
        }
    }

    /** Number of training examples to use out of {@code available}. */
    public int examplesOf(int available) {
        return trainLimit == 0 ? available : Math.min(trainLimit, available);
    }

    public TrainingSettings withEpochs(int newEpochs) {
        return new TrainingSettings(
                newEpochs,
                batchSize,
                trainLimit,
                hyperParameters,
                kernels,
                classWeights,
                earlyStopping,
                augmentationSetting);
    }

    public TrainingSettings with(HyperParameterValues values, int newBatchSize) {
        return new TrainingSettings(
                epochs, newBatchSize, trainLimit, values, kernels, classWeights, earlyStopping, augmentationSetting);
    }

    public TrainingSettings withClassWeights(ClassWeights weights) {
        return new TrainingSettings(
                epochs, batchSize, trainLimit, hyperParameters, kernels, weights, earlyStopping, augmentationSetting);
    }

    /**
     * The augmentation this run trains with: the setting, its {@code hp:} values taken from the hyperparameters.
     *
     * @throws io.github.mnistgate.mnist.util.InvalidSettingException naming a hyperparameter no value is given for
     */
    public Augmentation augmentation() {
        return augmentationSetting.resolve(hyperParameters.named());
    }

    public TrainingSettings withAugmentation(Augmentation changes) {
        return withAugmentation(new AugmentationSetting(changes.describe()));
    }

    public TrainingSettings withAugmentation(AugmentationSetting changes) {
        return new TrainingSettings(
                epochs, batchSize, trainLimit, hyperParameters, kernels, classWeights, earlyStopping, changes);
    }

    public TrainingSettings withEarlyStopping(EarlyStopping early) {
        return new TrainingSettings(
                epochs, batchSize, trainLimit, hyperParameters, kernels, classWeights, early, augmentationSetting);
    }

    /** The weight of each class in the loss over {@code train}'s first {@code examples} examples; null for none. */
    public double[] classWeightsOver(LabelledImages train, int examples, List<String> classNames) {
        if (classWeights.none()) {
            return null;
        }
        int[] counts = new int[classNames.size()];
        for (int i = 0; i < Math.min(examples, train.size()); i++) {
            counts[train.label(i)]++;
        }
        return classWeights.weights(classNames, counts);
    }
}
