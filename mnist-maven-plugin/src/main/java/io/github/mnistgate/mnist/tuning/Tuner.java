package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.training.Trainer;
import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Durations;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.NativeBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Runs a search, one trial at a time or several at once, as KerasTuner's {@code Tuner.search} does: asks the oracle for
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
         * Trains the trial's model, calling {@code listener} after every epoch and stopping when it returns false.
         * Throws when the trial cannot run (e.g. a layer shape that cannot be built).
         */
        void run(Trial trial, Trainer.EpochListener listener) throws Exception;
    }

    /**
     * @param maxTrials              trials at most, counting those of an earlier run of the search; 0 for none
     * @param timeoutSeconds         wall-clock budget of this run of the search, 0 for none
     * @param patience               epochs without improvement after which a trial stops, 0 for never
     * @param maxConsecutiveFailures failed trials in a row after which the search gives up
     */
    public record Budget(int maxTrials, double timeoutSeconds, int patience, int maxConsecutiveFailures) {}

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
    private final TuningDisplay display;
    private LongSupplier clock = System::nanoTime;
    private int parallelTrials = 1;
    private TrialExecutor.Factory executors = LocalTrialExecutor.factory(() -> {});
    private String how = LocalTrialExecutor.SIDE_BY_SIDE;
    private long started;

    /**
     * @param context what else makes this search this search besides oracle, objective and space (model,
     *                data, training settings); a changed context is a changed search
     */
    public Tuner(
            Oracle oracle,
            SearchSpace space,
            Budget budget,
            long seed,
            ModelSpec model,
            Map<String, Object> context,
            TrialStore store,
            TrialRunner runner,
            BuildLog log) {
        this.oracle = oracle;
        this.space = space;
        this.objective = oracle.objective;
        this.budget = budget;
        this.seed = seed;
        this.model = model;
        this.store = store;
        this.runner = runner;
        this.log = log;
        this.display = new TuningDisplay(oracle, space, budget, store, log);
        Map<String, Object> s = new LinkedHashMap<>(oracle.config());
        s.put("objective", objective.id());
        s.put("searchSpace", space.config());
        s.put("model", model.name());
        s.put("layers", BestHyperParameters.layersOf(model));
        s.put("seed", seed);
        s.putAll(context);
        this.search = s;
    }

    /**
     * Runs up to {@code trials} trials at once (when the oracle can propose while trials run) on {@code executors}.
     *
     * @param how   how the trials run side by side, for the log, e.g. {@code as tasks of Spark (local[2])}
     */
    public Tuner parallel(int trials, TrialExecutor.Factory executors, String how) {
        this.parallelTrials = trials;
        this.executors = executors;
        this.how = how;
        return this;
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
        display.started(trials);
        int capacity = parallelTrials > 1 && oracle.proposesWhileRunning() ? parallelTrials : 1;
        if (parallelTrials > 1 && capacity == 1) {
            log.info(oracle.name() + " runs one trial at a time (each round needs the whole previous round's results):"
                    + " mnist.parallelTrials=" + parallelTrials + " is not used");
        } else if (capacity > 1) {
            log.info(capacity + " trials at a time, " + how);
        }
        Deque<Integer> interrupted = new ArrayDeque<>();
        for (int i = 0; i < trials.size(); i++) {
            if (trials.get(i).status() == TrialStatus.RUNNING) {
                interrupted.add(i);
            }
        }
        String stopReason = null;
        boolean gaveUp = false;
        Trial lastFailed = null;
        int failuresInARow = 0;
        int ran = 0;
        try (TrialExecutor pool = executors.open(capacity, this::runTrial)) {
            while (true) {
                // One driver loop for one trial at a time and for several: start what there is room for, then take
                // the next that finishes. Once a stop reason is known, only the running trials are waited for.
                while (stopReason == null && pool.running() < capacity) {
                    int index;
                    Trial trial;
                    if (!interrupted.isEmpty()) {
                        index = interrupted.poll();
                        trial = trials.get(index).restarted(now());
                        log.info(trial.id() + " was interrupted: running it again");
                    } else if (budget.maxTrials() > 0 && trials.size() >= budget.maxTrials()) {
                        stopReason = "maxTrials=" + budget.maxTrials() + " reached";
                        break;
                    } else if (timeIsUp()) {
                        stopReason = "the time budget of " + Durations.format(budget.timeoutSeconds()) + " is used up";
                        break;
                    } else {
                        Optional<Proposal> proposal = oracle.next(trials);
                        if (proposal.isEmpty()) {
                            if (pool.running() == 0) {
                                stopReason = oracle.stopReason();
                            }
                            break; // else ask again once a running trial has finished
                        }
                        trial = Trial.start(trials.size(), proposal.get(), seed, now());
                        trials.add(trial);
                        index = trials.size() - 1;
                    }
                    trials.set(index, trial);
                    store.save(trial);
                    saveOracle(trials, null);
                    display.trialStarted(trial);
                    pool.start(index, trial);
                }
                if (pool.running() == 0) {
                    break;
                }
                TrialExecutor.Finished finished = pool.next();
                Trial done = finished.trial();
                trials.set(finished.index(), done);
                store.save(done);
                ran++;
                display.trialEnded(done, trials);
                boolean failed = done.status() == TrialStatus.FAILED;
                lastFailed = failed ? done : lastFailed;
                failuresInARow = failed ? failuresInARow + 1 : 0;
                if (failuresInARow >= budget.maxConsecutiveFailures() && !gaveUp) {
                    stopReason = failuresInARow + " trials in a row failed (maxConsecutiveFailedTrials="
                            + budget.maxConsecutiveFailures() + ")";
                    gaveUp = true;
                }
                saveOracle(trials, null);
            }
        }
        saveOracle(trials, stopReason);
        TuningResult result = finish(trials, stopReason, ran);
        if (gaveUp) {
            throw new TuningException("tuning stopped: " + stopReason + "; the last failure: " + lastFailed.failure()
                    + ". See " + store.resultsFile());
        }
        return result;
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

    /** Trains one trial here and scores it. */
    private Trial runTrial(Trial trial) throws IOException {
        long trialStart = clock.getAsLong();
        return TrialScorer.runAndScore(
                        runner,
                        trial,
                        objective,
                        budget.patience(),
                        this::timeIsUp,
                        () -> elapsedSeconds(trialStart),
                        store)
                .ranOn(TrialTask.ranHere("local", NativeBackend.threadsHere()));
    }

    private void saveOracle(List<Trial> trials, String stopReason) throws IOException {
        store.saveOracle(
                search,
                budget,
                trials,
                oracle.bestFirst(trials).stream().findFirst().orElse(null),
                stopReason);
    }

    private TuningResult finish(List<Trial> trials, String stopReason, int ran) throws IOException {
        AtomicFiles.writeString(
                store.resultsFile(), ResultsTable.markdown(trials, space, objective, oracle.name(), stopReason));
        Optional<Trial> best = oracle.bestFirst(trials).stream().findFirst();
        if (best.isPresent()) {
            Trial b = best.get();
            Json.write(
                    store.bestFile(),
                    new BestHyperParameters(
                            oracle.name(),
                            objective.id(),
                            objective.direction(),
                            b.score(),
                            b.id(),
                            model.name(),
                            BestHyperParameters.layersOf(model),
                            b.hyperParameters(),
                            now()));
        } else {
            Files.deleteIfExists(store.bestFile());
        }
        display.finished(trials, best.orElse(null), stopReason, ran);
        return new TuningResult(trials, best.orElse(null), stopReason, ran);
    }
}
