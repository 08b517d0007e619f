package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.util.BuildLog;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;

/** The temporary folders a fetch downloads and extracts into, inside the cache directory. */
final class Scratch {

    static final String PREFIX = ".fetch-";
    /** A live fetch never takes this long; an older scratch folder was left by a killed build. */
    private static final Duration STALE_AFTER = Duration.ofHours(6);

    private Scratch() {
    }

    /** Deletes a folder and everything in it; never follows links out of it. */
    static void deleteRecursively(Path folder, BuildLog log) {
        if (!Files.exists(folder)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("[mnist] could not delete temporary folder " + folder + ": " + e);
        }
    }

    /** Removes scratch folders that killed builds left behind, so they do not pile up. */
    static void deleteStale(Path cacheDirectory, BuildLog log) {
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(cacheDirectory, PREFIX + "*")) {
            for (Path dir : stream) {
                if (Files.isDirectory(dir) && Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
                    deleteRecursively(dir, log);
                }
            }
        } catch (IOException e) {
            log.debug("[mnist] could not look for stale temporary folders in " + cacheDirectory + ": " + e);
        }
    }
}
