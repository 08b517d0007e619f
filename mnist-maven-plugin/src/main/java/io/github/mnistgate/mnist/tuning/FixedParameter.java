package io.github.mnistgate.mnist.tuning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A value that is not searched but set for every trial, e.g. to pin the optimizer while tuning the rest. */
public record FixedParameter(String name, Object value) implements HyperParameter {

    public FixedParameter {
        SearchSpace.checkName(name, "fixed");
        if (value == null) {
            throw SearchSpace.invalid(name, "fixed", "needs a <value>");
        }
    }

    @Override
    public String type() {
        return "fixed";
    }

    @Override
    public Object random(Random random) {
        return value;
    }

    @Override
    public List<Object> gridValues() {
        return List.of(value);
    }

    @Override
    public int dimensions() {
        return 0;
    }

    @Override
    public double[] encode(Object v) {
        return new double[0];
    }

    @Override
    public Object neighbour(Object v, Random random) {
        return value;
    }

    @Override
    public Object canonical(Object raw) {
        Object typed = Values.as(value.getClass(), raw);
        return value.equals(typed) ? typed : null;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("type", type());
        c.put("value", value);
        return c;
    }

    @Override
    public String describe() {
        return name + ": fixed " + value;
    }

    @Override
    public List<Object> extremes() {
        return java.util.Collections.singletonList(value);
    }
}
