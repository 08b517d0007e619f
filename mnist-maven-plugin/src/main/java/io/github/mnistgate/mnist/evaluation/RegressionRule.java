package io.github.mnistgate.mnist.evaluation;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.math.BigDecimal;

/**
 * How far the candidate may fall below its baseline: a drop of more than {@code maxRegression} fails, and,
 * unless {@code significance} is null ({@code none}), only when McNemar's test finds it significant at that
 * level, so a drop that test-set noise explains does not fail the build.
 */
public record RegressionRule(BigDecimal maxRegression, Double significance) {

    public static RegressionRule parse(String maxRegression, String significance) {
        BigDecimal max = Fractions.parse(maxRegression == null || maxRegression.isBlank() ? "0" : maxRegression);
        if (max == null) {
            throw new InvalidSettingException(
                    "maxRegression",
                    maxRegression,
                    "use a fraction from 0 to 1 such as 0.002, or a percentage such as 0.2%");
        }
        Double level = null;
        String s = significance == null ? "" : significance.trim();
        if (!s.equalsIgnoreCase("none")) {
            BigDecimal value = Fractions.parse(s);
            if (value == null || value.signum() <= 0 || value.compareTo(new BigDecimal("0.5")) > 0) {
                throw new InvalidSettingException(
                        "significance",
                        significance,
                        "use a level above 0 and at most 0.5 such as 0.05 (or 5%), or none to compare point values only");
            }
            level = value.doubleValue();
        }
        return new RegressionRule(max, level);
    }
}
