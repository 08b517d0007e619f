package io.github.mnistgate.mnist.tuning;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** {@code false} or {@code true}. */
public record BooleanParameter(String name) implements HyperParameter {

    public BooleanParameter {
        SearchSpace.checkName(name, "boolean");
    }

    @Override
    public String type() {
        return "boolean";
    }

    @Override
    public Object random(Random random) {
        return random.nextBoolean();
    }

    @Override
    public List<Object> gridValues() {
        return List.of(false, true);
    }

    @Override
    public int dimensions() {
        return 1;
    }

    @Override
    public double[] encode(Object value) {
        return new double[] {Boolean.TRUE.equals(value) ? 0.75 : 0.25};
    }

    @Override
    public Object neighbour(Object value, Random random) {
        return random(random);
    }

    @Override
    public Object canonical(Object raw) {
        return Values.as(Boolean.class, raw);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("type", type());
        return c;
    }

    @Override
    public String describe() {
        return name + ": boolean";
    }

    @Override
    public List<Object> extremes() {
        return List.of(false, true);
    }
}
