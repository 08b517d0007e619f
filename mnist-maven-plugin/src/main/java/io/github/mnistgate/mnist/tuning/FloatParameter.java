package io.github.mnistgate.mnist.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A number from {@code min} to {@code max}: any value (no step), every {@code step} apart (linear), or
 * {@code min, min*step, min*step^2...} (log with a step, e.g. {@code 1e-4..1e-1 step 10}).
 *
 * @param step null for a continuous range
 */
public record FloatParameter(String name, double min, double max, Double step, Sampling sampling)
        implements HyperParameter {

    public FloatParameter {
        SearchSpace.checkName(name, "float");
        String problem = Problems.of(
                !Double.isFinite(min) || !Double.isFinite(max),
                "min and max must be numbers",
                min > max,
                "min " + Steps.format(min) + " is greater than max " + Steps.format(max),
                sampling == Sampling.LOG && min <= 0,
                "log sampling needs min above 0, but min is " + Steps.format(min),
                sampling == Sampling.LINEAR && step != null && !(step > 0),
                "step must be above 0, but is " + step,
                sampling == Sampling.LOG && step != null && !(step > 1),
                "with log sampling the step multiplies, so it must be above 1, but is " + step);
        if (problem != null) {
            throw SearchSpace.invalid(name, "float", problem);
        }
    }

    @Override
    public String type() {
        return "float";
    }

    private int count() {
        return Steps.count(min, max, step, sampling);
    }

    private double valueAt(int index) {
        return Steps.tidy(Steps.valueAt(index, min, step, sampling));
    }

    private double fromUnit(double u) {
        if (step != null) {
            return valueAt(Steps.index(u, count()));
        }
        // Four significant digits are plenty for a hyperparameter, and read well in logs and tables.
        return Math.max(min, Math.min(max, Steps.round(sampling.fromUnit(u, min, max), 4)));
    }

    @Override
    public Object random(Random random) {
        return step != null ? valueAt(random.nextInt(count())) : fromUnit(random.nextDouble());
    }

    @Override
    public List<Object> gridValues() {
        List<Object> values = new ArrayList<>();
        int n = step != null ? count() : CONTINUOUS_GRID_POINTS;
        for (int i = 0; i < n; i++) {
            Double v = step != null ? valueAt(i) : fromUnit(Steps.centre(i, n));
            if (!values.contains(v)) {
                values.add(v);
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
        double v = ((Number) value).doubleValue();
        if (step != null) {
            double i = sampling == Sampling.LINEAR ? (v - min) / step : Math.log(v / min) / Math.log(step);
            int index = Math.max(0, Math.min(count() - 1, (int) Math.round(i)));
            return new double[] {Steps.centre(index, count())};
        }
        return new double[] {sampling.toUnit(v, min, max)};
    }

    @Override
    public Object neighbour(Object value, Random random) {
        return fromUnit(Steps.nudge(encode(value)[0], random));
    }

    @Override
    public Object canonical(Object raw) {
        Double d = Values.number(raw);
        double slack = 1e-9 * Math.max(Math.abs(min), Math.abs(max));
        if (d == null || d < min - slack || d > max + slack) {
            return null;
        }
        return Steps.tidy(d);
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
        return name + ": float " + Steps.format(min) + ".." + Steps.format(max)
                + (step == null ? "" : " step " + Steps.format(step)) + (sampling == Sampling.LOG ? " (log)" : "");
    }

    @Override
    public List<Object> extremes() {
        return List.of(min, max);
    }
}
