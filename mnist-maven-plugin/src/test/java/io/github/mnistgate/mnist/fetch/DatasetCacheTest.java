package io.github.mnistgate.mnist.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.DatasetFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCacheTest {

    @TempDir
    Path tmp;

    private final TinyDataset tiny = new TinyDataset();
    private final RecordingLog log = new RecordingLog();

    @Test
    void installedFileIsVerifiedOnLaterCalls() throws IOException {
        DatasetCache cache = new DatasetCache(tmp.resolve("cache"), log);
        DatasetFile file = DatasetFile.TRAIN_LABELS;
        assertTrue(cache.verified(tiny.spec, file).isEmpty());

        Path candidate = tmp.resolve("candidate");
        Files.write(candidate, tiny.bytes(file));
        Path installed = cache.install(tiny.spec, file, candidate);

        assertEquals(tmp.resolve("cache").resolve(TinyDataset.ID).resolve(file.fileName()), installed);
        assertArrayEquals(tiny.bytes(file), Files.readAllBytes(installed));
        assertEquals(Optional.of(installed), cache.verified(tiny.spec, file));
        assertTrue(Files.exists(candidate), "the candidate is copied, not moved");
        assertEquals(1, listing(installed.getParent()), "no temporary file is left beside it");
    }

    @Test
    void corruptCachedFileIsReportedAndDeleted() throws IOException {
        DatasetCache cache = new DatasetCache(tmp, log);
        DatasetFile file = DatasetFile.TEST_IMAGES;
        byte[] damaged = tiny.bytes(file).clone();
        damaged[damaged.length - 1] ^= 1;
        Path cached = tmp.resolve(TinyDataset.ID).resolve(file.fileName());
        TinyDataset.write(cached, damaged);

        assertTrue(cache.verified(tiny.spec, file).isEmpty());
        assertFalse(Files.exists(cached));
        String line = log.matching("is corrupt").get(0);
        assertTrue(
                line.contains("cached " + cached + " is corrupt (sha256 " + FileCheck.sha256(damaged) + ", expected "
                        + tiny.spec.expected(file).sha256() + "): discarding it"),
                line);
    }

    @Test
    void truncatedCachedFileIsReportedBySize() throws IOException {
        DatasetCache cache = new DatasetCache(tmp, log);
        DatasetFile file = DatasetFile.TRAIN_IMAGES;
        Path cached = tmp.resolve(TinyDataset.ID).resolve(file.fileName());
        TinyDataset.write(cached, java.util.Arrays.copyOf(tiny.bytes(file), 10));

        assertTrue(cache.verified(tiny.spec, file).isEmpty());
        assertFalse(Files.exists(cached));
        assertTrue(
                log.text().contains("is corrupt (size 10 bytes, expected " + tiny.bytes(file).length + ")"),
                log.text());
    }

    @Test
    void badCandidateIsRejectedAndNothingIsInstalled() throws IOException {
        DatasetCache cache = new DatasetCache(tmp.resolve("cache"), log);
        DatasetFile file = DatasetFile.TEST_LABELS;
        Path candidate = tmp.resolve("candidate");
        Files.writeString(candidate, "<html><body>Not here</body></html>");

        VerificationException e =
                assertThrows(VerificationException.class, () -> cache.install(tiny.spec, file, candidate));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("size 34 bytes, expected " + tiny.bytes(file).length), e.getMessage());
        assertTrue(e.getMessage().contains("(an HTML/XML page, not the file)"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("cache").resolve(TinyDataset.ID).resolve(file.fileName())));
    }

    @Test
    void sameSizeWrongHashIsRejectedWithBothHashes() throws IOException {
        DatasetCache cache = new DatasetCache(tmp, log);
        DatasetFile file = DatasetFile.TEST_LABELS;
        byte[] wrong = new byte[tiny.bytes(file).length];
        Path candidate = tmp.resolve("candidate");
        Files.write(candidate, wrong);

        VerificationException e =
                assertThrows(VerificationException.class, () -> cache.install(tiny.spec, file, candidate));
        assertEquals(
                "sha256 " + FileCheck.sha256(wrong) + ", expected "
                        + tiny.spec.expected(file).sha256(),
                e.mismatch().describe());
    }

    @Test
    void pinnedSpecUsesTheDatasetsChecksumsAndFolder() {
        DatasetSpec spec = DatasetSpec.of(io.github.mnistgate.mnist.data.Dataset.FASHION_MNIST);
        assertEquals("fashion-mnist", spec.id());
        assertEquals(
                DatasetFile.TRAIN_IMAGES.size(),
                spec.expected(DatasetFile.TRAIN_IMAGES).size());
        assertEquals(
                "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
                spec.expected(DatasetFile.TRAIN_IMAGES).sha256());
        assertEquals(
                tmp.resolve("fashion-mnist"),
                new DatasetCache(tmp, log).folder(io.github.mnistgate.mnist.data.Dataset.FASHION_MNIST));
    }

    private static long listing(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.count();
        }
    }
}
