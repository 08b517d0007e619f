package io.github.mnistgate.mnist.evaluation;

import io.github.mnistgate.mnist.util.InvalidSettingException;

import java.util.Locale;
import java.util.Optional;

/**
 * The accuracy gate: a minimum written as a fraction ({@code 0.99}) or a percentage ({@code 99%}), and
 * the check of a measured accuracy against it. Holds no build logic; the caller decides whether a
 * violation fails the build or only warns.
 */
public final class Limit {

    private final double minimum;

    private Limit(double minimum) {
        this.minimum = minimum;
    }

    /**
     * Parses {@code 0.99}, {@code 99%} or {@code 99.5 %}. Fractions must lie in [0, 1], percentages in
     * [0%, 100%].
     */
    public static Limit parse(String text) {
        String t = text == null ? "" : text.trim();
        boolean percent = t.endsWith("%");
        String number = percent ? t.substring(0, t.length() - 1).trim() : t;
        double value;
        try {
            value = Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        if (percent) {
            value /= 100;
        }
        if (!(value >= 0 && value <= 1) || number.isEmpty()) {
            throw invalid(text);
        }
        return new Limit(value);
    }

    private static InvalidSettingException invalid(String text) {
        return new InvalidSettingException("minAccuracy", text,
                "use a fraction from 0 to 1 such as 0.99, or a percentage from 0% to 100% such as 99%");
    }

    public double minimum() {
        return minimum;
    }

    /** The violation message when {@code accuracy} is below the minimum, else empty. */
    public Optional<String> check(double accuracy) {
        if (accuracy >= minimum) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "test accuracy is %.4f, but expected minimum is %.4f",
                accuracy, minimum));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.4f", minimum);
    }
}
