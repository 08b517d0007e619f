package io.github.mnistgate.mnist.spark;

import io.github.mnistgate.mnist.util.BuildLog;
import java.io.PrintStream;

/** A log that prints each line to a stream, marked with its level; what a forked JVM's parent reads back. */
final class StreamLog implements BuildLog {

    private final PrintStream out;
    private final String prefix;

    StreamLog(PrintStream out, String prefix) {
        this.out = out;
        this.prefix = prefix;
    }

    @Override
    public void info(String message) {
        print("info", message);
    }

    @Override
    public void warn(String message) {
        print("warn", message);
    }

    @Override
    public void debug(String message) {
        print("debug", message);
    }

    void print(String level, String message) {
        // One line per message, so the reader never sees half of one; multi-line text keeps its level.
        synchronized (out) {
            for (String line : message.split("\n", -1)) {
                out.println(prefix + level + ": " + line);
            }
            out.flush();
        }
    }
}
