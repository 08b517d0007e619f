package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.FolderLock;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Trained models kept by training fingerprint ({@code <fingerprint>.zip}) between builds, so that
 * {@code mvn clean install} with unchanged inputs takes the model instead of training it again; tuning keeps its
 * searches here too, each a zip under the search's fingerprint ({@code tuning.SearchCache}). Shared by
 * concurrent builds with the dataset cache's discipline: files appear only whole, by an atomic rename, so
 * readers need no lock; storing and evicting hold the folder's lock. It keeps at most {@code maxModels},
 * dropping the least recently used (a model's modification time is set when a build takes it).
 */
public final class ModelCache {

    public static final int MAX_MODELS = 1000;

    private final Path directory;
    private final int maxModels;
    private final Duration lockTimeout;
    private final BuildLog log;

    public ModelCache(Path directory, int maxModels, Duration lockTimeout, BuildLog log) {
        if (maxModels < 1 || maxModels > MAX_MODELS) {
            throw new InvalidSettingException(
                    "modelCacheSize", maxModels, "must be a number of models from 1 to " + MAX_MODELS);
        }
        this.directory = directory;
        this.maxModels = maxModels;
        this.lockTimeout = lockTimeout;
        this.log = log;
    }

    public Path directory() {
        return directory;
    }

    public Path file(String fingerprint) {
        return directory.resolve(fingerprint + ".zip");
    }

    /**
     * Copies the cached model with this fingerprint to {@code target} (atomically), marking it as just used.
     *
     * @return the cached file it came from, or empty when there is none
     */
    public Optional<Path> copyTo(String fingerprint, Path target) throws IOException {
        Path cached = file(fingerprint);
        if (!Files.isRegularFile(cached)) {
            return Optional.empty();
        }
        try {
            copy(cached, target);
        } catch (NoSuchFileException e) {
            return Optional.empty(); // evicted by another build just now
        }
        touch(cached);
        return Optional.of(cached);
    }

    /** Keeps a copy of {@code model} under its fingerprint, then evicts the least recently used beyond the bound. */
    @SuppressWarnings("try") // the lock is held for the block, never read
    public void store(String fingerprint, Path model) throws IOException {
        Files.createDirectories(directory);
        try (FolderLock lock = FolderLock.acquire(directory, "storing a model", lockTimeout, log)) {
            // Sweeping a killed storer's temporary file is safe here: every writer of this folder holds its lock.
            copy(model, file(fingerprint));
            touch(file(fingerprint));
            evictBeyondBound();
        }
    }

    /** Copies a file so that {@code target} only ever appears whole. */
    private static void copy(Path source, Path target) throws IOException {
        Path tmp = AtomicFiles.newTempBesideSweepingStale(target);
        try {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.moveInto(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The cached models, most recently used first. */
    List<Path> models() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Path> zips = new ArrayList<>();
        try (var files = Files.list(directory)) {
            files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}\\.zip"))
                    .forEach(zips::add);
        }
        zips.sort(Comparator.comparing(ModelCache::lastUsed).reversed().thenComparing(Path::toString));
        return zips;
    }

    private void evictBeyondBound() throws IOException {
        List<Path> zips = models();
        for (Path old : zips.subList(Math.min(maxModels, zips.size()), zips.size())) {
            Files.deleteIfExists(old);
            log.info("model cache " + directory + " holds at most " + maxModels + " model(s) and searches: removed the"
                    + " least recently used, " + old.getFileName());
        }
    }

    private static FileTime lastUsed(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, FileTime.from(Instant.now()));
        } catch (IOException e) {
            // Only the eviction order suffers.
        }
    }
}
