package io.github.mnistgate.mnist.plugin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code <hyperParameter>} of the search space in the POM. Every value is text; the core checks that
 * the combination makes sense and names this element when it does not.
 */
public class HyperParameterConfiguration {

    /** The name layers refer to as {@code hp:<name>}; {@code learning_rate}, {@code optimizer} and {@code batch_size} set training. */
    private String name;
    /** int, float, choice, boolean or fixed. */
    private String type;
    /** int/float: the smallest value. */
    private String min;
    /** int/float: the largest value. */
    private String max;
    /** int/float: distance between values (linear), or factor between values (log). */
    private String step;
    /** int/float: linear (default) or log. */
    private String sampling;
    /** choice: comma-separated values, e.g. {@code 0.01,0.001,0.0001} or {@code adam,sgd}. */
    private String values;
    /** choice: whether the values are ordered (default: true for numbers, false for words). */
    private String ordered;
    /** fixed: the value. */
    private String value;

    Map<String, String> toSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("name", name);
        settings.put("type", type);
        settings.put("min", min);
        settings.put("max", max);
        settings.put("step", step);
        settings.put("sampling", sampling);
        settings.put("values", values);
        settings.put("ordered", ordered);
        settings.put("value", value);
        return settings;
    }
}
