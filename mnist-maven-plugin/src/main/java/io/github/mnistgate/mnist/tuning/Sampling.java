package io.github.mnistgate.mnist.tuning;

import java.util.Locale;

/** How a numeric range is sampled: evenly, or evenly in the logarithm (for rates spanning decades). */
public enum Sampling {
    LINEAR,
    LOG;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The value at {@code u} in [0, 1] of the range. */
    double fromUnit(double u, double min, double max) {
        return this == LINEAR ? min + u * (max - min) : min * Math.pow(max / min, u);
    }

    /** Where {@code value} lies in the range, 0 at min, 1 at max. */
    double toUnit(double value, double min, double max) {
        if (max == min) {
            return 0.5;
        }
        double u = this == LINEAR ? (value - min) / (max - min) : Math.log(value / min) / Math.log(max / min);
        return Math.max(0, Math.min(1, u));
    }
}
