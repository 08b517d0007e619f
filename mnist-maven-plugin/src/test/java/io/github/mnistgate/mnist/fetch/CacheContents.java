package io.github.mnistgate.mnist.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.util.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Assertions on what a cache directory holds after builds, finished or killed. */
public final class CacheContents {

    private CacheContents() {}

    /**
     * Every file under a dataset file's name is whole and verified (no partial file under a trusted name).
     *
     * @return the dataset files present
     */
    public static Set<DatasetFile> assertTrustedNamesVerify(Path cacheDirectory, DatasetSpec spec) throws IOException {
        Set<DatasetFile> present = EnumSet.noneOf(DatasetFile.class);
        Path folder = cacheDirectory.resolve(spec.id());
        for (DatasetFile f : DatasetFile.values()) {
            Path p = folder.resolve(f.fileName());
            if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                assertEquals(java.util.Optional.empty(), FileCheck.check(p, spec.expected(f)), "cached " + p);
                present.add(f);
            }
        }
        return present;
    }

    /** Everything under the cache that is neither a verified dataset file nor the dataset's lock file. */
    public static List<Path> leftovers(Path cacheDirectory, DatasetSpec spec) throws IOException {
        List<Path> left = new ArrayList<>();
        if (!Files.exists(cacheDirectory)) {
            return left;
        }
        Path folder = cacheDirectory.resolve(spec.id());
        try (Stream<Path> all = Files.walk(cacheDirectory)) {
            for (Path p : all.toList()) {
                if (p.equals(cacheDirectory) || p.equals(folder)) {
                    continue;
                }
                String name = p.getFileName().toString();
                boolean allowed = p.getParent().equals(folder)
                        && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                        && (name.equals(io.github.mnistgate.mnist.util.FolderLock.FILE_NAME) || isDatasetFile(name));
                if (!allowed) {
                    left.add(cacheDirectory.relativize(p));
                }
            }
        }
        return left;
    }

    /** What is cached verifies, and nothing else (no partial download, scratch folder or temporary file) is there. */
    public static void assertOnlyVerifiedFiles(Path cacheDirectory, DatasetSpec spec) throws IOException {
        assertTrustedNamesVerify(cacheDirectory, spec);
        assertEquals(
                List.of(), leftovers(cacheDirectory, spec), "temporary or partial files left in " + cacheDirectory);
    }

    /**
     * Only the four verified files and the lock file: no partial download, scratch folder or temporary file
     * anywhere in the cache. The lock file stays by design (deleting it would race with another build opening
     * it); it is empty, and free: no build, killed or finished, still holds it.
     */
    public static void assertOnlyVerifiedFilesAndAFreeLock(Path cacheDirectory, DatasetSpec spec) throws IOException {
        assertOnlyVerifiedFiles(cacheDirectory, spec);
        assertEquals(EnumSet.allOf(DatasetFile.class), assertTrustedNamesVerify(cacheDirectory, spec));
        Path lock = cacheDirectory.resolve(spec.id()).resolve(io.github.mnistgate.mnist.util.FolderLock.FILE_NAME);
        assertTrue(!Files.exists(lock) || Files.size(lock) == 0, "lock file is empty");
        // fails after half a second if some process still held it
        io.github.mnistgate.mnist.util.FolderLock.acquire(
                        cacheDirectory.resolve(spec.id()),
                        "fetching " + spec.id(),
                        Duration.ofMillis(500),
                        BuildLog.silent())
                .close();
    }

    private static boolean isDatasetFile(String name) {
        for (DatasetFile f : DatasetFile.values()) {
            if (f.fileName().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
