package io.github.mnistgate.mnist.util;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for a misspelled name: the closest allowed value within two edits, if there is one. */
public final class Suggestions {

    private static final int MAX_EDITS = 2;

    private Suggestions() {}

    /** {@code "; did you mean 'adam'?"}, or an empty string when no allowed value is close. */
    public static String didYouMean(String value, Collection<String> allowed) {
        return closest(value, allowed)
                .map(best -> "; did you mean '" + best + "'?")
                .orElse("");
    }

    /** The allowed value within two edits of {@code value} (ignoring case), other than itself, if there is one. */
    public static Optional<String> closest(String value, Collection<String> allowed) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = MAX_EDITS + 1;
        for (String candidate : allowed) {
            int d = distance(wanted, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best == null || bestDistance == 0 ? Optional.empty() : Optional.of(best);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
