package io.github.mnistgate.mnist.util;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * A {@code <configuration>} element that no goal of the plugin reads. Maven before 3.9 ignores such elements
 * silently, so a misspelled {@code <minAcuracy>} would quietly switch the gate off.
 */
public final class UnknownSettingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private UnknownSettingException(String message) {
        super(message);
    }

    /** Fails on the first name in {@code used} that is not in {@code known}, suggesting the closest known one. */
    public static void check(Collection<String> used, Set<String> known) {
        for (String name : used) {
            if (!known.contains(name)) {
                String suggestion = Suggestions.closest(name, known)
                        .map(best -> "; did you mean <" + best + ">?")
                        .orElse(".");
                throw new UnknownSettingException("Unknown setting <" + name + "> in the plugin's <configuration>"
                        + suggestion + " The settings are: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }
}
