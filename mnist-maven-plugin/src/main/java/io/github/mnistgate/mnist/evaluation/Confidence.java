package io.github.mnistgate.mnist.evaluation;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.math.BigDecimal;

/**
 * Confidence levels and the normal quantiles behind them. The quantile is Acklam's rational approximation,
 * whose relative error is below 1.2e-9: far finer than the four decimals an interval is reported with.
 */
public final class Confidence {

    static final double MIN = 0.5;
    static final double MAX = 0.9999;

    private Confidence() {}

    /** Parses {@code 0.95} or {@code 95%}: a level from 0.5 to 0.9999. */
    public static double parse(String setting, String text) {
        BigDecimal value = Fractions.parse(text);
        if (value == null || value.doubleValue() < MIN || value.doubleValue() > MAX) {
            throw new InvalidSettingException(
                    setting,
                    text,
                    "use a confidence level from 0.5 to 0.9999 such as 0.95, or a percentage such as 95%");
        }
        return value.doubleValue();
    }

    /** The z such that a standard normal lies within {@code ±z} with probability {@code confidence}. */
    public static double z(double confidence) {
        return normalQuantile(1 - (1 - confidence) / 2);
    }

    public static String percent(double confidence) {
        return BigDecimal.valueOf(confidence * 100).stripTrailingZeros().toPlainString() + "%";
    }

    static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must lie in (0, 1): " + p);
        }
        double[] a = {
            -3.969683028665376e+01,
            2.209460984245205e+02,
            -2.759285104469687e+02,
            1.383577518672690e+02,
            -3.066479806614716e+01,
            2.506628277459239e+00
        };
        double[] b = {
            -5.447609879822406e+01,
            1.615858368580409e+02,
            -1.556989798598866e+02,
            6.680131188771972e+01,
            -1.328068155288572e+01
        };
        double[] c = {
            -7.784894002430293e-03,
            -3.223964580411365e-01,
            -2.400758277161838e+00,
            -2.549732539343734e+00,
            4.374664141464968e+00,
            2.938163982698783e+00
        };
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        double x;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        } else if (p <= 1 - low) {
            double q = p - 0.5;
            double r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
                    * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        } else {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        return x;
    }
}
