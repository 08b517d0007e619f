package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.training.EpochMetrics;
import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Durations;
import io.github.mnistgate.mnist.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Runs a search, one trial at a time, as KerasTuner's {@code Tuner.search} does: asks the oracle for
 * values, trains, scores each trial by its best epoch's objective, and records everything in the
 * {@link TrialStore} after every epoch. A trial that throws is recorded as failed with its reason and the
 * search goes on, until too many fail in a row. The search stops at {@code maxTrials}, when the oracle has
 * nothing left, or when the time budget is used up; then the results table and the best hyperparameters
 * are written and a summary is logged.
 */
public final class Tuner {

    /** Trains one trial. */
    @FunctionalInterface
    public interface TrialRunner {
        /**
         * Trains the trial's model, calling {@code sink} after every epoch and stopping when it returns false.
         * Throws when the trial cannot run (e.g. a layer shape that cannot be built).
         */
        void run(Trial trial, EpochSink sink) throws Exception;
    }

    /** Receives each epoch's metrics; returning false stops the trial. */
    @FunctionalInterface
    public interface EpochSink {
        boolean epochEnded(EpochMetrics metrics);
    }

    /**
     * @param maxTrials              trials at most, counting those of an earlier run of the search; 0 for none
     * @param timeoutSeconds         wall-clock budget of this run of the search, 0 for none
     * @param patience               epochs without improvement after which a trial stops, 0 for never
     * @param maxConsecutiveFailures failed trials in a row after which the search gives up
     */
    public record Budget(int maxTrials, double timeoutSeconds, int patience, int maxConsecutiveFailures) {
    }

    private final Oracle oracle;
    private final SearchSpace space;
    private final Objective objective;
    private final Budget budget;
    private final long seed;
    private final ModelSpec model;
    private final Map<String, Object> search;
    private final TrialStore store;
    private final TrialRunner runner;
    private final BuildLog log;
    private LongSupplier clock = System::nanoTime;
    private long started;

    /**
     * @param context what else makes this search this search besides oracle, objective and space (model,
     *                data, training settings); a changed context is a changed search
     */
    public Tuner(Oracle oracle, SearchSpace space, Budget budget, long seed, ModelSpec model, Map<String, Object> context,
                 TrialStore store, TrialRunner runner, BuildLog log) {
        this.oracle = oracle;
        this.space = space;
        this.objective = oracle.objective;
        this.budget = budget;
        this.seed = seed;
        this.model = model;
        this.store = store;
        this.runner = runner;
        this.log = log;
        Map<String, Object> s = new LinkedHashMap<>(oracle.config());
        s.put("objective", objective.id());
        s.put("searchSpace", space.config());
        s.put("model", model.name());
        s.put("layers", BestHyperParameters.layersOf(model));
        s.put("seed", seed);
        s.putAll(context);
        this.search = s;
    }

    /** For tests: the clock that measures the time budget, in nanoseconds. */
    Tuner clock(LongSupplier nanos) {
        this.clock = nanos;
        return this;
    }

    public Map<String, Object> search() {
        return search;
    }

