package io.github.mnistgate.mnist.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.training.Objective;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Random and grid search on synthetic objectives. */
class OracleTest {

    static final SearchSpace SMALL = SearchSpace.of(
            IntParameter.linear("n", 1, 3, 1),
            new ChoiceParameter("act", List.of("relu", "tanh"), false),
            new BooleanParameter("bn"),
            new FixedParameter("lr", 0.001));

    static final SearchSpace WIDE = SearchSpace.of(
            IntParameter.linear("units", 32, 512, 32),
            new FloatParameter("rate", 1e-4, 1e-1, null, Sampling.LOG),
            new ChoiceParameter("act", List.of("relu", "tanh", "elu"), false));

    private static List<Map<String, Object>> values(List<Trial> trials) {
        return trials.stream().map(Trial::hyperParameters).toList();
    }

    @Test
    void gridEnumeratesExactlyTheSpaceThenStops() {
        GridSearchOracle grid = new GridSearchOracle(SMALL, Objective.VAL_ACCURACY, 2, 1);
        List<Trial> trials = Synthetic.search(grid, p -> 0.5, 100);
        assertEquals(12, trials.size());
        Set<Map<String, Object>> expected = new HashSet<>();
        for (int n = 1; n <= 3; n++) {
            for (String act : List.of("relu", "tanh")) {
                for (boolean bn : List.of(false, true)) {
                    Map<String, Object> v = new LinkedHashMap<>();
                    v.put("n", n);
                    v.put("act", act);
                    v.put("bn", bn);
                    v.put("lr", 0.001);
                    expected.add(v);
                }
            }
        }
        assertEquals(expected, new HashSet<>(values(trials)));
        assertEquals(
                Map.of("n", 1, "act", "relu", "bn", false, "lr", 0.001),
                trials.get(0).hyperParameters());
        assertEquals(
                Map.of("n", 1, "act", "relu", "bn", true, "lr", 0.001),
                trials.get(1).hyperParameters(),
                "last changes fastest");
        assertTrue(grid.next(trials).isEmpty());
        assertTrue(
                grid.stopReason().contains("every one of the grid's 12 combination(s) has been tried"),
                grid.stopReason());
        assertTrue(trials.stream().allMatch(t -> t.epochs() == 2));
    }

    @Test
    void gridResumesWhereItStood() {
        GridSearchOracle grid = new GridSearchOracle(SMALL, Objective.VAL_ACCURACY, 1, 1);
        List<Trial> first = Synthetic.search(grid, p -> 0.5, 5);
        List<Trial> all = new java.util.ArrayList<>(first);
        while (true) {
            var next = new GridSearchOracle(SMALL, Objective.VAL_ACCURACY, 1, 1).next(all);
            if (next.isEmpty()) {
                break;
            }
            all.add(Synthetic.completed(all.size(), next.get(), 0.5));
        }
        assertEquals(values(Synthetic.search(grid, p -> 0.5, 100)), values(all));
    }

    @Test
    void randomIsReproducibleBySeedAndNeverRepeats() {
        List<Trial> a = Synthetic.search(new RandomSearchOracle(WIDE, Objective.VAL_ACCURACY, 1, 42), p -> 0.5, 30);
        List<Trial> b = Synthetic.search(new RandomSearchOracle(WIDE, Objective.VAL_ACCURACY, 1, 42), p -> 0.5, 30);
        List<Trial> c = Synthetic.search(new RandomSearchOracle(WIDE, Objective.VAL_ACCURACY, 1, 43), p -> 0.5, 30);
        assertEquals(values(a), values(b));
        assertNotEquals(values(a), values(c));
        assertEquals(30, new HashSet<>(values(a)).size(), "no combination twice");
        // Each trial's draw depends only on its number: a resumed search continues the same sequence.
        List<Trial> firstTen = a.subList(0, 10);
        var eleventh = new RandomSearchOracle(WIDE, Objective.VAL_ACCURACY, 1, 42)
                .next(firstTen)
                .orElseThrow();
        assertEquals(a.get(10).hyperParameters(), eleventh.values());
    }

    @Test
    void randomStopsWhenTheSpaceIsExhausted() {
        RandomSearchOracle random = new RandomSearchOracle(SMALL, Objective.VAL_ACCURACY, 1, 7);
        List<Trial> trials = Synthetic.search(random, p -> 0.5, 100);
        assertTrue(trials.size() <= 12 && trials.size() >= 8, "most of 12 combinations: " + trials.size());
        assertEquals(trials.size(), new HashSet<>(values(trials)).size());
        assertTrue(random.stopReason().contains("exhausted"), random.stopReason());
    }
}
