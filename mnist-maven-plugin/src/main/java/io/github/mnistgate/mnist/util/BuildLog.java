package io.github.mnistgate.mnist.util;

/**
 * Where the core reports progress. The Maven mojos adapt their {@code Log} to it, so the core never
 * imports the Maven API.
 */
public interface BuildLog {

    void info(String message);

    void warn(String message);

    void debug(String message);

    /** A log that drops everything; for tests and callers that do not care. */
    static BuildLog silent() {
        return new BuildLog() {
            @Override
            public void info(String message) {}

            @Override
            public void warn(String message) {}

            @Override
            public void debug(String message) {}
        };
    }
}
