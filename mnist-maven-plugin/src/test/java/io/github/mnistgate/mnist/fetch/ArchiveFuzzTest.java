package io.github.mnistgate.mnist.fetch;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.Mutator;
import io.github.mnistgate.mnist.util.BuildLog;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bounded, seeded fuzzing of the archive path of local and npm sources ({@link ArchiveExtractor}, then reading
 * each extracted candidate as the fetcher does): a damaged archive yields candidates or an {@link IOException}
 * with a message; never an unchecked exception, a hang, or more than the bounded bytes on disk.
 */
class ArchiveFuzzTest {

    private static final long SEED = 424242L;
    private static final int ITERATIONS = 300;
    private static final long WALL_CLOCK_MILLIS = 5_000;

    @TempDir
    Path tmp;

    private final TinyDataset tiny = new TinyDataset();

    private static final BuildLog QUIET = BuildLog.silent();

    @ParameterizedTest
    @ValueSource(strings = {"tgz", "tar", "zip", "tgz-gz-entries", "tar-gz-entries", "zip-gz-entries"})
    void damagedArchivesYieldCandidatesOrTypedErrors(String kind) throws Exception {
        boolean gzEntries = kind.endsWith("gz-entries");
        Path good = tmp.resolve("good." + kind);
        if (kind.startsWith("tgz")) {
            TinyDataset.tarGz(good, tiny.entries("data/", gzEntries));
        } else if (kind.startsWith("tar")) {
            // a plain tar, so that damage reaches the tar headers rather than stopping at the gzip checksum
            Path tgz = TinyDataset.tarGz(tmp.resolve("plain.tgz"), tiny.entries("data/", gzEntries));
            try (InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(tgz))) {
                Files.write(good, in.readAllBytes());
            }
        } else {
            TinyDataset.zip(good, tiny.entries("data/", gzEntries));
        }
        byte[] original = Files.readAllBytes(good);
        Mutator mutator = new Mutator(SEED + kind.hashCode(), 4 * original.length);
        FetchSettings settings = TinyDataset.settings(tmp.resolve("cache")).build();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            long deadline = System.nanoTime() + WALL_CLOCK_MILLIS * 1_000_000;
            int done = 0;
            int verified = 0;
            for (int i = 0; i < ITERATIONS && System.nanoTime() < deadline; i++, done++) {
                Path scratch = tmp.resolve("scratch-" + i);
                Path archive = tmp.resolve("fuzz-" + i + ".archive");
                Files.write(archive, mutator.mutate(original, 64));
                try {
                    verified += extractAndRead(archive, settings, scratch);
                } catch (IOException e) {
                    assertNotNull(e.getMessage(), "iteration " + i + ": " + e);
                } catch (Throwable t) {
                    fail(kind + " iteration " + i + " (seed " + SEED + "): unexpected " + t, t);
                } finally {
                    Scratch.deleteRecursively(scratch, QUIET);
                    Files.deleteIfExists(archive);
                }
            }
            assertTrue(done >= 50, "only " + done + " iterations ran");
            System.out.println("archive fuzz " + kind + ": " + done + " iterations, " + verified + " files verified");
        });
    }

    /** As the fetcher reads a local archive: extract, then copy (gunzipping) every candidate under its bound. */
    private int extractAndRead(Path archive, FetchSettings settings, Path scratch) throws IOException {
        Files.createDirectories(scratch);
        SourceContext context =
                new SourceContext(settings, tiny.spec, EnumSet.allOf(DatasetFile.class), scratch, QUIET);
        OpenedSource opened = ArchiveExtractor.extract(archive, context);
        int verified = 0;
        for (DatasetFile file : DatasetFile.values()) {
            for (Candidate candidate : opened.candidates(file)) {
                Path part = scratch.resolve(file.fileName() + ".part");
                long limit = Payloads.limitFor(tiny.spec.expected(file).size());
                try (InputStream in = candidate.open()) {
                    long n = Payloads.copyDecompressed(in, part, limit);
                    assertTrue(n <= limit && Files.size(part) <= limit, "wrote past the bound");
                    if (FileCheck.check(part, tiny.spec.expected(file)).isEmpty()) {
                        verified++;
                    }
                } catch (IOException e) {
                    assertNotNull(e.getMessage(), candidate.label() + ": " + e);
                } finally {
                    Files.deleteIfExists(part);
                }
            }
        }
        return verified;
    }
}
