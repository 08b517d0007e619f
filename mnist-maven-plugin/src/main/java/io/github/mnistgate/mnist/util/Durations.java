package io.github.mnistgate.mnist.util;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Formats durations for the log and parses the ones users write in settings ({@code 90s}, {@code 10m}, {@code 1h}). */
public final class Durations {

    private static final Pattern SPEC = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /** {@code 42s}, {@code 3m05s}, {@code 1h02m}. */
    public static String format(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /**
     * Parses a duration such as {@code 600}, {@code 90s}, {@code 10m} or {@code 1.5h} into seconds.
     *
     * @param setting named in the error when the text is not a duration
     */
    public static double parseSeconds(String setting, String text) {
        Matcher m = SPEC.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidSettingException(setting, text, "use a duration such as 600s, 10m or 1h");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> value / 1000;
            case "m" -> value * 60;
            case "h" -> value * 3600;
            default -> value;
        };
    }
}
