package io.github.mnistgate.mnist.tuning;

/** Picks the first problem that applies out of (condition, message) pairs. */
final class Problems {

    private Problems() {}

    /** @return the message after the first true condition, or null when none is true */
    static String of(Object... conditionsAndMessages) {
        for (int i = 0; i < conditionsAndMessages.length; i += 2) {
            if (Boolean.TRUE.equals(conditionsAndMessages[i])) {
                return (String) conditionsAndMessages[i + 1];
            }
        }
        return null;
    }
}
