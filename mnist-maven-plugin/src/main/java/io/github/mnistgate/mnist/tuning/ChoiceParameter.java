package io.github.mnistgate.mnist.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One of a list of values of one type (numbers, words or booleans). An ordered choice ({@code 32, 64,
 * 128}) lets Bayesian optimization treat neighbours as similar; an unordered one ({@code adam, sgd}) does
 * not. Numbers are ordered unless said otherwise, words are not.
 */
public record ChoiceParameter(String name, List<Object> values, boolean ordered) implements HyperParameter {

    public ChoiceParameter {
        SearchSpace.checkName(name, "choice");
        if (values == null || values.isEmpty()) {
            throw SearchSpace.invalid(
                    name, "choice", "needs at least one value in <values>, e.g. <values>0.01,0.001</values>");
        }
        values = List.copyOf(values);
        if (values.stream().map(Object::getClass).distinct().count() > 1) {
            throw SearchSpace.invalid(
                    name, "choice", "values must all be numbers, all words or all booleans, but are " + values);
        }
        if (values.stream().distinct().count() < values.size()) {
            throw SearchSpace.invalid(name, "choice", "values must be different from each other, but are " + values);
        }
    }

    @Override
    public String type() {
        return "choice";
    }

    @Override
    public Object random(Random random) {
        return values.get(random.nextInt(values.size()));
    }

    @Override
    public List<Object> gridValues() {
        return values;
    }

    @Override
    public int dimensions() {
        if (values.size() == 1) {
            return 0;
        }
        return ordered ? 1 : values.size();
    }

    @Override
    public double[] encode(Object value) {
        int index = values.indexOf(value);
        if (dimensions() == 0) {
            return new double[0];
        }
        if (ordered) {
            return new double[] {Steps.centre(index, values.size())};
        }
        double[] oneHot = new double[values.size()];
        oneHot[index] = 1;
        return oneHot;
    }

    @Override
    public Object neighbour(Object value, Random random) {
        if (ordered) {
            return values.get(Steps.index(Steps.nudge(encode(value)[0], random), values.size()));
        }
        return random(random);
    }

    @Override
    public Object canonical(Object raw) {
        Object typed = Values.as(values.get(0).getClass(), raw);
        return typed != null && values.contains(typed) ? typed : null;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("type", type());
        c.put("values", new ArrayList<>(values));
        c.put("ordered", ordered);
        return c;
    }

    @Override
    public String describe() {
        return name + ": choice " + values.stream().map(Values::display).toList() + (ordered ? "" : " (unordered)");
    }

    @Override
    public List<Object> extremes() {
        return values;
    }
}
