package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.training.EpochMetrics;
import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.training.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * Listens to one trial's epochs: keeps the best objective so far and its epoch, records the trial after every epoch,
 * and stops training early (no better objective for {@code patience} epochs) or when the search's time is up.
 */
final class TrialScorer implements Trainer.EpochListener {

    private final Objective objective;
    private final int patience;
    private final BooleanSupplier timeIsUp;
    private final DoubleSupplier secondsSoFar;
    private final TrialStore store;
    private Trial trial;
    private double best = Double.NaN;
    private int bestEpoch;
    private int sinceBest;
    private String stop;

    /**
     * @param patience     epochs without improvement after which the trial stops, 0 for never
     * @param secondsSoFar the trial's time so far, recorded with each epoch
     */
    TrialScorer(
            Trial trial,
            Objective objective,
            int patience,
            BooleanSupplier timeIsUp,
            DoubleSupplier secondsSoFar,
            TrialStore store) {
        this.trial = trial;
        this.objective = objective;
        this.patience = patience;
        this.timeIsUp = timeIsUp;
        this.secondsSoFar = secondsSoFar;
        this.store = store;
    }

    @Override
    public boolean afterEpoch(EpochMetrics m) {
        double v = objective.value(m);
        if (objective.better(v, best)) {
            best = v;
            bestEpoch = m.epoch();
            sinceBest = 0;
        } else {
            sinceBest++;
        }
        trial = trial.withEpoch(m, secondsSoFar.getAsDouble());
        try {
            store.save(trial);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (patience > 0 && sinceBest >= patience) {
            stop = "early stopping: no better " + objective.id() + " for " + patience + " epoch(s)";
            return false;
        }
        if (timeIsUp.getAsBoolean()) {
            stop = "time budget used up";
            return false;
        }
        return true;
    }

    /**
     * Trains {@code trial} with {@code runner} and scores it: the best epoch's objective. A trial that throws ends
     * failed, with the exception's message as its reason; only the store's own I/O errors are thrown.
     */
    static Trial runAndScore(
            Tuner.TrialRunner runner,
            Trial trial,
            Objective objective,
            int patience,
            BooleanSupplier timeIsUp,
            DoubleSupplier secondsSoFar,
            TrialStore store)
            throws IOException {
        TrialScorer scorer = new TrialScorer(trial, objective, patience, timeIsUp, secondsSoFar, store);
        String failure = null;
        try {
            runner.run(trial, scorer);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (Exception e) {
            failure = e.getMessage() == null || e.getMessage().isBlank()
                    ? e.getClass().getName()
                    : e.getMessage();
        }
        return scorer.finished(
                failure, secondsSoFar.getAsDouble(), java.time.Instant.now().toString());
    }

    /**
     * The trial as it ended: completed with its score (the best epoch's objective), or failed with {@code failure}
     * or because nothing could be scored.
     */
    Trial finished(String failure, double seconds, String now) {
        if (failure == null && trial.metrics().isEmpty()) {
            failure = "no epoch was trained";
        }
        if (failure == null && Double.isNaN(best)) {
            failure = "the " + objective.id() + " was NaN in every epoch (training diverged)";
        }
        if (failure != null) {
            return trial.failed(failure, seconds, now);
        }
        int lastEpoch = trial.metrics().get(trial.metrics().size() - 1).epoch();
        String stopReason = stop != null && lastEpoch < trial.epochs() ? stop + " after epoch " + lastEpoch : null;
        return trial.completed(best, bestEpoch, stopReason, seconds, now);
    }
}