    /**
     * Runs (or resumes) the search.
     *
     * @param overwrite start afresh, deleting an earlier search in the folder
     */
    public TuningResult run(boolean overwrite) throws IOException, TuningException {
        started = clock.getAsLong();
        if (overwrite && store.holdsSearch()) {
            log.info("mnist.overwrite=true: deleting the earlier search in " + store.directory());
            store.clear();
        }
        List<Trial> trials = new ArrayList<>(store.open(search, space));
        logStart(trials);
        String stopReason = null;
        boolean gaveUp = false;
        int failuresInARow = 0;
        int ran = 0;
        while (true) {
            int index = firstRunning(trials);
            Trial trial;
            if (index >= 0) {
                trial = trials.get(index).restarted(now());
                log.info(trial.id() + " was interrupted: running it again");
            } else {
                if (budget.maxTrials() > 0 && trials.size() >= budget.maxTrials()) {
                    stopReason = "maxTrials=" + budget.maxTrials() + " reached";
                    break;
                }
                if (timeIsUp()) {
                    stopReason = "the time budget of " + Durations.format(budget.timeoutSeconds()) + " is used up";
                    break;
                }
                Optional<Proposal> proposal = oracle.next(trials);
                if (proposal.isEmpty()) {
                    stopReason = oracle.stopReason();
                    break;
                }
                trial = Trial.start(trials.size(), proposal.get(), seed, now());
                trials.add(trial);
                index = trials.size() - 1;
            }
            trials.set(index, trial);
            store.save(trial);
            saveOracle(trials, null);
            logTrialStart(trial, trials.size());
            Trial done = runTrial(trial);
            trials.set(index, done);
            store.save(done);
            ran++;
            logTrialEnd(done, trials);
            failuresInARow = done.status() == TrialStatus.FAILED ? failuresInARow + 1 : 0;
            if (failuresInARow >= budget.maxConsecutiveFailures()) {
                stopReason = failuresInARow + " trials in a row failed (maxConsecutiveFailedTrials=" + budget.maxConsecutiveFailures() + ")";
                gaveUp = true;
                break;
            }
            saveOracle(trials, null);
        }
        saveOracle(trials, stopReason);
        TuningResult result = finish(trials, stopReason, ran);
        if (gaveUp) {
            throw new TuningException("tuning stopped: " + stopReason + "; the last failure: "
                    + trials.get(trials.size() - 1).failure() + ". See " + store.resultsFile());
        }
        return result;
    }

    private static int firstRunning(List<Trial> trials) {
        for (int i = 0; i < trials.size(); i++) {
            if (trials.get(i).status() == TrialStatus.RUNNING) {
                return i;
            }
        }
        return -1;
    }

    private boolean timeIsUp() {
        return budget.timeoutSeconds() > 0 && elapsedSeconds(started) >= budget.timeoutSeconds();
    }

    private double elapsedSeconds(long since) {
        return (clock.getAsLong() - since) / 1e9;
    }

    private static String now() {
        return Instant.now().toString();
    }

