package io.github.mnistgate.mnist.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.tuning.HyperbandOracle.BracketPlan;
import io.github.mnistgate.mnist.tuning.HyperbandOracle.Rung;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Hyperband's brackets and rounds (Li et al., as KerasTuner computes them) and how it fills them. */
class HyperbandOracleTest {

    private static HyperbandOracle hyperband(int maxEpochs, int factor, int iterations) {
        return new HyperbandOracle(OracleTest.WIDE, Objective.VAL_ACCURACY, maxEpochs, factor, iterations, 5);
    }

    private static List<Rung> rungs(int... trialsThenEpochs) {
        List<Rung> rungs = new ArrayList<>();
        for (int i = 0; i < trialsThenEpochs.length; i += 2) {
            rungs.add(new Rung(trialsThenEpochs[i], trialsThenEpochs[i + 1]));
        }
        return rungs;
    }

    @Test
    void bracketsForNineEpochsAndFactorThree() {
        HyperbandOracle h = hyperband(9, 3, 1);
        assertEquals(3, h.brackets(), "s_max = log3(9) = 2");
        assertEquals(
                List.of(
                        new BracketPlan(2, rungs(9, 1, 3, 3, 1, 9)),
                        new BracketPlan(1, rungs(5, 3, 2, 9)),
                        new BracketPlan(0, rungs(3, 9))),
                h.schedule());
        assertEquals(23, h.trialsPerIteration());
    }

    @Test
    void firstRoundsMatchThePapersTableForR81AndEta3() {
        // Li et al. 2018, Table 1 (R = 81, eta = 3): n_i and r_i of each bracket's first round, and the
        // epochs of every round r_i = R * eta^(i - s).
        HyperbandOracle h = hyperband(81, 3, 1);
        List<BracketPlan> plan = h.schedule();
        assertEquals(5, plan.size());
        assertEquals(
                List.of(81, 34, 15, 8, 5),
                plan.stream().map(b -> b.rungs().get(0).trials()).toList());
        assertEquals(
                List.of(1, 3, 9, 27, 81),
                plan.stream().map(b -> b.rungs().get(0).epochs()).toList());
        for (BracketPlan b : plan) {
            for (int i = 0; i < b.rungs().size(); i++) {
                assertEquals(
                        81 / (int) Math.pow(3, b.bracket() - i),
                        b.rungs().get(i).epochs());
            }
        }
        // Later rounds: the most aggressive bracket halves exactly as in the paper (81, 27, 9, 3, 1); elsewhere
        // KerasTuner rounds up, ceil(n_0 / eta^i) of the exact n_0, where the paper rounds down.
        assertEquals(rungs(81, 1, 27, 3, 9, 9, 3, 27, 1, 81), plan.get(0).rungs());
        assertEquals(rungs(34, 3, 12, 9, 4, 27, 2, 81), plan.get(1).rungs());
        assertEquals(rungs(15, 9, 5, 27, 2, 81), plan.get(2).rungs());
        assertEquals(rungs(8, 27, 3, 81), plan.get(3).rungs());
        assertEquals(rungs(5, 81), plan.get(4).rungs());
    }

    @Test
    void maxEpochsThatAreNoPowerOfTheFactor() {
        // ceil(1 + log3(10)) = 4 as the size of bracket 0; brackets s = 2, 1, 0 as 10 / 3^2 >= 1.
        assertEquals(
                List.of(
                        new BracketPlan(2, rungs(12, 2, 4, 4, 2, 10)),
                        new BracketPlan(1, rungs(6, 4, 2, 10)),
                        new BracketPlan(0, rungs(4, 10))),
                hyperband(10, 3, 1).schedule());
        assertEquals(
                List.of(new BracketPlan(1, rungs(2, 1, 1, 2)), new BracketPlan(0, rungs(2, 2))),
                hyperband(2, 2, 1).schedule());
    }

    @Test
    void aSearchRunsEveryBracketAndContinuesTheBestOfEachRound() {
        ToDoubleFunction<Proposal> score =
                p -> ((Number) p.values().get("units")).doubleValue() / 512 + p.epochs() * 1e-3;
        HyperbandOracle h = hyperband(9, 3, 2);
        List<Trial> trials = Synthetic.search(h, score, 1000);
        assertEquals(46, trials.size(), "two iterations of 23 trials");
        assertTrue(h.stopReason().contains("2 iteration(s)"), h.stopReason());

        Map<String, List<Trial>> byRound = trials.stream()
                .collect(Collectors.groupingBy(t -> t.iteration() + "/" + t.bracket() + "/" + t.round()));
        int[][] expected = {{2, 0, 9, 1}, {2, 1, 3, 3}, {2, 2, 1, 9}, {1, 0, 5, 3}, {1, 1, 2, 9}, {0, 0, 3, 9}};
        for (int iteration = 0; iteration < 2; iteration++) {
            for (int[] e : expected) {
                List<Trial> round = byRound.get(iteration + "/" + e[0] + "/" + e[1]);
                assertEquals(e[2], round.size(), "trials of bracket " + e[0] + " round " + e[1]);
                assertTrue(
                        round.stream().allMatch(t -> t.epochs() == e[3]),
                        "epochs of bracket " + e[0] + " round " + e[1]);
                if (e[1] == 0) {
                    assertTrue(round.stream().allMatch(t -> t.continuesFrom() == null && t.initialEpoch() == 0));
                } else {
                    // The round continues the best trials of the round before, from where they stopped.
                    List<Trial> before = byRound.get(iteration + "/" + e[0] + "/" + (e[1] - 1));
                    List<String> best = before.stream()
                            .sorted(Comparator.comparingDouble(Trial::score)
                                    .reversed()
                                    .thenComparingInt(Trial::number))
                            .limit(e[2])
                            .map(Trial::id)
                            .toList();
                    assertEquals(best, round.stream().map(Trial::continuesFrom).toList());
                    assertTrue(round.stream()
                            .allMatch(t -> t.initialEpoch() == before.get(0).epochs()));
                    for (Trial t : round) {
                        Trial parent = trials.stream()
                                .filter(p -> p.id().equals(t.continuesFrom()))
                                .findFirst()
                                .orElseThrow();
                        assertEquals(parent.hyperParameters(), t.hyperParameters());
                    }
                }
            }
        }
        // Brackets run in KerasTuner's order: the most aggressive first, each finished before the next starts.
        assertEquals(2, trials.get(0).bracket());
        assertEquals(1, trials.get(13).bracket());
        assertEquals(0, trials.get(20).bracket());
        assertNull(trials.get(0).continuesFrom());
    }

    @Test
    void aBracketWithFailedTrialsPromotesTheCompletedOnes() {
        HyperbandOracle h = hyperband(3, 3, 1);
        List<Trial> trials = new ArrayList<>();
        // bracket 1: 3 trials of 1 epoch (one fails), then the best continues to 3 epochs.
        for (int i = 0; i < 3; i++) {
            Proposal p = h.next(trials).orElseThrow();
            assertEquals(1, p.bracket());
            Trial t = Synthetic.completed(i, p, 0.1 * (i + 1));
            trials.add(i == 2 ? Trial.start(i, p, 1, "now").failed("boom", 0, "now") : t);
        }
        Proposal promoted = h.next(trials).orElseThrow();
        assertEquals("trial_001", promoted.continuesFrom(), "the best completed one");
        assertEquals(3, promoted.epochs());
        assertEquals(1, promoted.initialEpoch());
    }
}
