package io.github.mnistgate.mnist.evaluation;

import java.util.Locale;

/** A confidence interval of a measured proportion or difference, with how it was computed. */
public record Interval(double low, double high, double confidence, String method) {

    public static final String WILSON = "wilson";
    public static final String NEWCOMBE_PAIRED = "newcombe-paired-score";

    public boolean contains(double value) {
        return value >= low && value <= high;
    }

    /** {@code 95% interval 0.9890 to 0.9928}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s interval %.4f to %.4f", Confidence.percent(confidence), low, high);
    }
}
