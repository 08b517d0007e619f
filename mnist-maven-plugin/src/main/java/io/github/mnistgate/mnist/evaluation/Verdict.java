package io.github.mnistgate.mnist.evaluation;

import java.util.List;

/** What the gate decided: every check it made, and the violations among them. */
public record Verdict(GateMode mode, List<String> limits, List<Check> checks) {

    /**
     * One limit held against one measured value.
     *
     * @param label     the class, or null for a whole-test-set metric
     * @param interval  the value's confidence interval, or null when it has none
     * @param violation the failure line, or null when it passed
     */
    public record Check(
            String metric, Integer label, double value, Interval interval, boolean passed, String violation) {}

    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }

    /** One line per violated limit and class, in the wording of the accuracy gate. */
    public List<String> violations() {
        return checks.stream().filter(c -> !c.passed()).map(Check::violation).toList();
    }
}
