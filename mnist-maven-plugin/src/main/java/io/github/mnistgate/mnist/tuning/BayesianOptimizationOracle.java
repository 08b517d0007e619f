package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * KerasTuner's {@code BayesianOptimization}: after some random trials, a Gaussian process models the
 * score as a function of the hyperparameters (embedded in the unit cube), and each next trial takes the
 * untried values that maximize the acquisition function: expected improvement ({@code ei}, the default) or
 * the upper confidence bound ({@code ucb}, KerasTuner's choice, beta 2.6). The acquisition is maximized
 * over many random candidates plus neighbours of the best trials.
 */
public final class BayesianOptimizationOracle extends Oracle {

    /** How promising an untried point is. */
    public enum Acquisition {
        EI,
        UCB;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Acquisition fromId(String value) {
            String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
            for (Acquisition a : values()) {
                if (a.id().equals(wanted)) {
                    return a;
                }
            }
            throw new InvalidSettingException(
                    "bayesianAcquisition",
                    value,
                    "allowed values are ei (expected improvement), ucb (upper confidence bound)");
        }
    }

    static final double BETA = 2.6;
    static final double XI = 0.01;

    private final int initialPoints;
    private final Acquisition acquisition;

    /**
     * @param initialPoints random trials before the model is used; 0 for KerasTuner's default, three per
     *                      searched hyperparameter (at least 3)
     */
    public BayesianOptimizationOracle(
            SearchSpace space, Objective objective, int epochs, long seed, int initialPoints, Acquisition acquisition) {
        super(space, objective, epochs, seed);
        if (initialPoints < 0) {
            throw new InvalidSettingException(
                    "bayesianInitialPoints",
                    initialPoints,
                    "must be 0 (three per searched hyperparameter) or a positive number of random trials");
        }
        this.initialPoints = initialPoints;
        this.acquisition = acquisition;
    }

    @Override
    public String name() {
        return "bayesian";
    }

    /** Random trials before the Gaussian process proposes. */
    public int initialPoints() {
        if (initialPoints > 0) {
            return initialPoints;
        }
        long searched =
                space.parameters().stream().filter(p -> p.dimensions() > 0).count();
        return (int) Math.max(3, 3 * searched);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("initialPoints", initialPoints());
        c.put("acquisition", acquisition.id());
        return c;
    }

    @Override
    public String plan(int maxTrials) {
        return super.plan(maxTrials) + ", the first " + initialPoints() + " random, then Gaussian process with "
                + (acquisition == Acquisition.EI ? "expected improvement" : "upper confidence bound");
    }

    @Override
    public Optional<Proposal> next(List<Trial> trials) {
        Random random = randomFor(trials.size());
        Set<String> tried = tried(trials);
        List<Trial> done = bestFirst(trials);
        if (done.size() >= initialPoints() && space.dimensions() > 0) {
            Optional<Map<String, Object>> modelled = propose(done, random, tried);
            if (modelled.isPresent()) {
                return Optional.of(Proposal.of(modelled.get(), epochs));
            }
        }
        return randomUntried(random, tried)
                .map(values -> Proposal.of(values, epochs))
                .or(() -> stop(exhausted()));
    }

    private Optional<Map<String, Object>> propose(List<Trial> done, Random random, Set<String> tried) {
        double[][] x = new double[done.size()][];
        double[] y = new double[done.size()];
        for (int i = 0; i < done.size(); i++) {
            x[i] = space.encode(done.get(i).hyperParameters());
            y[i] = objective.asLoss(done.get(i).score());
        }
        GaussianProcess gp = GaussianProcess.fit(x, y);
        if (gp == null) {
            return Optional.empty();
        }
        List<Map<String, Object>> candidates = new ArrayList<>();
        int dims = space.dimensions();
        for (int i = 0; i < 300 + 100 * dims; i++) {
            candidates.add(space.random(random));
        }
        for (Trial good : done.subList(0, Math.min(5, done.size()))) {
            for (int i = 0; i < 60; i++) {
                candidates.add(space.neighbour(good.hyperParameters(), random));
            }
        }
        Map<String, Object> best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        Set<String> seen = new HashSet<>(tried);
        for (Map<String, Object> c : candidates) {
            if (!seen.add(space.key(c))) {
                continue;
            }
            double[] point = space.encode(c);
            double value =
                    acquisition == Acquisition.EI ? gp.expectedImprovement(point, XI) : gp.confidenceBound(point, BETA);
            if (value > bestValue) {
                bestValue = value;
                best = c;
            }
        }
        return Optional.ofNullable(best);
    }
}
