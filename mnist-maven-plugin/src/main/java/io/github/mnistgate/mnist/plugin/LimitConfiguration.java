package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.evaluation.Limit;

/**
 * One {@code <limit>} of {@code <limits>} in the POM, as in JaCoCo's {@code check}. Every value is text; the
 * core ({@code evaluation.Limit}) checks that the rule makes sense.
 */
public class LimitConfiguration {

    /** accuracy, macroF1 (whole test set), or precision, recall, f1 (per class). */
    private String metric;
    /** The per-class metrics' class: an index from 0, a class name, or each for every class. */
    private String label;
    /** The lowest allowed value, {@code 0.97} or {@code 97%}. */
    private String minimum;
    /** The highest allowed value, {@code 0.97} or {@code 97%}. */
    private String maximum;

    Limit toLimit(int position, java.util.List<String> classNames) {
        return Limit.of(position, metric, label, minimum, maximum, classNames);
    }
}
