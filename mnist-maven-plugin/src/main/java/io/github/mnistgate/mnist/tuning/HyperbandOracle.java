package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Hyperband (Li, Jamieson, DeSalvo, Rostamizadeh, Talwalkar, JMLR 18, 2018) as KerasTuner runs it. Each
 * iteration runs brackets {@code s = s_max .. 0}, {@code s_max = floor(log_factor(maxEpochs))}. Bracket
 * {@code s} starts {@code ceil((s_max+1) / (s+1) * factor^s)} random configurations with
 * {@code maxEpochs / factor^s} epochs (rounded up), then, round by round, continues the best ones
 * (successive halving) with {@code factor} times the epochs, until the survivors train {@code maxEpochs}.
 * Round sizes are rounded up as KerasTuner rounds them (the paper rounds later rounds down), in whole
 * numbers, where KerasTuner's floating point sometimes rounds one too high.
 *
 * <p>A continued trial loads the model its predecessor saved and trains the remaining epochs.
 */
public final class HyperbandOracle extends Oracle {

    /** One round of a bracket: how many trials, each trained to how many epochs in total. */
    public record Rung(int trials, int epochs) {}

    /** A bracket's rounds, first to last. */
    public record BracketPlan(int bracket, List<Rung> rungs) {}

    private final int factor;
    private final int iterations;

    public HyperbandOracle(
            SearchSpace space, Objective objective, int maxEpochs, int factor, int iterations, long seed) {
        super(space, objective, maxEpochs, seed);
        if (factor < 2) {
            throw new InvalidSettingException(
                    "hyperbandFactor", factor, "must be a whole number of at least 2 (KerasTuner's default is 3)");
        }
        if (iterations < 1) {
            throw new InvalidSettingException(
                    "hyperbandIterations", iterations, "must be a whole number of at least 1");
        }
        this.factor = factor;
        this.iterations = iterations;
    }

    @Override
    public boolean proposesWhileRunning() {
        return false;
    }

    @Override
    public String name() {
        return "hyperband";
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("factor", factor);
        c.put("iterations", iterations);
        return c;
    }

    @Override
    public boolean continuesTrials() {
        return true;
    }

    /** Brackets per iteration, {@code s_max + 1}: the powers of the factor that do not exceed maxEpochs. */
    public int brackets() {
        int n = 0;
        for (long p = 1; p <= epochs; p *= factor) {
            n++;
        }
        return n;
    }

