package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.training.Objective;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Decides which hyperparameters to try next, as KerasTuner's {@code Oracle} does. An oracle keeps no state
 * of its own: it reads everything from the trials so far, so a search that was interrupted resumes exactly
 * where it stood. Each trial draws its random numbers from a generator seeded by the search seed and the
 * trial number, so the same seed gives the same search.
 */
public abstract class Oracle {

    /** Draws of already-tried values in a row after which a random search counts the space as exhausted. */
    static final int MAX_COLLISIONS = 20;

    protected final SearchSpace space;
    protected final Objective objective;
    protected final int epochs;
    protected final long seed;
    private String stopReason = "";

    /**
     * @param epochs epochs each trial trains (hyperband: the most any trial trains)
     */
    protected Oracle(SearchSpace space, Objective objective, int epochs, long seed) {
        this.space = space;
        this.objective = objective;
        this.epochs = epochs;
        this.seed = seed;
    }

    /** {@code random}, {@code grid}, {@code hyperband} or {@code bayesian}. */
    public abstract String name();

    /**
     * The next trial to run, given every trial so far in order (some may still be running when trials run in
     * parallel);
     * empty when the search has nothing left to try, with {@link #stopReason()} saying why.
     */
    public abstract Optional<Proposal> next(List<Trial> trials);

    /** Why {@link #next} last returned empty. */
    public String stopReason() {
        return stopReason;
    }

    protected Optional<Proposal> stop(String reason) {
        stopReason = reason;
        return Optional.empty();
    }

    /** The settings that make two searches the same search, for {@code oracle.json}. */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("tuner", name());
        c.put("epochs", epochs);
        return c;
    }

    /**
     * Whether the oracle can propose while trials are still running (random, grid and bayesian can: they skip the
     * values being tried; hyperband cannot, as each round needs the whole previous round's results).
     */
    public boolean proposesWhileRunning() {
        return true;
    }

    /** Whether trials continue the models of earlier trials, so each trial's model must be kept. */
    public boolean continuesTrials() {
        return false;
    }

    /** A line for the log describing how the oracle will search, given the trial limit (0: none). */
    public String plan(int maxTrials) {
        return maxTrials > 0
                ? "up to " + maxTrials + " trial(s)"
                : "until the time budget is used or the space is exhausted";
    }

    /** The generator of trial {@code number}: independent of the trials before it, so resuming repeats it. */
    protected Random randomFor(int number) {
        long z = seed * 0x9E3779B97F4A7C15L + (number + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new Random(z ^ (z >>> 31));
    }

    /** Keys of the values every trial so far tried. */
    protected Set<String> tried(List<Trial> trials) {
        Set<String> keys = new HashSet<>();
        trials.forEach(t -> keys.add(space.key(t.hyperParameters())));
        return keys;
    }

    /** Random values not tried before, or empty after {@link #MAX_COLLISIONS} draws that all were. */
    protected Optional<Map<String, Object>> randomUntried(Random random, Set<String> tried) {
        for (int i = 0; i < MAX_COLLISIONS; i++) {
            Map<String, Object> values = space.random(random);
            if (!tried.contains(space.key(values))) {
                return Optional.of(values);
            }
        }
        return Optional.empty();
    }

    protected static String exhausted() {
        return "the search space is exhausted (" + MAX_COLLISIONS + " random draws in a row had all been tried)";
    }

    /** Completed trials, best first (ties: the earlier trial first). */
    protected List<Trial> bestFirst(List<Trial> trials) {
        return trials.stream()
                .filter(Trial::isCompleted)
                .sorted(ranking(objective))
                .toList();
    }

    /** Orders completed trials best first by score, then by number. */
    public static Comparator<Trial> ranking(Objective objective) {
        return (a, b) -> {
            if (objective.better(a.score(), b.score())) {
                return -1;
            }
            if (objective.better(b.score(), a.score())) {
                return 1;
            }
            return Integer.compare(a.number(), b.number());
        };
    }
}
