package io.github.mnistgate.mnist.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.mnistgate.mnist.data.DatasetFile;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP sources against a local WireMock server; nothing leaves 127.0.0.1. */
class HttpSourceFetchTest {

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
    void stop() {
        server.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    private void serveGz(String folder) throws IOException {
        for (DatasetFile f : DatasetFile.values()) {
            server.stubFor(get(urlEqualTo(folder + f.fileName() + ".gz"))
                    .willReturn(aResponse().withStatus(200).withBody(TinyDataset.gzip(tiny.bytes(f)))));
        }
    }

    private FetchedDataset fetch(String sources, FetchSettings settings) throws Exception {
        return DatasetFetcher.fetch(tiny.spec, Sources.parse(sources, tmp), settings, log);
    }

    private FetchSettings settings() {
        return TinyDataset.settings(tmp.resolve("cache")).build();
    }

    @Test
    void gzFilesFromAFolderUrlWithoutTrailingSlash() throws Exception {
        serveGz("/mnist/");
        tiny.assertAllCached(fetch(url("/mnist"), settings()));
        assertTrue(log.text().contains("trying source 1/1 " + url("/mnist/") + ": ok, 4 files verified"), log.text());
        server.verify(0, getRequestedFor(urlEqualTo("/mnist/train-images-idx3-ubyte")));
    }

    @Test
    void plainFileWhenTheGzIsMissingAndRedirectsAreFollowed() throws Exception {
        for (DatasetFile f : DatasetFile.values()) {
            server.stubFor(get(urlEqualTo("/plain/" + f.fileName()))
                    .willReturn(aResponse().withStatus(302).withHeader("Location", "/real/" + f.fileName())));
            server.stubFor(get(urlEqualTo("/real/" + f.fileName()))
                    .willReturn(aResponse().withStatus(200).withBody(tiny.bytes(f))));
        }
        tiny.assertAllCached(fetch(url("/plain/"), settings()));
        server.verify(1, getRequestedFor(urlEqualTo("/plain/train-images-idx3-ubyte.gz")));
    }

    @Test
    void notFoundFallsBackToTheNextSource() throws Exception {
        serveGz("/second/");
        tiny.assertAllCached(fetch(url("/first/") + "," + url("/second/"), settings()));
        assertTrue(
                log.text().contains("trying source 1/2 " + url("/first/") + ": failed: not found (HTTP 404 Not Found)"),
                log.text());
        assertTrue(log.text().contains("trying source 2/2 " + url("/second/") + ": ok, 4 files verified"), log.text());
    }

    @Test
    void wrongBytesWithStatus200AreRejected() throws Exception {
        for (DatasetFile f : DatasetFile.values()) {
            server.stubFor(get(urlEqualTo("/portal/" + f.fileName() + ".gz"))
                    .willReturn(aResponse()
                            .withStatus(200)
                            .withHeader("Content-Type", "text/html")
                            .withBody("<!DOCTYPE html><html>Please log in</html>")));
        }
        serveGz("/good/");
        tiny.assertAllCached(fetch(url("/portal/") + "," + url("/good/"), settings()));
        String line = log.matching("trying source 1/2").get(0);
        assertTrue(
                line.contains(
                        ": failed: train-images-idx3-ubyte.gz: size 41 bytes, expected 100 (an HTML/XML page, not the file); train-labels-idx1-ubyte.gz: size 41 "),
                line);
        assertTrue(line.contains("(an HTML/XML page, not the file)"), line);
    }

    @Test
    void serverErrorAndRefusedConnectionAreNamed() throws Exception {
        server.stubFor(get(urlEqualTo("/broken/train-images-idx3-ubyte.gz"))
                .willReturn(aResponse().withStatus(503)));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String refused = "http://127.0.0.1:" + closedPort + "/mnist/";

        FetchFailedException e =
                assertThrows(FetchFailedException.class, () -> fetch(url("/broken/") + "," + refused, settings()));
        String m = e.getMessage();
        assertTrue(
                m.contains("1. " + url("/broken/") + ": failed: train-images-idx3-ubyte.gz: "
                        + "HTTP 503 Service Unavailable (gave up after 3 attempts); train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte: "
                        + "not found (HTTP 404 Not Found)"),
                m);
        assertTrue(m.contains("2. " + refused + ": failed: ConnectException"), m);
        assertEquals(2, e.attempts().size());
    }

    @Test
    void offlineSkipsHttpWithoutARequest() {
        FetchFailedException e = assertThrows(
                FetchFailedException.class,
                () -> fetch(
                        url("/mnist/"),
                        TinyDataset.settings(tmp.resolve("cache")).offline(true).build()));
        assertTrue(e.getMessage().contains(url("/mnist/") + ": skipped: Maven is offline"), e.getMessage());
        assertEquals(0, server.getAllServeEvents().size());
        // nothing could be fetched, so nothing was written: not even a lock file in the dataset's folder
        assertTrue(!Files.exists(tmp.resolve("cache").resolve(TinyDataset.ID)), "dataset folder created");
    }

    @Test
    void proxyIsUsedWithCredentials() throws Exception {
        String auth = "Basic "
                + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (DatasetFile f : DatasetFile.values()) {
            // the proxy: 407 until the right credentials come, then the file
            server.stubFor(get(urlEqualTo("/via-proxy/" + f.fileName() + ".gz"))
                    .atPriority(2)
                    .willReturn(aResponse().withStatus(407).withHeader("Proxy-Authenticate", "Basic realm=\"proxy\"")));
            server.stubFor(get(urlEqualTo("/via-proxy/" + f.fileName() + ".gz"))
                    .atPriority(1)
                    .withHeader("Proxy-Authorization", equalTo(auth))
                    .willReturn(aResponse().withStatus(200).withBody(TinyDataset.gzip(tiny.bytes(f)))));
        }
        HttpProxy proxy = new HttpProxy("127.0.0.1", server.port(), "alice", "s3cret", "localhost|*.example.org");
        // the host does not exist: only the proxy can answer
        tiny.assertAllCached(fetch(
                "http://mnist.invalid/via-proxy/",
                TinyDataset.settings(tmp.resolve("cache")).proxy(proxy).build()));
    }

    @Test
    void wrongProxyCredentialsFailTheSourceOnce() {
        server.stubFor(get(urlEqualTo("/via-proxy/train-images-idx3-ubyte.gz"))
                .willReturn(aResponse().withStatus(407).withHeader("Proxy-Authenticate", "Basic realm=\"proxy\"")));
        HttpProxy proxy = new HttpProxy("127.0.0.1", server.port(), "alice", "wrong", null);
        FetchFailedException e = assertThrows(
                FetchFailedException.class,
                () -> fetch(
                        "http://mnist.invalid/via-proxy/",
                        TinyDataset.settings(tmp.resolve("cache")).proxy(proxy).build()));
        assertTrue(e.getMessage().contains("failed: HTTP 407"), e.getMessage());
    }

    @Test
    void nonProxyHostsGoDirect() throws Exception {
        serveGz("/direct/");
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        HttpProxy deadProxy = new HttpProxy("127.0.0.1", closedPort, null, null, "localhost|127.*");
        tiny.assertAllCached(fetch(
                url("/direct/"),
                TinyDataset.settings(tmp.resolve("cache")).proxy(deadProxy).build()));
    }
}