    private static long power(int base, int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= base;
        }
        return p;
    }

    /**
     * Trials in round {@code round} of bracket {@code bracket}: KerasTuner's
     * {@code ceil(ceil(1 + log_factor(maxEpochs)) / (bracket + 1) * factor^(bracket - round))}, computed in
     * whole numbers (KerasTuner's floating point gives e.g. 16 instead of the paper's 15 for 81 epochs).
     */
    public int size(int bracket, int round) {
        int k = 0;
        while (power(factor, k) < epochs) {
            k++;
        }
        long lastRoundOfBracket0 = 1L + k; // ceil(1 + log_factor(maxEpochs))
        long numerator = lastRoundOfBracket0 * power(factor, bracket - round);
        return (int) ((numerator + bracket) / (bracket + 1));
    }

    /** Total epochs a trial of round {@code round} of bracket {@code bracket} is trained to: {@code ceil(maxEpochs / factor^(bracket - round))}. */
    public int epochs(int bracket, int round) {
        long divisor = power(factor, bracket - round);
        return (int) ((epochs + divisor - 1) / divisor);
    }

    /** One iteration's brackets, most aggressive (most configurations, fewest epochs) first. */
    public List<BracketPlan> schedule() {
        List<BracketPlan> plan = new ArrayList<>();
        for (int b = brackets() - 1; b >= 0; b--) {
            List<Rung> rungs = new ArrayList<>();
            for (int r = 0; r <= b; r++) {
                rungs.add(new Rung(size(b, r), epochs(b, r)));
            }
            plan.add(new BracketPlan(b, rungs));
        }
        return plan;
    }

    /** Trials one full iteration runs. */
    public int trialsPerIteration() {
        return schedule().stream()
                .flatMap(b -> b.rungs().stream())
                .mapToInt(Rung::trials)
                .sum();
    }

    @Override
    public String plan(int maxTrials) {
        String brackets = schedule().stream()
                .map(b -> b.rungs().stream()
                        .map(r -> r.trials() + "x" + r.epochs() + "ep")
                        .collect(Collectors.joining(" > ")))
                .collect(Collectors.joining(" | "));
        int total = trialsPerIteration() * iterations;
        return "max epochs " + epochs + ", factor " + factor + ", " + iterations + " iteration(s) of brackets "
                + brackets + ": " + total + " trial(s)"
                + (maxTrials > 0 && maxTrials < total ? ", cut to maxTrials=" + maxTrials : "");
    }

    /** A bracket as the trials so far filled it. */
    private static final class Bracket {
        final int iteration;
        final int number;
        final List<List<Trial>> rounds = new ArrayList<>();

        Bracket(int iteration, int number) {
            this.iteration = iteration;
            this.number = number;
            for (int r = 0; r <= number; r++) {
                rounds.add(new ArrayList<>());
            }
        }
    }

    /** The brackets in the order they were started, rebuilt from the trials. */
    private static List<Bracket> replay(List<Trial> trials) {
        Map<String, Bracket> brackets = new LinkedHashMap<>();
        for (Trial t : trials) {
            if (t.bracket() == null || t.round() == null || t.iteration() == null) {
                continue;
            }
            Bracket b = brackets.computeIfAbsent(
                    t.iteration() + "/" + t.bracket(), k -> new Bracket(t.iteration(), t.bracket()));
            if (t.round() >= 0 && t.round() < b.rounds.size()) {
                b.rounds.get(t.round()).add(t);
            }
        }
        return new ArrayList<>(brackets.values());
    }

    @Override
    public Optional<Proposal> next(List<Trial> trials) {
        List<Bracket> started = replay(trials);
        Bracket current = started.isEmpty() ? new Bracket(0, brackets() - 1) : started.get(started.size() - 1);
        if (started.isEmpty()) {
            started.add(current);
        }
        Random random = randomFor(trials.size());
        Set<String> tried = tried(trials);
        for (Bracket b : started) {
            int last = b.number;
            if (b.rounds.get(last).size() == size(b.number, last)) {
                continue; // every trial of this bracket was created
            }
            if (b.rounds.get(0).size() < size(b.number, 0)) {
                return randomTrial(b, random, tried);
            }
            for (int round = 1; round <= b.number; round++) {
                Set<String> continued = new HashSet<>();
                b.rounds.get(round).forEach(t -> continued.add(t.continuesFrom()));
                List<Trial> remaining = b.rounds.get(round - 1).stream()
                        .filter(t -> !continued.contains(t.id()))
                        .toList();
                List<Trial> candidates = bestFirst(remaining);
                // KerasTuner promotes once more trials of the round before are done than it drops; a failed
                // trial counts as done (and dropped), so that one failure does not hold up the bracket.
                long failed = remaining.stream()
                        .filter(t -> t.status() == TrialStatus.FAILED)
                        .count();
                if (!candidates.isEmpty()
                        && candidates.size() + failed > size(b.number, round - 1) - size(b.number, round)) {
                    Trial best = candidates.get(0);
                    return Optional.of(new Proposal(
                            best.hyperParameters(),
                            epochs(b.number, round),
                            epochs(b.number, round - 1),
                            best.id(),
                            b.iteration,
                            b.number,
                            round));
                }
            }
        }
        if (current.number == 0 && current.iteration + 1 >= iterations) {
            return stop("hyperband ran its " + iterations + " iteration(s)");
        }
        int number = current.number - 1;
        int iteration = current.iteration;
        if (number < 0) {
            number = brackets() - 1;
            iteration++;
        }
        return randomTrial(new Bracket(iteration, number), random, tried);
    }

    private Optional<Proposal> randomTrial(Bracket b, Random random, Set<String> tried) {
        return randomUntried(random, tried)
                .map(values -> new Proposal(values, epochs(b.number, 0), 0, null, b.iteration, b.number, 0))
                .or(() -> stop(exhausted()));
    }
}
