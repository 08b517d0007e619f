package io.github.mnistgate.mnist.tuning;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns the text of the POM into typed values, and values read back from JSON into the same types. */
final class Values {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,9}");

    private Values() {}

    /** {@code 32} is an Integer, {@code 1e-3} a Double, {@code true} a Boolean, anything else a String. */
    static Object parse(String text) {
        String t = text.trim();
        if (INTEGER.matcher(t).matches()) {
            return Integer.parseInt(t);
        }
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(t.toLowerCase(Locale.ROOT));
        }
        try {
            double d = Double.parseDouble(t);
            if (Double.isFinite(d) && !t.endsWith("d") && !t.endsWith("f") && !t.endsWith("D") && !t.endsWith("F")) {
                return Steps.tidy(d);
            }
        } catch (NumberFormatException ignored) {
            // a word
        }
        return t;
    }

    /** A comma-separated list, numbers widened to Double when some are integers and some are not. */
    static List<Object> parseList(String text) {
        List<Object> values = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                values.add(parse(part));
            }
        }
        boolean mixedNumbers = values.stream().anyMatch(v -> v instanceof Double)
                && values.stream().allMatch(v -> v instanceof Number);
        if (mixedNumbers) {
            values.replaceAll(v -> Steps.tidy(((Number) v).doubleValue()));
        }
        return values;
    }

    /** A value as the log and the results table show it: numbers in plain notation. */
    static String display(Object value) {
        return value instanceof Double d ? Steps.format(d) : String.valueOf(value);
    }

    /** The values as {@code name=value, ...}. */
    static String display(java.util.Map<String, Object> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + "=" + display(e.getValue()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static Double number(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** {@code raw} as an instance of {@code type}, or null when it cannot be one. */
    static Object as(Class<?> type, Object raw) {
        if (raw == null) {
            return null;
        }
        if (type == Integer.class) {
            Double d = number(raw);
            return d != null && d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE ? (Object) d.intValue() : null;
        }
        if (type == Double.class) {
            Double d = number(raw);
            return d == null ? null : Steps.tidy(d);
        }
        if (type == Boolean.class) {
            if (raw instanceof Boolean) {
                return raw;
            }
            String s = raw.toString().trim();
            return (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))
                    ? Boolean.parseBoolean(s.toLowerCase(Locale.ROOT))
                    : null;
        }
        return raw.toString();
    }
}
