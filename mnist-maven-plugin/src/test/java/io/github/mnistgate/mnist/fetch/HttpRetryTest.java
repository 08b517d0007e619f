package io.github.mnistgate.mnist.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.mnistgate.mnist.data.DatasetFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Transient HTTP failures are retried (bounded), permanent ones are not; the cache only ever holds verified files. */
class HttpRetryTest {

    private static final String IMAGES_GZ = DatasetFile.TRAIN_IMAGES.fileName() + ".gz";

    @TempDir
    Path tmp;

    private final TinyDataset tiny = new TinyDataset();
    private final RecordingLog log = new RecordingLog();
    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.stop();
        assertCacheHoldsOnlyVerifiedFiles();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private Path cache() {
        return tmp.resolve("cache");
    }

    private void serveGz(String folder) throws IOException {
        for (DatasetFile f : DatasetFile.values()) {
            server.stubFor(get(urlEqualTo(folder + f.fileName() + ".gz"))
                    .willReturn(aResponse().withStatus(200).withBody(TinyDataset.gzip(tiny.bytes(f)))));
        }
    }

    private FetchedDataset fetch(String sources) throws Exception {
        return fetch(sources, TinyDataset.settings(cache()).build());
    }

    private FetchedDataset fetch(String sources, FetchSettings settings) throws Exception {
        return DatasetFetcher.fetch(tiny.spec, Sources.parse(sources, tmp), settings, log);
    }

    private void assertCacheHoldsOnlyVerifiedFiles() throws IOException {
        CacheContents.assertOnlyVerifiedFiles(cache(), tiny.spec);
    }

    @ParameterizedTest
    @EnumSource(
            value = Fault.class,
            names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE", "RANDOM_DATA_THEN_CLOSE"})
    void faultTwiceThenSuccessIsRetried(Fault fault) throws Exception {
        serveGz("/flaky/");
        String path = "/flaky/" + IMAGES_GZ;
        server.stubFor(get(urlEqualTo(path))
                .inScenario("flaky")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withFault(fault))
                .willSetStateTo("failed once"));
        server.stubFor(get(urlEqualTo(path))
                .inScenario("flaky")
                .whenScenarioStateIs("failed once")
                .willReturn(aResponse().withFault(fault))
                .willSetStateTo("failed twice"));
        server.stubFor(get(urlEqualTo(path))
                .inScenario("flaky")
                .whenScenarioStateIs("failed twice")
                .willReturn(
                        aResponse().withStatus(200).withBody(TinyDataset.gzip(tiny.bytes(DatasetFile.TRAIN_IMAGES)))));

        tiny.assertAllCached(fetch(url("/flaky/")));
        assertTrue(log.matching("retrying in").size() >= 1, log.text());
        assertTrue(log.text().contains(": ok, 4 files verified"), log.text());
    }

    @Test
    void serverErrorTwiceThenSuccessTakesExactlyThreeRequests() throws Exception {
        serveGz("/busy/");
        String path = "/busy/" + IMAGES_GZ;
        server.stubFor(get(urlEqualTo(path))
                .inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("1"));
        server.stubFor(get(urlEqualTo(path))
                .inScenario("busy")
                .whenScenarioStateIs("1")
                .willReturn(aResponse().withStatus(502))
                .willSetStateTo("2"));
        server.stubFor(get(urlEqualTo(path))
                .inScenario("busy")
                .whenScenarioStateIs("2")
                .willReturn(
                        aResponse().withStatus(200).withBody(TinyDataset.gzip(tiny.bytes(DatasetFile.TRAIN_IMAGES)))));

        tiny.assertAllCached(fetch(url("/busy/")));
        server.verify(3, getRequestedFor(urlEqualTo(path)));
        List<String> retries = log.matching("retrying in");
        assertEquals(2, retries.size(), log.text());
        assertTrue(
                retries.get(0).contains("HTTP 503") && retries.get(0).contains("retrying in 10 ms (attempt 2 of 3)"),
                retries.get(0));
        assertTrue(
                retries.get(1).contains("HTTP 502") && retries.get(1).contains("retrying in 40 ms (attempt 3 of 3)"),
                retries.get(1));
    }

