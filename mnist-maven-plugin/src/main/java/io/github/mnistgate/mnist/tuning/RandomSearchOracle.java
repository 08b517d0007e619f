package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.training.Objective;
import java.util.List;
import java.util.Optional;

/** KerasTuner's {@code RandomSearch}: every trial draws fresh values, never repeating a tried combination. */
public final class RandomSearchOracle extends Oracle {

    public RandomSearchOracle(SearchSpace space, Objective objective, int epochs, long seed) {
        super(space, objective, epochs, seed);
    }

    @Override
    public String name() {
        return "random";
    }

    @Override
    public Optional<Proposal> next(List<Trial> trials) {
        return randomUntried(randomFor(trials.size()), tried(trials))
                .map(values -> Proposal.of(values, epochs))
                .or(() -> stop(exhausted()));
    }
}
