package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * KerasTuner's {@code GridSearch}: every combination of the parameters' grid values, in order, the last
 * parameter changing fastest. A float without a step contributes 10 evenly spread values.
 */
public final class GridSearchOracle extends Oracle {

    /** Grids larger than this are refused: they could never be searched in a build. */
    static final long MAX_GRID = 1_000_000;

    public GridSearchOracle(SearchSpace space, Objective objective, int epochs, long seed) {
        super(space, objective, epochs, seed);
        long size;
        try {
            size = space.gridSize();
        } catch (ArithmeticException e) {
            size = Long.MAX_VALUE;
        }
        if (size > MAX_GRID) {
            throw new InvalidSettingException(
                    "tuner",
                    "grid",
                    "the search space has "
                            + (size == Long.MAX_VALUE ? "too many" : String.format(java.util.Locale.ROOT, "%,d", size))
                            + " combinations; give the ranges steps, or use random, hyperband or bayesian");
        }
    }

    @Override
    public String name() {
        return "grid";
    }

    @Override
    public String plan(int maxTrials) {
        long size = space.gridSize();
        return size + " combination(s)"
                + (maxTrials > 0 && maxTrials < size ? ", of which maxTrials=" + maxTrials + " will be tried" : "");
    }

    @Override
    public Optional<Proposal> next(List<Trial> trials) {
        Set<String> tried = tried(trials);
        long size = space.gridSize();
        for (long i = 0; i < size; i++) {
            Map<String, Object> values = space.gridPoint(i);
            if (!tried.contains(space.key(values))) {
                return Optional.of(Proposal.of(values, epochs));
            }
        }
        return stop("every one of the grid's " + size + " combination(s) has been tried");
    }
}
