package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.DatasetFile;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * No source delivered a verified copy of some file. The message names every source tried and why it
 * failed, and what the user can do about it.
 */
public class FetchFailedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** One source and what became of it, e.g. {@code skipped: Maven is offline}. */
    public record Attempt(String source, String outcome) {}

    private final List<DatasetFile> missing;
    private final List<Attempt> attempts;

    public FetchFailedException(String datasetId, Path cacheFolder, List<DatasetFile> missing, List<Attempt> attempts) {
        super(message(datasetId, cacheFolder, missing, attempts));
        this.missing = List.copyOf(missing);
        this.attempts = List.copyOf(attempts);
    }

    public List<DatasetFile> missing() {
        return missing;
    }

    public List<Attempt> attempts() {
        return attempts;
    }

    private static String message(
            String datasetId, Path cacheFolder, List<DatasetFile> missing, List<Attempt> attempts) {
        StringBuilder m = new StringBuilder("No source delivered a verified copy of ")
                .append(datasetId)
                .append(" (missing: ")
                .append(missing.stream().map(DatasetFile::fileName).collect(Collectors.joining(", ")))
                .append(").");
        if (attempts.isEmpty()) {
            m.append(" No sources were given.");
        } else {
            m.append(" Sources tried, in order:");
            for (int i = 0; i < attempts.size(); i++) {
                m.append("\n  ")
                        .append(i + 1)
                        .append(". ")
                        .append(attempts.get(i).source())
                        .append(": ")
                        .append(attempts.get(i).outcome());
            }
        }
        m.append("\nCheck mnist.sources, or run once online; use -Dmnist.sources=… to add a local folder or archive"
                        + " (e.g. -Dmnist.sources=/path/to/mnist-files,https://…). Verified files are kept in ")
                .append(cacheFolder)
                .append(" for later builds, offline ones included.");
        return m.toString();
    }
}