    @Test
    void alwaysFailingSourceIsReportedAndTheNextOneIsTried() throws Exception {
        server.stubFor(get(urlMatching("/dead/.*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        serveGz("/good/");
        tiny.assertAllCached(fetch(url("/dead/") + "," + url("/good/")));
        String line = log.matching("trying source 1/2").get(0);
        assertTrue(line.contains(": failed: ") && line.contains("gave up after 3 attempts"), line);
        assertTrue(log.text().contains("trying source 2/2 " + url("/good/") + ": ok, 4 files verified"), log.text());
    }

    @Test
    void alwaysFailingOnlySourceFailsTheFetchNamingTheReason() {
        server.stubFor(get(urlMatching("/dead/.*")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        FetchFailedException e = assertThrows(FetchFailedException.class, () -> fetch(url("/dead/")));
        assertTrue(e.getMessage().contains("gave up after 3 attempts"), e.getMessage());
    }

    @Test
    void stalledServerFailsWithinTheReadTimeoutAndTheNextSourceIsTried() throws Exception {
        server.stubFor(get(urlMatching("/stalled/.*"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withFixedDelay(3_000)
                        .withBody(TinyDataset.gzip(tiny.bytes(DatasetFile.TRAIN_IMAGES)))));
        serveGz("/good/");
        FetchSettings settings = TinyDataset.settings(cache())
                .readTimeout(Duration.ofMillis(300))
                .build();
        long start = System.nanoTime();
        tiny.assertAllCached(fetch(url("/stalled/") + "," + url("/good/"), settings));
        long millis = (System.nanoTime() - start) / 1_000_000;
        // 3 attempts of 300 ms for the first file, then the whole source is given up (not 4 files x 2 names x 3)
        assertTrue(millis < 2_800, "took " + millis + " ms");
        String line = log.matching("trying source 1/2").get(0);
        assertTrue(line.contains("failed: SocketTimeoutException") && line.contains("gave up after 3 attempts"), line);
        server.verify(3, getRequestedFor(urlEqualTo("/stalled/" + IMAGES_GZ)));
        server.verify(0, getRequestedFor(urlEqualTo("/stalled/" + DatasetFile.TEST_LABELS.fileName() + ".gz")));
    }

    @Test
    void slowButSteadyServerSucceeds() throws Exception {
        serveGz("/slow/");
        server.stubFor(get(urlEqualTo("/slow/" + IMAGES_GZ))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withBody(TinyDataset.gzip(tiny.bytes(DatasetFile.TRAIN_IMAGES)))
                        .withChunkedDribbleDelay(5, 600)));
        FetchSettings settings = TinyDataset.settings(cache())
                .readTimeout(Duration.ofMillis(400))
                .build();
        tiny.assertAllCached(fetch(url("/slow/"), settings));
        assertEquals(List.of(), log.matching("retrying in"));
        server.verify(1, getRequestedFor(urlEqualTo("/slow/" + IMAGES_GZ)));
    }

    @Test
    void redirectLoopFailsWithAClearReasonAndIsNotRetried() {
        for (DatasetFile f : DatasetFile.values()) {
            for (String name : List.of(f.fileName() + ".gz", f.fileName())) {
                server.stubFor(get(urlEqualTo("/loop/" + name))
                        .willReturn(aResponse().withStatus(302).withHeader("Location", "/loop/" + name)));
            }
        }
        FetchFailedException e = assertThrows(FetchFailedException.class, () -> fetch(url("/loop/")));
        assertTrue(
                e.getMessage().contains("more than " + HttpDownloader.MAX_REDIRECTS + " redirects (a redirect loop?)"),
                e.getMessage());
        server.verify(HttpDownloader.MAX_REDIRECTS + 1, getRequestedFor(urlEqualTo("/loop/" + IMAGES_GZ)));
        assertEquals(List.of(), log.matching("retrying in"));
    }

    @Test
    void forbiddenIsReportedWithItsStatusAndNotRetried() {
        server.stubFor(get(urlMatching("/private/.*")).willReturn(aResponse().withStatus(403)));
        FetchFailedException e = assertThrows(FetchFailedException.class, () -> fetch(url("/private/")));
        assertTrue(e.getMessage().contains("HTTP 403 Forbidden"), e.getMessage());
        server.verify(1, getRequestedFor(urlEqualTo("/private/" + IMAGES_GZ)));
        assertEquals(List.of(), log.matching("retrying in"));
    }

    @Test
    void serverErrorIsRetriedThenReportedWithItsStatus() {
        server.stubFor(get(urlMatching("/error/.*")).willReturn(aResponse().withStatus(500)));
        FetchFailedException e = assertThrows(FetchFailedException.class, () -> fetch(url("/error/")));
        assertTrue(
                e.getMessage().contains("HTTP 500") && e.getMessage().contains("(gave up after 3 attempts)"),
                e.getMessage());
        server.verify(3, getRequestedFor(urlEqualTo("/error/" + IMAGES_GZ)));
    }

    @Test
    void notFoundIsNotRetried() {
        FetchFailedException e = assertThrows(FetchFailedException.class, () -> fetch(url("/nothing/")));
        assertTrue(e.getMessage().contains("not found (HTTP 404 Not Found)"), e.getMessage());
        server.verify(1, getRequestedFor(urlEqualTo("/nothing/" + IMAGES_GZ)));
        assertEquals(List.of(), log.matching("retrying in"));
    }

    /** A body shorter than its Content-Length (the server closes early), which the JDK does not report itself. */
    @Test
    void truncatedBodyIsRetriedThenReported() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread serverThread = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        connections.incrementAndGet();
                        InputStream in = s.getInputStream();
                        // read the request head
                        int matched = 0;
                        for (int b; matched < 4 && (b = in.read()) != -1; ) {
                            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
                        }
                        OutputStream out = s.getOutputStream();
                        out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        out.write(new byte[10]);
                        out.flush();
                    } catch (IOException e) {
                        // listener closed
                    }
                }
            });
            serverThread.setDaemon(true);
            serverThread.start();
            String source = "http://127.0.0.1:" + listener.getLocalPort() + "/cut/";
            FetchFailedException e = assertThrows(FetchFailedException.class, () -> fetch(source));
            assertTrue(
                    e.getMessage()
                            .contains("truncated body: 10 of 1000 bytes (Content-Length) (gave up after 3 attempts)"),
                    e.getMessage());
            // 4 files x 2 names x 3 attempts
            assertEquals(24, connections.get());
        }
    }
}
