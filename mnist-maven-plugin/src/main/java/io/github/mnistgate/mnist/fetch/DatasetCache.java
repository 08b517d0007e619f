package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The folder {@code <cacheDirectory>/<dataset id>/} holding verified, decompressed dataset files under
 * their plain names. Every read re-verifies the file, so a file damaged between builds is never used; every
 * write goes through a temporary file and a rename, so a half-written file is never seen under its name.
 */
public final class DatasetCache {

    private final Path cacheDirectory;
    private final BuildLog log;

    public DatasetCache(Path cacheDirectory, BuildLog log) {
        this.cacheDirectory =
                Objects.requireNonNull(cacheDirectory, "cacheDirectory").toAbsolutePath();
        this.log = Objects.requireNonNull(log, "log");
    }

    public Path cacheDirectory() {
        return cacheDirectory;
    }

    public Path folder(Dataset dataset) {
        return folder(DatasetSpec.of(dataset));
    }

    Path folder(DatasetSpec spec) {
        return cacheDirectory.resolve(spec.id());
    }

    /** Where a file lives in the cache once verified; it may not exist (yet). */
    public Path location(Dataset dataset, DatasetFile file) {
        return folder(dataset).resolve(file.fileName());
    }

    /**
     * The cached file if its size and SHA-256 are the pinned ones. A cached file that fails the check is
     * logged and deleted, so that it is fetched again.
     */
    public Optional<Path> verified(Dataset dataset, DatasetFile file) throws IOException {
        return verified(DatasetSpec.of(dataset), file);
    }

    Optional<Path> verified(DatasetSpec spec, DatasetFile file) throws IOException {
        return verified(spec, file, true);
    }

    /**
     * As {@link #verified(Dataset, DatasetFile)}; with {@code discard} false a bad file is only reported as
     * missing, neither logged nor deleted (for a check made without holding the dataset's lock).
     */
    Optional<Path> verified(DatasetSpec spec, DatasetFile file, boolean discard) throws IOException {
        Path path = folder(spec).resolve(file.fileName());
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (!discard) {
            try {
                return Files.isRegularFile(path)
                                && FileCheck.check(path, spec.expected(file)).isEmpty()
                        ? Optional.of(path)
                        : Optional.empty();
            } catch (NoSuchFileException e) {
                // The lock's holder discarded it (it was bad) while we looked: missing, to us.
                return Optional.empty();
            }
        }
        if (!Files.isRegularFile(path)) {
            log.warn("cached " + path + " is not a regular file: discarding it");
            deleteQuietly(path);
            return Optional.empty();
        }
        Optional<Mismatch> mismatch = FileCheck.check(path, spec.expected(file));
        if (mismatch.isPresent()) {
            log.warn("cached " + path + " is corrupt (" + mismatch.get().describe() + "): discarding it");
            deleteQuietly(path);
            return Optional.empty();
        }
        return Optional.of(path);
    }

    /**
     * Verifies a candidate against the pinned size and SHA-256, then copies it into the cache under its
     * plain name (atomically). The candidate itself is left where it is.
     *
     * @throws VerificationException when the candidate is not the expected file
     */
    public Path install(Dataset dataset, DatasetFile file, Path candidate) throws IOException {
        return install(DatasetSpec.of(dataset), file, candidate);
    }

    Path install(DatasetSpec spec, DatasetFile file, Path candidate) throws IOException {
        Optional<Mismatch> mismatch = FileCheck.check(candidate, spec.expected(file));
        if (mismatch.isPresent()) {
            throw new VerificationException(file, mismatch.get());
        }
        Path folder = folder(spec);
        Files.createDirectories(folder);
        Path target = folder.resolve(file.fileName());
        // Dot-prefixed temp name in the same folder: the rename stays on one file system and is atomic.
        Path tmp = Files.createTempFile(folder, "." + file.fileName() + ".", ".tmp");
        try {
            Files.copy(candidate, tmp, StandardCopyOption.REPLACE_EXISTING);
            AtomicFiles.moveInto(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // The file stays, but it is checked again (and refused again) on every use.
            log.warn("could not delete " + path + ": " + e);
        }
    }
}
