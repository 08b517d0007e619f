package io.github.mnistgate.mnist.util;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Formats durations for the log and parses the ones users write in settings ({@code 90s}, {@code 10m}, {@code 1h}). */
public final class Durations {

    private static final Pattern SPEC = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    private Durations() {}

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

    /**
     * A timeout: more than 0s and at most {@code maxSeconds}; never rounded down to 0 ms, which the JDK's
     * connections would take as "wait forever".
     */
    public static Duration timeout(String setting, String text, long maxSeconds) {
        double seconds = parseSeconds(setting, text);
        if (!(seconds > 0 && seconds <= maxSeconds)) {
            throw new InvalidSettingException(
                    setting,
                    text,
                    "must be more than 0s and at most "
                            + (maxSeconds % 3600 == 0 ? maxSeconds / 3600 + "h" : format((double) maxSeconds)));
        }
        return Duration.ofMillis(Math.max(1, Math.round(seconds * 1000)));
    }

    public static final int MAX_RETRY_DELAYS = 10;
    private static final String RETRY_DELAYS_ALLOWED = "use comma-separated pauses such as 1s,2s,4s (at most "
            + MAX_RETRY_DELAYS + " of them, each from 0s to 10m), or none for a single attempt";

    /** {@code mnist.retryDelays}: {@code 200ms,800ms}, {@code 1s,2s,4s}; {@code none} or empty for no retry. */
    public static List<Duration> retryDelays(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
            return List.of();
        }
        String[] parts = text.split(",", -1);
        if (parts.length > MAX_RETRY_DELAYS) {
            throw new InvalidSettingException(
                    "retryDelays", text, parts.length + " pauses are too many; " + RETRY_DELAYS_ALLOWED);
        }
        List<Duration> delays = new ArrayList<>();
        for (String part : parts) {
            double seconds;
            try {
                seconds = parseSeconds("retryDelays", part);
            } catch (InvalidSettingException e) {
                // name the whole list, as the user wrote it, not just the bad part
                throw new InvalidSettingException(
                        "retryDelays", text, "'" + part.trim() + "' is not a duration; " + RETRY_DELAYS_ALLOWED);
            }
            if (!(seconds >= 0 && seconds <= 600)) {
                throw new InvalidSettingException(
                        "retryDelays", text, "'" + part.trim() + "' is more than 10m; " + RETRY_DELAYS_ALLOWED);
            }
            delays.add(Duration.ofMillis(Math.round(seconds * 1000)));
        }
        return delays;
    }
}
