package io.github.mnistgate.mnist.evaluation;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Suggestions;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One rule of the gate, after JaCoCo's {@code Limit}: a metric (of the whole test set, or of one class, or
 * of each class), with a minimum and/or a maximum written as a fraction ({@code 0.97}) or a percentage
 * ({@code 97%}). Holds no build logic: {@link Gate} applies the limits, the caller decides whether a
 * violation fails the build or only warns.
 */
public final class Limit {

    /** Values are printed with at least this many decimals, more when the limit was written with more. */
    static final int MIN_SCALE = 4;

    private final Metric metric;
    private final Integer label;
    private final BigDecimal minimum;
    private final BigDecimal maximum;
    /** The dataset's class names, to name a class in messages where its name is not its index; null: indices only. */
    private final List<String> classNames;

    private Limit(Metric metric, Integer label, BigDecimal minimum, BigDecimal maximum, List<String> classNames) {
        this.metric = metric;
        this.label = label;
        this.minimum = minimum;
        this.maximum = maximum;
        this.classNames = classNames;
    }

    /**
     * The {@code minAccuracy} shorthand: {@code 0.99}, {@code 99%} or {@code 99.5 %}. Fractions must lie in
     * [0, 1], percentages in [0%, 100%].
     */
    public static Limit parse(String text) {
        BigDecimal value = Fractions.parse(text);
        if (value == null) {
            throw new InvalidSettingException(
                    "minAccuracy",
                    text,
                    "use a fraction from 0 to 1 such as 0.99, or a percentage from 0% to 100% such as 99%");
        }
        return new Limit(Metric.ACCURACY, null, value, null, null);
    }

    /**
     * A {@code <limit>} of the POM.
     *
     * @param position its place in {@code <limits>}, from 1, to name it in an error
     * @param label      a class index, a class name, {@code each}, or null/blank for the whole-test-set metrics
     * @param classNames the dataset's classes, in label order
     */
    public static Limit of(
            int position, String metric, String label, String minimum, String maximum, List<String> classNames) {
        int classes = classNames.size();
        String name = "limit " + position;
        Metric m = Metric.fromId("limits", metric);
        String what = name + " (" + m.id() + ")";
        Integer index = null;
        boolean hasLabel = label != null && !label.isBlank();
        if (m.perClass() && !hasLabel) {
            throw invalid(
                    what,
                    "<label>",
                    label,
                    "a per-class metric needs <label>: a class index from 0 to " + (classes - 1)
                            + ", or each for every class");
        }
        if (!m.perClass() && hasLabel) {
            throw invalid(
                    what,
                    "<label>",
                    label,
                    m.id() + " is measured on the whole test set and takes no"
                            + " <label>; per-class metrics are precision, recall and f1");
        }
        if (hasLabel && !label.trim().equalsIgnoreCase("each")) {
            index = classIndex(label.trim(), classNames);
            if (index < 0 || index >= classes) {
                throw invalid(
                        what,
                        "<label>",
                        label,
                        "not a class: use a class index from 0 to " + (classes - 1)
                                + (named(classNames) ? ", a class name (" + shortList(classNames) + ")" : "")
                                + ", or each for every class"
                                + (named(classNames) ? Suggestions.didYouMean(label.trim(), classNames) : ""));
            }
        } else if (hasLabel) {
            index = EACH;
        }
        BigDecimal min = bound(what, "<minimum>", minimum);
        BigDecimal max = bound(what, "<maximum>", maximum);
        if (min == null && max == null) {
            throw invalid(what, "<minimum>", minimum, "a limit needs <minimum> and/or <maximum>, e.g. 0.97 or 97%");
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            throw invalid(what, "<minimum>", minimum, "the minimum is above the maximum (" + maximum + ")");
        }
        return new Limit(m, index, min, max, named(classNames) ? List.copyOf(classNames) : null);
    }

