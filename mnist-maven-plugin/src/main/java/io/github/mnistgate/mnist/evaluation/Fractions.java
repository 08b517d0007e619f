package io.github.mnistgate.mnist.evaluation;

import java.math.BigDecimal;

/** Settings written as a fraction ({@code 0.97}) or a percentage ({@code 97%}), kept exact. */
final class Fractions {

    private Fractions() {}

    /** The value as a fraction with the precision it was written with, or null when it is no number in [0, 1]. */
    static BigDecimal parse(String text) {
        String t = text == null ? "" : text.trim();
        boolean percent = t.endsWith("%");
        String number = percent ? t.substring(0, t.length() - 1).trim() : t;
        if (number.isEmpty() || !number.matches("[+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
            return null;
        }
        BigDecimal value = new BigDecimal(number);
        if (percent) {
            value = value.movePointLeft(2);
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            return null;
        }
        return value;
    }
}
