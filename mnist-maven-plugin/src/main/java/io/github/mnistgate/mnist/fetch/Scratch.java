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
import java.util.ArrayList;
import java.util.List;

/** The temporary folders a fetch downloads and extracts into, inside the dataset's folder of the cache. */
final class Scratch {

    static final String PREFIX = ".fetch-";
    /** A live fetch never takes this long; an older scratch folder was left by a killed build. */
    private static final Duration STALE_AFTER = Duration.ofHours(6);

    private Scratch() {}

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
            log.warn("could not delete temporary folder " + folder + ": " + e);
        }
    }

    /** Removes scratch folders that killed builds left at the top of the cache (where no lock covers them). */
    static void deleteStale(Path cacheDirectory, BuildLog log) {
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(cacheDirectory, PREFIX + "*")) {
            for (Path dir : stream) {
                if (Files.isDirectory(dir)
                        && Files.getLastModifiedTime(dir).toInstant().isBefore(cutoff)) {
                    deleteRecursively(dir, log);
                }
            }
        } catch (IOException e) {
            log.debug("could not look for stale temporary folders in " + cacheDirectory + ": " + e);
        }
    }

    /**
     * Whether a dataset folder holds scratch folders or temporary files ({@code .<name>.<random>.tmp}). Only the
     * holder of the folder's lock writes them, so whoever holds it next finds there only what a killed build left.
     */
    static boolean hasLeftovers(Path folder) {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, Scratch::isLeftover)) {
            return stream.iterator().hasNext();
        } catch (IOException e) {
            return false; // no folder yet, or unreadable: then nothing to remove either
        }
    }

    /** Deletes what {@link #hasLeftovers} finds; call it only while holding the folder's lock. */
    static void deleteLeftovers(Path folder, BuildLog log) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, Scratch::isLeftover)) {
            stream.forEach(found::add);
        } catch (IOException e) {
            log.debug("could not look for temporary files in " + folder + ": " + e);
            return;
        }
        if (!found.isEmpty()) {
            log.info("removing " + found.size() + " temporary file(s) an interrupted build left in " + folder);
        }
        for (Path p : found) {
            deleteRecursively(p, log);
        }
    }

    private static boolean isLeftover(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(PREFIX) || (name.startsWith(".") && name.endsWith(".tmp"));
    }
}
