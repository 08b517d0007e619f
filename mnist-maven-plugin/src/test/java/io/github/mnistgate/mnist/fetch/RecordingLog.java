package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.util.BuildLog;
import java.util.ArrayList;
import java.util.List;

/** Keeps what was logged, for assertions; also prints it, which helps when a test fails. */
final class RecordingLog implements BuildLog {

    final List<String> lines = new ArrayList<>();

    @Override
    public void info(String message) {
        add("INFO " + message);
    }

    @Override
    public void warn(String message) {
        add("WARN " + message);
    }

    @Override
    public void debug(String message) {
        add("DEBUG " + message);
    }

    private synchronized void add(String line) {
        lines.add(line);
        System.out.println(line);
    }

    synchronized String text() {
        return String.join("\n", lines);
    }

    synchronized List<String> matching(String part) {
        return lines.stream().filter(l -> l.contains(part)).toList();
    }
}
