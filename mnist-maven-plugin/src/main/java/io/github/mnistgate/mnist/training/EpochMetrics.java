package io.github.mnistgate.mnist.training;

/**
 * What one epoch measured. {@code trainAccuracy} is measured after the epoch on a fixed sample of the
 * training examples; validation figures are NaN when no validation data was given.
 */
public record EpochMetrics(
        int epoch,
        double loss,
        double trainAccuracy,
        double validationLoss,
        double validationAccuracy,
        double examplesPerSecond,
        double seconds)
        implements java.io.Serializable {

    public boolean hasValidation() {
        return !Double.isNaN(validationAccuracy);
    }
}
