package io.github.mnistgate.mnist.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.util.BuildLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds sharing one cache (threads of one JVM, or other processes) fetch each file once. */
class ConcurrentFetchTest {

    @TempDir
    Path tmp;

    private final TinyDataset tiny = new TinyDataset();
    private WireMockServer server;

    @BeforeEach
    void start() throws IOException {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
        for (DatasetFile f : DatasetFile.values()) {
            server.stubFor(get(urlEqualTo("/mnist/" + f.fileName() + ".gz"))
                    .willReturn(
                            aResponse().withStatus(200).withFixedDelay(50).withBody(TinyDataset.gzip(tiny.bytes(f)))));
        }
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private Path cache() {
        return tmp.resolve("cache");
    }

    private FetchedDataset fetch(FetchSettings settings, BuildLog log) throws Exception {
        return DatasetFetcher.fetch(
                tiny.spec, Sources.parse("http://127.0.0.1:" + server.port() + "/mnist/", tmp), settings, log);
    }

    private void assertVerified(FetchedDataset fetched) throws IOException {
        for (DatasetFile f : DatasetFile.values()) {
            assertArrayEquals(tiny.bytes(f), Files.readAllBytes(fetched.file(f)), f.fileName());
        }
    }

    private void assertEachFileRequestedOnce() {
        for (DatasetFile f : DatasetFile.values()) {
            server.verify(1, getRequestedFor(urlEqualTo("/mnist/" + f.fileName() + ".gz")));
        }
        assertEquals(DatasetFile.values().length, server.getAllServeEvents().size());
    }

    @Test
    void parallelFetchesOfTheSameDatasetFetchEachFileOnce() throws Exception {
        int threads = 6;
        FetchSettings settings = TinyDataset.settings(cache()).build();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<RecordingLog> logs = new ArrayList<>();
        try {
            List<Future<FetchedDataset>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                RecordingLog log = new RecordingLog();
                logs.add(log);
                results.add(pool.submit(() -> {
                    go.await();
                    return fetch(settings, log);
                }));
            }
            go.countDown();
            for (Future<FetchedDataset> result : results) {
                assertVerified(result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEachFileRequestedOnce();
        long fetchers = logs.stream()
                .filter(l -> !l.matching("missing from cache").isEmpty())
                .count();
        assertEquals(1, fetchers, "exactly one thread fetches; the others find the files in the cache");
        long waited = logs.stream()
                .filter(l -> !l.matching("waiting for another build fetching tiny into")
                        .isEmpty())
                .count();
        assertTrue(waited >= 1, "some thread waited for the lock");
        assertTrue(
                logs.stream()
                        .allMatch(l -> l.matching("waiting for another build").size() <= 1),
                "logged once");
        assertEquals(
                List.of(),
                System.getProperties().stringPropertyNames().stream()
                        .filter(k -> k.startsWith("io.github.mnistgate.mnist.fetch.lock:"))
                        .toList(),
                "in-JVM lock released");
    }

    private Process holdLockInAnotherProcess(long holdMillis) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolder.class.getName(),
                        cache().resolve(TinyDataset.ID).toString(),
                        Long.toString(holdMillis))
                .redirectErrorStream(true)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.equals(LockHolder.LOCKED)) {
            System.out.println("child: " + line);
        }
        if (line == null) {
            child.destroyForcibly();
            throw new AssertionError("the child process ended without taking the lock");
        }
        return child;
    }

    @Test
    void waitsForAnotherProcessThenUsesWhatItLeft() throws Exception {
        Process child = holdLockInAnotherProcess(1_500);
        try {
            RecordingLog log = new RecordingLog();
            long start = System.nanoTime();
            assertVerified(fetch(TinyDataset.settings(cache()).build(), log));
            assertTrue((System.nanoTime() - start) / 1_000_000 >= 500, "waited for the child");
            assertEquals(
                    1,
                    log.matching("waiting for another build fetching tiny into " + cache().resolve(TinyDataset.ID))
                            .size(),
                    log.text());
            assertEachFileRequestedOnce();
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void boundedWaitFailsClearlyAndAKilledHolderLeavesNoStaleLock() throws Exception {
        Process child = holdLockInAnotherProcess(60_000);
        try {
            RecordingLog log = new RecordingLog();
            FetchSettings impatient = TinyDataset.settings(cache())
                    .lockTimeout(Duration.ofMillis(300))
                    .build();
            IOException e = assertThrows(IOException.class, () -> fetch(impatient, log));
            assertTrue(
                    e.getMessage()
                            .contains("gave up after waiting 300 ms for another build fetching tiny into "
                                    + cache().resolve(TinyDataset.ID)),
                    e.getMessage());
            assertEquals(0, server.getAllServeEvents().size());
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        // the OS released the killed process's lock: no waiting now
        RecordingLog log = new RecordingLog();
        assertVerified(fetch(
                TinyDataset.settings(cache()).lockTimeout(Duration.ofSeconds(5)).build(), log));
        assertEquals(List.of(), log.matching("waiting for another build"));
        assertEachFileRequestedOnce();
    }

    @Test
    void cachedFilesAreReadWithoutTheLock() throws Exception {
        fetch(TinyDataset.settings(cache()).build(), new RecordingLog());
        server.resetRequests();
        Process child = holdLockInAnotherProcess(60_000);
        try {
            RecordingLog log = new RecordingLog();
            assertVerified(fetch(
                    TinyDataset.settings(cache())
                            .lockTimeout(Duration.ofMillis(300))
                            .build(),
                    log));
            assertEquals(List.of(), log.matching("waiting for another build"));
            server.verify(0, getRequestedFor(urlMatching(".*")));
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
