package io.github.mnistgate.mnist.tuning;

import java.util.Map;

/**
 * What an oracle wants tried next: the values, and how long to train. Hyperband also says which earlier
 * trial to continue ({@code continuesFrom}, trained to {@code initialEpoch}) and where the trial sits in
 * its schedule.
 *
 * @param epochs total epochs the model is trained to, counting those of the trial it continues
 */
public record Proposal(
        Map<String, Object> values,
        int epochs,
        int initialEpoch,
        String continuesFrom,
        Integer iteration,
        Integer bracket,
        Integer round) {

    public Proposal {
        values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
    }

    public static Proposal of(Map<String, Object> values, int epochs) {
        return new Proposal(values, epochs, 0, null, null, null, null);
    }
}
