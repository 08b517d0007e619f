package io.github.mnistgate.mnist.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values a network is built with: optimizer, learning rate and seed, plus named values that layer
 * settings refer to ({@code hp:units}), chosen by a tuner or left at the model's defaults.
 */
public record HyperParameterValues(Optimizer optimizer, double learningRate, long seed, Map<String, Object> named)
        implements java.io.Serializable {

    public HyperParameterValues {
        named = Map.copyOf(named);
    }

    public HyperParameterValues(Optimizer optimizer, double learningRate, long seed) {
        this(optimizer, learningRate, seed, Map.of());
    }

    public Object get(String name) {
        return named.get(name);
    }

    public Set<String> names() {
        return new TreeSet<>(named.keySet());
    }

    /** These values, with {@code defaults} filling in names not already set. */
    public HyperParameterValues withDefaults(Map<String, Object> defaults) {
        Map<String, Object> merged = new LinkedHashMap<>(defaults);
        merged.putAll(named);
        return new HyperParameterValues(optimizer, learningRate, seed, merged);
    }
}
