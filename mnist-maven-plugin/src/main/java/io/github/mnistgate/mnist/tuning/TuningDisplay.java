package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Durations;
import java.util.List;
import java.util.Locale;

/**
 * What a search tells the build log (KerasTuner's {@code Display}): the plan, each trial as it starts and ends, and
 * the results table with the best trial at the end.
 */
final class TuningDisplay {

    private final Oracle oracle;
    private final SearchSpace space;
    private final Objective objective;
    private final Tuner.Budget budget;
    private final TrialStore store;
    private final BuildLog log;

    TuningDisplay(Oracle oracle, SearchSpace space, Tuner.Budget budget, TrialStore store, BuildLog log) {
        this.oracle = oracle;
        this.space = space;
        this.objective = oracle.objective;
        this.budget = budget;
        this.store = store;
        this.log = log;
    }

    void started(List<Trial> trials) {
        log.info(oracle.name() + " search, objective " + objective.id() + " (" + objective.direction() + "): "
                + oracle.plan(budget.maxTrials())
                + (budget.timeoutSeconds() > 0 ? ", time budget " + Durations.format(budget.timeoutSeconds()) : "")
                + (budget.patience() > 0
                        ? ", early stopping after " + budget.patience() + " epoch(s) without improvement"
                        : ""));
        log.info("search space: " + String.join("; ", space.describe()));
        if (!trials.isEmpty()) {
            long done = trials.stream()
                    .filter(t -> t.status() != TrialStatus.RUNNING)
                    .count();
            log.info("resuming the search in " + store.directory() + ": " + done + " trial(s) done, "
                    + (trials.size() - done) + " interrupted (set -Dmnist.overwrite=true to start afresh)");
        }
    }

    private static String values(Trial t) {
        return Values.display(t.hyperParameters());
    }

    void trialStarted(Trial t) {
        String limit = budget.maxTrials() > 0 ? "/" + budget.maxTrials() : "";
        String from = t.continuesFrom() != null
                ? ", continuing " + t.continuesFrom() + " from epoch " + t.initialEpoch()
                : "";
        log.info(t.id() + " (" + (t.number() + 1) + limit + "): " + values(t) + "; " + t.epochs() + " epoch(s)" + from);
    }

    void trialEnded(Trial t, List<Trial> trials) {
        if (t.status() == TrialStatus.FAILED) {
            log.warn("" + t.id() + " failed after " + Durations.format(t.seconds()) + ": " + t.failure());
            return;
        }
        Trial best = oracle.bestFirst(trials).get(0);
        log.info(String.format(
                Locale.ROOT,
                "%s: %s %.4f (epoch %d) in %s%s; best so far %s (%.4f)",
                t.id(),
                objective.id(),
                t.score(),
                t.bestEpoch(),
                Durations.format(t.seconds()),
                t.stopReason() == null ? "" : ", " + t.stopReason(),
                best.id(),
                best.score()));
    }

    /** @param best the best trial, or null when none completed */
    void finished(List<Trial> trials, Trial best, String stopReason, int ran) {
        long failed =
                trials.stream().filter(t -> t.status() == TrialStatus.FAILED).count();
        if (ran == 0 && !trials.isEmpty()) {
            log.info("the search in " + store.directory() + " is complete and its settings unchanged: no trial run"
                    + " (-Dmnist.overwrite=true searches again)");
        }
        log.info(String.format(
                Locale.ROOT,
                "tuning done (%s): %d trial(s) in all, %d run now, %d failed; %s",
                oracle.name(),
                trials.size(),
                ran,
                failed,
                stopReason));
        for (String line : ResultsTable.logLines(trials, space, objective)) {
            log.info("  " + line);
        }
        if (best != null) {
            log.info(String.format(
                    Locale.ROOT,
                    "best: %s, %s %.4f, %s; written to %s (mnist:train uses it), results in %s",
                    best.id(),
                    objective.id(),
                    best.score(),
                    values(best),
                    store.bestFile(),
                    store.resultsFile()));
        } else {
            log.warn(
                    "no trial completed, so there are no best hyperparameters; mnist:train will use the POM's values. See "
                            + store.resultsFile());
        }
    }
}
