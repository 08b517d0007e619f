package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.Locale;

/** What a search optimizes, and early stopping watches, measured on the validation split after every epoch. */
public enum Objective {
    VAL_ACCURACY("val_accuracy", true),
    VAL_LOSS("val_loss", false);

    private final String id;
    private final boolean maximize;

    Objective(String id, boolean maximize) {
        this.id = id;
        this.maximize = maximize;
    }

    public String id() {
        return id;
    }

    public boolean maximize() {
        return maximize;
    }

    /** {@code max} or {@code min}, as KerasTuner names a direction. */
    public String direction() {
        return maximize ? "max" : "min";
    }

    public double value(EpochMetrics metrics) {
        return this == VAL_ACCURACY ? metrics.validationAccuracy() : metrics.validationLoss();
    }

    /** Whether score {@code a} is strictly better than {@code b}; NaN is worse than anything. */
    public boolean better(double a, double b) {
        if (Double.isNaN(a)) {
            return false;
        }
        if (Double.isNaN(b)) {
            return true;
        }
        return maximize ? a > b : a < b;
    }

    /** The score turned into a loss (lower is better), as a minimizing optimizer wants it. */
    public double asLoss(double score) {
        return maximize ? -score : score;
    }

    public static Objective fromId(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Objective o : values()) {
            if (o.id.equals(wanted)) {
                return o;
            }
        }
        throw new InvalidSettingException(
                "objective", value, "allowed values are val_accuracy (maximized), val_loss (minimized)");
    }

    @Override
    public String toString() {
        return id;
    }
}
