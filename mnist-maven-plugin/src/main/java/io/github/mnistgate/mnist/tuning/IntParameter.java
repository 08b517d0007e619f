package io.github.mnistgate.mnist.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A whole number from {@code min} to {@code max}. Linear sampling takes every {@code step}-th number
 * (step 1 unless given); log sampling multiplies by {@code step} ({@code 16, 32, 64...} with step 2) or,
 * without a step, draws evenly in the logarithm and rounds.
 *
 * @param step null for log sampling without a step
 */
public record IntParameter(String name, int min, int max, Integer step, Sampling sampling) implements HyperParameter {

    public IntParameter {
        SearchSpace.checkName(name, "int");
        String problem = Problems.of(
                min > max,
                "min " + min + " is greater than max " + max,
                sampling == Sampling.LOG && min <= 0,
                "log sampling needs min above 0, but min is " + min,
                sampling == Sampling.LINEAR && step != null && step < 1,
                "step must be at least 1, but is " + step,
                sampling == Sampling.LOG && step != null && step < 2,
                "with log sampling the step multiplies, so it must be at least 2, but is " + step);
        if (problem != null) {
            throw SearchSpace.invalid(name, "int", problem);
        }
        if (sampling == Sampling.LINEAR && step == null) {
            step = 1;
        }
    }

    public static IntParameter linear(String name, int min, int max, int step) {
        return new IntParameter(name, min, max, step, Sampling.LINEAR);
    }

    @Override
    public String type() {
        return "int";
    }

    private boolean stepped() {
        return step != null;
    }

    private int count() {
        return Steps.count(min, max, step, sampling);
    }

    private int valueAt(int index) {
        return (int) Math.round(Steps.valueAt(index, min, step, sampling));
    }

    private int indexOf(int value) {
        double i = sampling == Sampling.LINEAR
                ? (value - min) / (double) step
                : Math.log(value / (double) min) / Math.log(step);
        return Math.max(0, Math.min(count() - 1, (int) Math.round(i)));
    }

    @Override
    public Object random(Random random) {
        return stepped() ? valueAt(random.nextInt(count())) : fromUnit(random.nextDouble());
    }

    private int fromUnit(double u) {
        if (stepped()) {
            return valueAt(Steps.index(u, count()));
        }
        return (int) Math.max(min, Math.min(max, Math.round(sampling.fromUnit(u, min, max))));
    }

    @Override
    public List<Object> gridValues() {
        List<Object> values = new ArrayList<>();
        if (stepped()) {
            for (int i = 0; i < count(); i++) {
                values.add(valueAt(i));
            }
        } else {
            for (int i = 0; i < CONTINUOUS_GRID_POINTS; i++) {
                Integer v = fromUnit(Steps.centre(i, CONTINUOUS_GRID_POINTS));
                if (!values.contains(v)) {
                    values.add(v);
                }
            }
        }
        return values;
    }

    @Override
    public int dimensions() {
        return 1;
    }

    @Override
    public double[] encode(Object value) {
        int v = ((Number) value).intValue();
        return new double[] {stepped() ? Steps.centre(indexOf(v), count()) : sampling.toUnit(v, min, max)};
    }

    @Override
    public Object neighbour(Object value, Random random) {
        return fromUnit(Steps.nudge(encode(value)[0], random));
    }

    @Override
    public Object canonical(Object raw) {
        Double d = Values.number(raw);
        if (d == null || d != Math.rint(d) || d < min || d > max) {
            return null;
        }
        int v = d.intValue();
        return !stepped() || valueAt(indexOf(v)) == v ? v : null;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("type", type());
        c.put("min", min);
        c.put("max", max);
        c.put("step", step);
        c.put("sampling", sampling.id());
        return c;
    }

    @Override
    public String describe() {
        return name + ": int " + min + ".." + max + (step == null ? "" : " step " + step)
                + (sampling == Sampling.LOG ? " (log)" : "");
    }

    @Override
    public List<Object> extremes() {
        return List.of(min, max);
    }
}
