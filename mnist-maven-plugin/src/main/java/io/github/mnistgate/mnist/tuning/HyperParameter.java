package io.github.mnistgate.mnist.tuning;

import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One dimension of a search space, as in KerasTuner: {@code int}, {@code float}, {@code choice},
 * {@code boolean} or {@code fixed}. Every type can sample a value, list its values for grid search, and
 * embed a value in the unit cube {@code [0, 1]^d} for the Gaussian process of Bayesian optimization.
 */
public sealed interface HyperParameter
        permits IntParameter, FloatParameter, ChoiceParameter, BooleanParameter, FixedParameter {

    /** Grid search gives a float without a step this many evenly spread values, as KerasTuner does. */
    int CONTINUOUS_GRID_POINTS = 10;

    String name();

    /** {@code int}, {@code float}, {@code choice}, {@code boolean} or {@code fixed}. */
    String type();

    /** A value drawn uniformly (in the parameter's sampling scale). */
    Object random(Random random);

    /** The values grid search visits, in order. */
    List<Object> gridValues();

    /** Number of coordinates {@link #encode} gives: 0 for fixed, the number of values for an unordered choice. */
    int dimensions();

    /** The value as coordinates in [0, 1], so that similar values lie close together. */
    double[] encode(Object value);

    /** A value near {@code value}: a small step in the unit scale, or another value of an unordered set. */
    Object neighbour(Object value, Random random);

    /**
     * The value in this parameter's own type ({@code Integer}, {@code Double}, {@code Boolean} or
     * {@code String}), e.g. after reading it back from JSON; null when it is not a value of this parameter.
     */
    Object canonical(Object raw);

    /** The definition, for {@code oracle.json} and for detecting a changed search space. */
    Map<String, Object> config();

    /** The values that decide whether the whole range is acceptable: the bounds, or every value there is. */
    List<Object> extremes();

    /** A one-line description for the log, e.g. {@code units: int 32..512 step 32}. */
    String describe();
}
