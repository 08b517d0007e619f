package io.github.mnistgate.mnist.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.DatasetFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A build killed (SIGKILL) while it fetches into a fresh cache leaves no partial file under a trusted name and no
 * lock that blocks the next build, which keeps what was verified, fetches the rest and removes the dead build's
 * temporary files.
 */
class KilledFetchTest {

    /** Where the child is killed: at request {@code request} (1: the first file), after {@code half} of its body or none. */
    @SuppressWarnings("ImmutableEnumChecker") // its sets are Set.of, unmodifiable
    enum KillPoint {
        BEFORE_ANY_BYTE(1, false, EnumSet.noneOf(DatasetFile.class)),
        MID_FIRST_FILE(1, true, EnumSet.noneOf(DatasetFile.class)),
        BETWEEN_FILES(3, false, EnumSet.of(DatasetFile.TRAIN_IMAGES, DatasetFile.TRAIN_LABELS)),
        MID_THIRD_FILE(3, true, EnumSet.of(DatasetFile.TRAIN_IMAGES, DatasetFile.TRAIN_LABELS));

        final int request;
        final boolean midFile;
        final Set<DatasetFile> cachedBefore;

        KillPoint(int request, boolean midFile, Set<DatasetFile> cachedBefore) {
            this.request = request;
            this.midFile = midFile;
            this.cachedBefore = cachedBefore;
        }
    }

    @TempDir
    Path tmp;

    private final TinyDataset tiny = new TinyDataset();
    private final Map<String, byte[]> bodies = new LinkedHashMap<>();
    private TrickleServer server;

    @BeforeEach
    void start() throws IOException {
        for (DatasetFile f : DatasetFile.values()) {
            bodies.put("/mnist/" + f.fileName() + ".gz", TinyDataset.gzip(tiny.bytes(f)));
        }
        // 8 bytes every 20 ms: a file takes a few hundred ms, so the kill lands inside it
        server = TrickleServer.start(bodies, 8, 20, 2);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Path cache() {
        return tmp.resolve("cache");
    }

    @ParameterizedTest
    @EnumSource(KillPoint.class)
    void killedFetchLeavesNoTrustedPartialFileAndTheNextFetchCompletesAndCleansUp(KillPoint point) throws Exception {
        List<String> order = List.copyOf(bodies.keySet());
        String killedPath = order.get(point.request - 1);
        int bytes = point.midFile ? bodies.get(killedPath).length / 2 : 0;
        TrickleServer.Pause pause = server.pauseAt(point.request, bytes);
        Path output = tmp.resolve("child.log");
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        FetchChild.class.getName(),
                        cache().toString(),
                        server.url("/mnist/"))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            assertTrue(pause.awaitReached(30_000), "the child never got to " + point + ": " + Files.readString(output));
            if (point.midFile) {
                Thread.sleep(300); // let it write what it received so far
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "killed child ended");
            pause.release();
        }
        assertEquals(137, child.exitValue(), "ended by SIGKILL");
        assertFalse(Files.readString(output).contains(FetchChild.FETCHED));
        assertEquals(order.subList(0, point.request), server.paths(), "killed at request " + point.request);

        // What the killed build left: only verified files under trusted names; its partial download elsewhere.
        assertEquals(point.cachedBefore, CacheContents.assertTrustedNamesVerify(cache(), tiny.spec));
        List<Path> left = CacheContents.leftovers(cache(), tiny.spec);
        assertFalse(left.isEmpty(), "the kill left the build's temporary folder");
        if (point.midFile) {
            String download = killedPath.substring("/mnist/".length()) + ".download";
            Path partial = left.stream()
                    .map(cache()::resolve)
                    .filter(p -> p.getFileName().toString().equals(download))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no partial " + download + " in " + left));
            long size = Files.size(partial);
            assertTrue(size > 0 && size < bodies.get(killedPath).length, "partial download of " + size + " bytes");
        }

        // The next build is not blocked by the dead one's lock, fetches only what is missing, and cleans up.
        RecordingLog log = new RecordingLog();
        FetchedDataset fetched = DatasetFetcher.fetch(
                tiny.spec,
                Sources.parse(server.url("/mnist/"), tmp),
                TinyDataset.settings(cache()).lockTimeout(Duration.ofSeconds(2)).build(),
                log);
        for (DatasetFile f : DatasetFile.values()) {
            assertArrayEquals(tiny.bytes(f), Files.readAllBytes(fetched.file(f)), f.fileName());
        }
        assertEquals(List.of(), log.matching("waiting for another build"), "no stale lock");
        assertEquals(
                DatasetFile.values().length - point.cachedBefore.size(),
                server.paths().size() - point.request,
                "fetched only the missing files: " + server.paths());
        CacheContents.assertOnlyVerifiedFilesAndAFreeLock(cache(), tiny.spec);
    }

    @Test
    void temporaryFilesLeftBesideACompleteCacheAreRemovedByTheNextFetch() throws Exception {
        DatasetFetcher.fetch(
                tiny.spec,
                Sources.parse(server.url("/mnist/"), tmp),
                TinyDataset.settings(cache()).build(),
                new RecordingLog());
        // as a build killed after installing its last file, before removing its scratch folder, leaves them
        Path folder = cache().resolve(TinyDataset.ID);
        TinyDataset.write(
                folder.resolve(Scratch.PREFIX + "123/source-1/t10k-labels-idx1-ubyte.gz.download"), new byte[5]);
        TinyDataset.write(folder.resolve(".t10k-labels-idx1-ubyte.456.tmp"), new byte[3]);
        int requests = server.requests();

        RecordingLog log = new RecordingLog();
        DatasetFetcher.fetch(
                tiny.spec,
                Sources.parse(server.url("/mnist/"), tmp),
                TinyDataset.settings(cache()).lockTimeout(Duration.ofSeconds(2)).build(),
                log);
        assertEquals(requests, server.requests(), "nothing fetched");
        assertEquals(
                1,
                log.matching("removing 2 temporary file(s) an interrupted build left in " + folder)
                        .size(),
                log.text());
        CacheContents.assertOnlyVerifiedFilesAndAFreeLock(cache(), tiny.spec);
    }
}
