package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.List;

/**
 * {@code mnist.earlyStopping}, as Keras's {@code EarlyStopping(restore_best_weights=True)}: training holds out
 * {@code validationSplit} of the training images, stops after {@code patience} epochs without a better validation
 * objective, and keeps the weights of the best epoch.
 *
 * @param patience epochs without a better objective before training stops; 0 = off
 * @param validationSplit share of each class held out to score each epoch, above 0 and below 1
 * @param objective what a better epoch is better at
 */
public record EarlyStopping(int patience, double validationSplit, Objective objective) implements java.io.Serializable {

    public static final EarlyStopping OFF = new EarlyStopping(0, 0.2, Objective.VAL_LOSS);

    public EarlyStopping {
        java.util.Objects.requireNonNull(objective, "objective");
        if (patience < 0 || patience > TrainingSettings.MAX_EPOCHS) {
            throw new InvalidSettingException(
                    "earlyStopping",
                    patience,
                    "must be a number of epochs without a better validation objective from 1 to "
                            + TrainingSettings.MAX_EPOCHS + ", or 0 for no early stopping");
        }
        if (patience > 0 && !(validationSplit > 0 && validationSplit < 1)) {
            throw new InvalidSettingException(
                    "validationSplit",
                    validationSplit,
                    "must be a share above 0 and below 1 of the training images to hold out, e.g. 0.2");
        }
    }

    public boolean on() {
        return patience > 0;
    }

    /** The epoch (from 1) of the best objective in {@code history}, the earliest of equals; 0 for none. */
    public int bestEpoch(List<EpochMetrics> history) {
        int best = 0;
        double bestScore = Double.NaN;
        for (EpochMetrics m : history) {
            double score = objective.value(m);
            if (best == 0 || objective.better(score, bestScore)) {
                bestScore = score;
                best = m.epoch();
            }
        }
        return best;
    }

    /** Whether training stops after the last epoch of {@code history}: {@code patience} epochs since the best. */
    public boolean stops(List<EpochMetrics> history) {
        return on() && !history.isEmpty() && history.get(history.size() - 1).epoch() - bestEpoch(history) >= patience;
    }
}
