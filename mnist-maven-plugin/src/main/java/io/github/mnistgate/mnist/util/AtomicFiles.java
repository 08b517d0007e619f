package io.github.mnistgate.mnist.util;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so that a reader never sees a half-written one: the content goes to a temporary file in
 * the same folder, which is then renamed over the target.
 */
public final class AtomicFiles {

    /** Writes the content of a file through a stream. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.writeTo(out);
            }
            moveInto(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A new temporary file beside {@code target}, named after it, after deleting those that a writer of the same
     * target left when it was killed. Only for a project's own output, which one build writes at a time; never
     * for a folder that other processes write into at the same time.
     */
    public static Path newTempBesideSweepingStale(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        String prefix = "." + target.getFileName() + ".";
        try (var stale = Files.newDirectoryStream(dir, p -> {
            String name = p.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".tmp");
        })) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
        return Files.createTempFile(dir, prefix, ".tmp");
    }

    /**
     * Deletes the temporary files ({@code .<name>.<number>.tmp}) that writers killed mid-write left in a folder of
     * a project's own output. Not for folders other processes write into at the same time.
     */
    public static void sweepStale(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (var stale = Files.newDirectoryStream(
                directory, p -> p.getFileName().toString().matches("\\..+\\.\\d+\\.tmp"))) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Renames a finished temporary file over the target, atomically where the file system can. */
    public static void moveInto(Path finished, Path target) throws IOException {
        try {
            Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
