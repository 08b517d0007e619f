package io.github.mnistgate.mnist.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.tuning.BayesianOptimizationOracle.Acquisition;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Bayesian optimization on cheap synthetic objectives, against random search with the same budget. */
class BayesianOptimizationOracleTest {

    private static final SearchSpace SPACE = SearchSpace.of(
            new FloatParameter("x", 0, 1, null, Sampling.LINEAR),
            new FloatParameter("y", 0, 1, null, Sampling.LINEAR),
            new FloatParameter("lr", 1e-5, 1e-1, null, Sampling.LOG),
            IntParameter.linear("units", 16, 512, 16));

    /** A smooth "validation accuracy" peaking at x=0.3, y=0.7, lr=1e-3, units=256. */
    private static double objective(Proposal p) {
        Map<String, Object> v = p.values();
        double x = (Double) v.get("x") - 0.3;
        double y = (Double) v.get("y") - 0.7;
        double lr = (Math.log10((Double) v.get("lr")) + 3) / 4;
        double u = ((Integer) v.get("units") - 256) / 496.0;
        return 1 - (x * x + y * y + lr * lr + u * u);
    }

    private static double best(List<Trial> trials) {
        return trials.stream().mapToDouble(Trial::score).max().orElseThrow();
    }

    private static double meanBest(int trials, java.util.function.LongFunction<Oracle> oracle) {
        double sum = 0;
        int seeds = 8;
        for (long seed = 1; seed <= seeds; seed++) {
            sum += best(Synthetic.search(oracle.apply(seed), BayesianOptimizationOracleTest::objective, trials));
        }
        return sum / seeds;
    }

    @Test
    void beatsRandomSearchOnAverageWithTheSameNumberOfTrials() {
        int trials = 25;
        double random = meanBest(trials, seed -> new RandomSearchOracle(SPACE, Objective.VAL_ACCURACY, 1, seed));
        double ei = meanBest(
                trials,
                seed -> new BayesianOptimizationOracle(SPACE, Objective.VAL_ACCURACY, 1, seed, 0, Acquisition.EI));
        double ucb = meanBest(
                trials,
                seed -> new BayesianOptimizationOracle(SPACE, Objective.VAL_ACCURACY, 1, seed, 0, Acquisition.UCB));
        assertTrue(ei > random, "expected improvement " + ei + " vs random " + random);
        assertTrue(ucb > random, "upper confidence bound " + ucb + " vs random " + random);
        // Most of the gap to the optimum (1.0) closes.
        assertTrue(1 - ei < (1 - random) * 0.6, "ei " + ei + " random " + random);
    }

    @Test
    void minimizesWhenTheObjectiveIsALoss() {
        ToDoubleFunction<Proposal> loss = p -> 1 - objective(p);
        double sum = 0;
        double randomSum = 0;
        for (long seed = 1; seed <= 5; seed++) {
            sum += Synthetic.search(
                            new BayesianOptimizationOracle(SPACE, Objective.VAL_LOSS, 1, seed, 5, Acquisition.EI),
                            loss,
                            20)
                    .stream()
                    .mapToDouble(Trial::score)
                    .min()
                    .orElseThrow();
            randomSum += Synthetic.search(new RandomSearchOracle(SPACE, Objective.VAL_LOSS, 1, seed), loss, 20).stream()
                    .mapToDouble(Trial::score)
                    .min()
                    .orElseThrow();
        }
        assertTrue(sum < randomSum, "bayesian " + sum + " vs random " + randomSum);
    }

    @Test
    void startsWithRandomPointsIsReproducibleAndNeverRepeats() {
        BayesianOptimizationOracle oracle =
                new BayesianOptimizationOracle(OracleTest.SMALL, Objective.VAL_ACCURACY, 1, 3, 0, Acquisition.EI);
        assertEquals(9, oracle.initialPoints(), "three per searched hyperparameter (n, act, bn; lr is fixed)");
        ToDoubleFunction<Proposal> f = p ->
                (Integer) p.values().get("n") + (Boolean.TRUE.equals(p.values().get("bn")) ? 1 : 0);
        List<Trial> a = Synthetic.search(oracle, f, 100);
        List<Trial> b = Synthetic.search(
                new BayesianOptimizationOracle(OracleTest.SMALL, Objective.VAL_ACCURACY, 1, 3, 0, Acquisition.EI),
                f,
                100);
        assertEquals(
                a.stream().map(Trial::hyperParameters).toList(),
                b.stream().map(Trial::hyperParameters).toList());
        assertEquals(
                a.size(), new HashSet<>(a.stream().map(Trial::hyperParameters).toList()).size());
        assertEquals(12, a.size(), "the whole small space, then it stops");
    }

    @Test
    void theGaussianProcessInterpolatesWhatItSaw() {
        double[][] x = {{0.1}, {0.5}, {0.9}};
        double[] y = {1, 0, 1};
        GaussianProcess gp = GaussianProcess.fit(x, y);
        double[] atMiddle = gp.predict(new double[] {0.5});
        double[] atEdge = gp.predict(new double[] {0.1});
        assertTrue(atMiddle[0] < atEdge[0], "keeps the shape");
        assertTrue(atMiddle[1] < gp.predict(new double[] {0.3})[1], "surer where it has seen a point");
        assertEquals(0.5, GaussianProcess.cdf(0), 1e-7);
        assertEquals(0.975, GaussianProcess.cdf(1.959964), 1e-6);
    }
}
