package io.github.mnistgate.mnist.util;

import java.util.List;

/** A {@link BuildLog} that appends every line to a list, for tests to assert on. */
public final class ListLog {

    private ListLog() {}

    public static BuildLog into(List<String> lines) {
        return new BuildLog() {
            @Override
            public void info(String message) {
                lines.add(message);
            }

            @Override
            public void warn(String message) {
                lines.add(message);
            }

            @Override
            public void debug(String message) {
                lines.add(message);
            }
        };
    }
}