    /** A label's class: its index, or the class of that name (exactly, else ignoring case); -1 for none. */
    private static int classIndex(String label, List<String> classNames) {
        int exact = classNames.indexOf(label);
        if (exact >= 0) {
            return exact;
        }
        try {
            return Integer.parseInt(label);
        } catch (NumberFormatException e) {
            for (int i = 0; i < classNames.size(); i++) {
                if (classNames.get(i).equalsIgnoreCase(label)) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Whether some class has a name other than its index (MNIST's are their indices). */
    private static boolean named(List<String> classNames) {
        for (int i = 0; i < classNames.size(); i++) {
            if (!classNames.get(i).equals(Integer.toString(i))) {
                return true;
            }
        }
        return false;
    }

    private static String shortList(List<String> names) {
        return names.size() <= 12 ? String.join(", ", names) : String.join(", ", names.subList(0, 12)) + ", ...";
    }

    /** How a message names the value: {@code recall of class 8}, {@code recall of class 2 (cat)}. */
    private String subject(Integer forLabel) {
        String subject = metric.subject(forLabel);
        return forLabel == null
                        || classNames == null
                        || classNames.get(forLabel).equals(Integer.toString(forLabel))
                ? subject
                : subject + " (" + classNames.get(forLabel) + ")";
    }

    /** Label value meaning "every class". */
    static final int EACH = -1;

    private static BigDecimal bound(String what, String element, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        BigDecimal value = Fractions.parse(text);
        if (value == null) {
            throw invalid(what, element, text, "use a fraction from 0 to 1 such as 0.97, or a percentage such as 97%");
        }
        return value;
    }

    private static InvalidSettingException invalid(String what, String element, String value, String allowed) {
        return new InvalidSettingException(
                "limits", what + " " + element + " " + (value == null ? "" : value.trim()), allowed);
    }

    public Metric metric() {
        return metric;
    }

    /** The minimum as a fraction, or null. */
    public Double minimum() {
        return minimum == null ? null : minimum.doubleValue();
    }

    /** The maximum as a fraction, or null. */
    public Double maximum() {
        return maximum == null ? null : maximum.doubleValue();
    }

    /** The classes it applies to: none (null entry) for whole-set metrics, one, or all. */
    List<Integer> labels(int classes) {
        List<Integer> out = new ArrayList<>();
        if (label == null) {
            out.add(null);
        } else if (label == EACH) {
            for (int c = 0; c < classes; c++) {
                out.add(c);
            }
        } else {
            out.add(label);
        }
        return out;
    }

    /** The violation message of the point value in {@code estimate} mode, else empty. */
    public Optional<String> check(double value) {
        return check(value, null, GateMode.ESTIMATE, null);
    }

    /**
     * The violation message when the measurement misses this limit under {@code mode}, else empty. A NaN
     * value (the precision of a class that was never predicted) is not checked, as in JaCoCo.
     */
    Optional<String> check(double value, Interval interval, GateMode mode, Integer forLabel) {
        if (Double.isNaN(value)) {
            return Optional.empty();
        }
        GateMode effective = interval == null ? GateMode.ESTIMATE : mode;
        String subject = subject(forLabel);
        if (minimum != null) {
            double held = switch (effective) {
                case ESTIMATE -> value;
                case CONFIDENT -> interval.low();
                case TOLERANT -> interval.high();
            };
            if (minimum.compareTo(BigDecimal.valueOf(held)) > 0) {
                return Optional.of(
                        message(subject, value, interval, effective, "minimum", minimum, RoundingMode.FLOOR));
            }
        }
        if (maximum != null) {
            double held = switch (effective) {
                case ESTIMATE -> value;
                case CONFIDENT -> interval.high();
                case TOLERANT -> interval.low();
            };
            if (maximum.compareTo(BigDecimal.valueOf(held)) < 0) {
                return Optional.of(
                        message(subject, value, interval, effective, "maximum", maximum, RoundingMode.CEILING));
            }
        }
        return Optional.empty();
    }

    /**
     * JaCoCo's wording and rounding: the value with the precision of the limit (at least four decimals),
     * rounded towards failing, so that a failing value never prints as equal to its limit.
     */
    private static String message(
            String subject,
            double value,
            Interval interval,
            GateMode mode,
            String side,
            BigDecimal bound,
            RoundingMode towardsFailing) {
        int scale = Math.max(MIN_SCALE, bound.scale());
        String shown = BigDecimal.valueOf(value).setScale(scale, towardsFailing).toPlainString();
        String limit = bound.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
        return switch (mode) {
            case ESTIMATE -> subject + " is " + shown + ", but expected " + side + " is " + limit;
            case CONFIDENT ->
                subject + " is " + shown + " (" + interval.describe() + "), but expected " + side + " is " + limit
                        + " for the whole interval (gateMode=confident)";
            case TOLERANT ->
                subject + " is " + shown + " (" + interval.describe() + "), but expected " + side + " is "
                        + limit + ", beyond even the interval's " + (side.equals("minimum") ? "upper" : "lower")
                        + " bound (gateMode=tolerant)";
        };
    }

    /** {@code recall of each class >= 0.9700}, for the log. */
    public String describe() {
        String subject =
                label == null ? metric.subject(null) : label == EACH ? metric.id() + " of each class" : subject(label);
        List<String> parts = new ArrayList<>();
        if (minimum != null) {
            parts.add(">= "
                    + minimum.setScale(Math.max(MIN_SCALE, minimum.scale()), RoundingMode.UNNECESSARY)
                            .toPlainString());
        }
        if (maximum != null) {
            parts.add("<= "
                    + maximum.setScale(Math.max(MIN_SCALE, maximum.scale()), RoundingMode.UNNECESSARY)
                            .toPlainString());
        }
        return subject + " " + String.join(" and ", parts);
    }

    @Override
    public String toString() {
        return describe();
    }
}
