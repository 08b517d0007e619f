package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.Durations;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Suggestions;
import java.util.List;
import java.util.Locale;

/**
 * How to search: the tuner and its options, the objective, the budget (trials, epochs per trial, wall-clock
 * time, patience, consecutive failures), the validation split, and whether to start afresh. Every value is
 * checked here, so a bad setting fails before any work.
 *
 * @param maxTrials      trials at most, 0 for no limit (grid: the whole grid; hyperband: its whole schedule)
 * @param epochs         epochs per trial (hyperband: the most a trial trains)
 * @param timeoutSeconds wall-clock budget of the whole search in this build, 0 for none
 * @param patience       epochs without a better objective after which a trial stops, 0 for never
 * @param parallelTrials trials that run at once, sharing the threads (1: one after the other)
 */
public record TuningSettings(
        String tuner,
        Objective objective,
        int maxTrials,
        int epochs,
        double timeoutSeconds,
        int patience,
        int maxConsecutiveFailures,
        double validationSplit,
        boolean overwrite,
        int hyperbandFactor,
        int hyperbandIterations,
        int bayesianInitialPoints,
        BayesianOptimizationOracle.Acquisition acquisition,
        int parallelTrials)
        implements java.io.Serializable {

    /** The most trials that may run at once in one build. */
    public static final int MAX_PARALLEL_TRIALS = 64;

    public static final List<String> TUNERS = List.of("random", "grid", "hyperband", "bayesian");

    public TuningSettings {
        tuner = tuner == null ? "" : tuner.trim().toLowerCase(Locale.ROOT);
        if (!TUNERS.contains(tuner)) {
            throw new InvalidSettingException(
                    "tuner",
                    tuner,
                    "allowed values are " + String.join(", ", TUNERS) + Suggestions.didYouMean(tuner, TUNERS));
        }
        if (maxTrials < 0 || maxTrials > 100_000) {
            throw new InvalidSettingException(
                    "maxTrials", maxTrials, "must be a whole number from 1 to 100000, or 0 for no limit");
        }
        if (epochs < 1 || epochs > TrainingSettings.MAX_EPOCHS) {
            throw new InvalidSettingException(
                    "tuningEpochs", epochs, "must be a whole number from 1 to " + TrainingSettings.MAX_EPOCHS);
        }
        if (!(timeoutSeconds >= 0)) {
            throw new InvalidSettingException(
                    "tuningTimeout", timeoutSeconds, "use a duration such as 600s, 10m or 1h, or none");
        }
        if (patience < 0) {
            throw new InvalidSettingException(
                    "tuningPatience", patience, "must be a whole number of epochs, or 0 to never stop a trial early");
        }
        if (parallelTrials < 1 || parallelTrials > MAX_PARALLEL_TRIALS) {
            throw new InvalidSettingException(
                    "parallelTrials",
                    parallelTrials,
                    "must be a whole number from 1 (one trial" + " at a time) to " + MAX_PARALLEL_TRIALS);
        }
        if (maxConsecutiveFailures < 1) {
            throw new InvalidSettingException(
                    "maxConsecutiveFailedTrials", maxConsecutiveFailures, "must be a whole number of at least 1");
        }
        if (!(validationSplit > 0 && validationSplit < 1)) {
            throw new InvalidSettingException(
                    "validationSplit",
                    validationSplit,
                    "must be a fraction above 0 and below 1 of the training images held out for validation, e.g. 0.2");
        }
        if (maxTrials == 0 && timeoutSeconds == 0 && (tuner.equals("random") || tuner.equals("bayesian"))) {
            throw new InvalidSettingException(
                    "maxTrials",
                    maxTrials,
                    "0 (no limit) needs a tuningTimeout with the " + tuner + " tuner, or the search might never end");
        }
        if (objective == null) {
            objective = Objective.VAL_ACCURACY;
        }
        if (acquisition == null) {
            acquisition = BayesianOptimizationOracle.Acquisition.EI;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code none} (or 0) for no limit, else a duration such as {@code 90s}, {@code 10m}, {@code 1h}. */
    public static double parseTimeout(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
            return 0;
        }
        return Durations.parseSeconds("tuningTimeout", text);
    }

    /** The oracle of the configured tuner. */
    public Oracle oracle(SearchSpace space, long seed) {
        return switch (tuner) {
            case "grid" -> new GridSearchOracle(space, objective, epochs, seed);
            case "hyperband" ->
                new HyperbandOracle(space, objective, epochs, hyperbandFactor, hyperbandIterations, seed);
            case "bayesian" ->
                new BayesianOptimizationOracle(space, objective, epochs, seed, bayesianInitialPoints, acquisition);
            default -> new RandomSearchOracle(space, objective, epochs, seed);
        };
    }

    public Tuner.Budget budget() {
        return new Tuner.Budget(maxTrials, timeoutSeconds, patience, maxConsecutiveFailures);
    }

    /** Defaults as the {@code mnist:tune} goal has them. */
    public static final class Builder {
        private String tuner = "random";
        private Objective objective = Objective.VAL_ACCURACY;
        private int maxTrials = 10;
        private int epochs = 3;
        private double timeoutSeconds;
        private int patience = 3;
        private int maxConsecutiveFailures = 3;
        private int parallelTrials = 1;
        private double validationSplit = 0.2;
        private boolean overwrite;
        private int hyperbandFactor = 3;
        private int hyperbandIterations = 1;
        private int bayesianInitialPoints;
        private BayesianOptimizationOracle.Acquisition acquisition = BayesianOptimizationOracle.Acquisition.EI;

        public Builder tuner(String v) {
            tuner = v;
            return this;
        }

        public Builder objective(Objective v) {
            objective = v;
            return this;
        }

        public Builder maxTrials(int v) {
            maxTrials = v;
            return this;
        }

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder timeoutSeconds(double v) {
            timeoutSeconds = v;
            return this;
        }

        public Builder patience(int v) {
            patience = v;
            return this;
        }

        public Builder maxConsecutiveFailures(int v) {
            maxConsecutiveFailures = v;
            return this;
        }

        public Builder parallelTrials(int v) {
            parallelTrials = v;
            return this;
        }

        public Builder validationSplit(double v) {
            validationSplit = v;
            return this;
        }

        public Builder overwrite(boolean v) {
            overwrite = v;
            return this;
        }

        public Builder hyperband(int factor, int iterations) {
            hyperbandFactor = factor;
            hyperbandIterations = iterations;
            return this;
        }

        public Builder bayesian(int initialPoints, BayesianOptimizationOracle.Acquisition v) {
            bayesianInitialPoints = initialPoints;
            acquisition = v;
            return this;
        }

        public TuningSettings build() {
            return new TuningSettings(
                    tuner,
                    objective,
                    maxTrials,
                    epochs,
                    timeoutSeconds,
                    patience,
                    maxConsecutiveFailures,
                    validationSplit,
                    overwrite,
                    hyperbandFactor,
                    hyperbandIterations,
                    bayesianInitialPoints,
                    acquisition,
                    parallelTrials);
        }
    }
}