    /** Trains one trial and scores it: the best epoch's objective. */
    private Trial runTrial(Trial trial) throws IOException {
        long trialStart = clock.getAsLong();
        Trial[] current = {trial};
        double[] best = {Double.NaN};
        int[] bestEpoch = {0};
        int[] sinceBest = {0};
        String[] stop = {null};
        EpochSink sink = m -> {
            double v = objective.value(m);
            if (objective.better(v, best[0])) {
                best[0] = v;
                bestEpoch[0] = m.epoch();
                sinceBest[0] = 0;
            } else {
                sinceBest[0]++;
            }
            current[0] = current[0].withEpoch(m, elapsedSeconds(trialStart));
            try {
                store.save(current[0]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (budget.patience() > 0 && sinceBest[0] >= budget.patience()) {
                stop[0] = "early stopping: no better " + objective.id() + " for " + budget.patience() + " epoch(s)";
                return false;
            }
            if (timeIsUp()) {
                stop[0] = "time budget used up";
                return false;
            }
            return true;
        };
        String failure = null;
        try {
            runner.run(trial, sink);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (Exception e) {
            failure = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getName() : e.getMessage();
        }
        Trial t = current[0];
        double seconds = elapsedSeconds(trialStart);
        if (failure == null && t.metrics().isEmpty()) {
            failure = "no epoch was trained";
        }
        if (failure == null && Double.isNaN(best[0])) {
            failure = "the " + objective.id() + " was NaN in every epoch (training diverged)";
        }
        if (failure != null) {
            return t.failed(failure, seconds, now());
        }
        int lastEpoch = t.metrics().get(t.metrics().size() - 1).epoch();
        String stopReason = stop[0] != null && lastEpoch < t.epochs() ? stop[0] + " after epoch " + lastEpoch : null;
        return t.completed(best[0], bestEpoch[0], stopReason, seconds, now());
    }

    private void saveOracle(List<Trial> trials, String stopReason) throws IOException {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("format", 1);
        content.put("search", search);
        content.put("budget", budget);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("trials", trials.size());
        state.put("completed", trials.stream().filter(Trial::isCompleted).count());
        state.put("failed", trials.stream().filter(t -> t.status() == TrialStatus.FAILED).count());
        state.put("running", trials.stream().filter(t -> t.status() == TrialStatus.RUNNING).map(Trial::id).findFirst().orElse(null));
        oracle.bestFirst(trials).stream().findFirst().ifPresent(b -> {
            state.put("bestTrial", b.id());
            state.put("bestScore", b.score());
        });
        state.put("stopReason", stopReason);
        state.put("updatedAt", now());
        content.put("state", state);
        content.put("trials", trials.stream().map(Trial::id).toList());
        store.saveOracle(content);
    }

    private TuningResult finish(List<Trial> trials, String stopReason, int ran) throws IOException {
        AtomicFiles.writeString(store.resultsFile(), ResultsTable.markdown(trials, space, objective, oracle.name(), stopReason));
        Optional<Trial> best = oracle.bestFirst(trials).stream().findFirst();
        if (best.isPresent()) {
            Trial b = best.get();
            Json.write(store.bestFile(), new BestHyperParameters(oracle.name(), objective.id(), objective.direction(),
                    b.score(), b.id(), model.name(), BestHyperParameters.layersOf(model), b.hyperParameters(), now()));
        } else {
            Files.deleteIfExists(store.bestFile());
        }
        long failed = trials.stream().filter(t -> t.status() == TrialStatus.FAILED).count();
        if (ran == 0 && !trials.isEmpty()) {
            log.info("the search in " + store.directory() + " is complete and its settings unchanged: no trial run"
                    + " (-Dmnist.overwrite=true searches again)");
        }
        log.info(String.format(Locale.ROOT, "tuning done (%s): %d trial(s) in all, %d run now, %d failed; %s",
                oracle.name(), trials.size(), ran, failed, stopReason));
        for (String line : ResultsTable.logLines(trials, space, objective)) {
            log.info("  " + line);
        }
        if (best.isPresent()) {
            log.info(String.format(Locale.ROOT, "best: %s, %s %.4f, %s; written to %s (mnist:train uses it), results in %s",
                    best.get().id(), objective.id(), best.get().score(), values(best.get()), store.bestFile(), store.resultsFile()));
        } else {
            log.warn("no trial completed, so there are no best hyperparameters; mnist:train will use the POM's values. See "
                    + store.resultsFile());
        }
        return new TuningResult(trials, best.orElse(null), stopReason, ran);
    }

    private void logStart(List<Trial> trials) {
        log.info(oracle.name() + " search, objective " + objective.id() + " (" + objective.direction() + "): "
                + oracle.plan(budget.maxTrials()) + (budget.timeoutSeconds() > 0
                ? ", time budget " + Durations.format(budget.timeoutSeconds()) : "")
                + (budget.patience() > 0 ? ", early stopping after " + budget.patience() + " epoch(s) without improvement" : ""));
        log.info("search space: " + String.join("; ", space.describe()));
        if (!trials.isEmpty()) {
            long done = trials.stream().filter(t -> t.status() != TrialStatus.RUNNING).count();
            log.info("resuming the search in " + store.directory() + ": " + done + " trial(s) done, "
                    + (trials.size() - done) + " interrupted (set -Dmnist.overwrite=true to start afresh)");
        }
    }

    private static String values(Trial t) {
        return Values.display(t.hyperParameters());
    }

    private void logTrialStart(Trial t, int count) {
        String limit = budget.maxTrials() > 0 ? "/" + budget.maxTrials() : "";
        String from = t.continuesFrom() != null ? ", continuing " + t.continuesFrom() + " from epoch " + t.initialEpoch() : "";
        log.info(t.id() + " (" + (t.number() + 1) + limit + "): " + values(t) + "; " + t.epochs() + " epoch(s)" + from);
    }

    private void logTrialEnd(Trial t, List<Trial> trials) {
        if (t.status() == TrialStatus.FAILED) {
            log.warn("" + t.id() + " failed after " + Durations.format(t.seconds()) + ": " + t.failure());
            return;
        }
        Trial best = oracle.bestFirst(trials).get(0);
        log.info(String.format(Locale.ROOT, "%s: %s %.4f (epoch %d) in %s%s; best so far %s (%.4f)", t.id(),
                objective.id(), t.score(), t.bestEpoch(), Durations.format(t.seconds()),
                t.stopReason() == null ? "" : ", " + t.stopReason(), best.id(), best.score()));
    }
}
