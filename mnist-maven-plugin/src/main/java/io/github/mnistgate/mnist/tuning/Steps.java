package io.github.mnistgate.mnist.tuning;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;

/** Arithmetic shared by the numeric parameter types. */
final class Steps {

    private Steps() {}

    /** Values of {@code min, min+step, ...} (linear) or {@code min, min*step, ...} (log) up to max. */
    static int count(double min, double max, double step, Sampling sampling) {
        if (sampling == Sampling.LINEAR) {
            return (int) Math.floor((max - min) / step + 1e-9) + 1;
        }
        return (int) Math.floor(Math.log(max / min) / Math.log(step) + 1e-9) + 1;
    }

    static double valueAt(int index, double min, double step, Sampling sampling) {
        return sampling == Sampling.LINEAR ? min + index * step : min * Math.pow(step, index);
    }

    /** The bucket {@code u} falls in, of {@code n} equal buckets over [0, 1]. */
    static int index(double u, int n) {
        return Math.max(0, Math.min(n - 1, (int) Math.floor(u * n)));
    }

    /** The centre of bucket {@code index} of {@code n}, as KerasTuner embeds stepped values. */
    static double centre(int index, int n) {
        return (index + 0.5) / n;
    }

    /** A unit coordinate moved by a small normal step, kept in [0, 1]. */
    static double nudge(double u, Random random) {
        return Math.max(0, Math.min(1, u + random.nextGaussian() * 0.15));
    }

    /** Rounds away binary noise ({@code 0.30000000000000004} becomes {@code 0.3}). */
    static double tidy(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        return new BigDecimal(value).round(new MathContext(12)).doubleValue();
    }

    /** {@code value} to {@code digits} significant digits. */
    static double round(double value, int digits) {
        if (value == 0 || !Double.isFinite(value)) {
            return value;
        }
        return new BigDecimal(value).round(new MathContext(digits)).doubleValue();
    }

    /** {@code 32}, {@code 0.001}, {@code 0.0002659} as the user would write it. */
    static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
