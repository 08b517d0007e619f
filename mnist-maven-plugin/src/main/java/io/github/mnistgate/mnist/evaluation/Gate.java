package io.github.mnistgate.mnist.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The gate: every limit (the {@code minAccuracy} shorthand first, then the {@code <limits>}), held against
 * the measurement under one {@link GateMode}. It makes the one verdict; the caller only chooses between
 * failing the build and warning.
 */
public record Gate(List<Limit> limits, GateMode mode) {

    public Gate {
        limits = List.copyOf(limits);
    }

    /** No limits: evaluation reports but never fails. */
    public static Gate none() {
        return new Gate(List.of(), GateMode.ESTIMATE);
    }

    public boolean isEmpty() {
        return limits.isEmpty();
    }

    /** The accuracy minimum set by {@code minAccuracy}, or null. */
    public Double minAccuracy() {
        for (Limit l : limits) {
            if (l.metric() == Metric.ACCURACY && l.minimum() != null) {
                return l.minimum();
            }
        }
        return null;
    }

    /** One check per limit and class it applies to, in the order the limits were given. */
    public Verdict check(Metrics metrics) {
        List<Verdict.Check> checks = new ArrayList<>();
        for (Limit limit : limits) {
            for (Integer label : limit.labels(metrics.classes())) {
                double value = limit.metric().value(metrics, label);
                Interval interval = limit.metric().interval(metrics, label);
                Optional<String> violation = limit.check(value, interval, mode, label);
                checks.add(new Verdict.Check(
                        limit.metric().id(), label, value, interval, violation.isEmpty(), violation.orElse(null)));
            }
        }
        return new Verdict(mode, limits.stream().map(Limit::describe).toList(), checks);
    }
}
