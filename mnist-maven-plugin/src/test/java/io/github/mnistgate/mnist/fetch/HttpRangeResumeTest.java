package io.github.mnistgate.mnist.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.DatasetFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download cut off mid-body is resumed with {@code Range: bytes=N-} when the server takes ranges, and started
 * again from zero when it does not, or answers the range request wrongly. A raw-socket server, so that a body can
 * be cut (connection reset) exactly where a test wants.
 */
class HttpRangeResumeTest {

    private static final String IMAGES = "/d/" + DatasetFile.TRAIN_IMAGES.fileName() + ".gz";
    private static final String ETAG = "\"tiny-v1\"";

    @TempDir
    Path tmp;

    private final TinyDataset tiny = new TinyDataset();
    private final RecordingLog log = new RecordingLog();
    private final Map<String, byte[]> files = new HashMap<>();
    private byte[] images;
    private RawServer server;

    @BeforeEach
    void files() throws IOException {
        for (DatasetFile f : DatasetFile.values()) {
            files.put("/d/" + f.fileName() + ".gz", TinyDataset.gzip(tiny.bytes(f)));
        }
        images = files.get(IMAGES);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        assertCacheHoldsOnlyVerifiedFiles();
    }

    private Path cache() {
        return tmp.resolve("cache");
    }

    private FetchedDataset fetch() throws Exception {
        return DatasetFetcher.fetch(
                tiny.spec,
                Sources.parse("http://127.0.0.1:" + server.port() + "/d/", tmp),
                TinyDataset.settings(cache()).build(),
                log);
    }

    private void assertCacheHoldsOnlyVerifiedFiles() throws IOException {
        CacheContents.assertOnlyVerifiedFiles(cache(), tiny.spec);
    }

    private static String grouped(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The first request for the images gets half the body, then a reset; the others are answered by {@code then}. */
    private RawServer cutOnceThen(boolean advertiseRanges, Handler then) throws IOException {
        int cut = images.length / 2;
        return new RawServer((request, socket, server) -> {
            if (!request.path().equals(IMAGES)) {
                server.whole(request, files.get(request.path()), true);
            } else if (server.requestsFor(IMAGES).size() == 1) {
                server.head(
                        "200 OK",
                        "Content-Length: " + images.length,
                        advertiseRanges ? "Accept-Ranges: bytes" : null,
                        "ETag: " + ETAG);
                server.body(request, images, 0, cut);
                server.resetAfterAPause(socket);
            } else {
                then.answer(request, socket, server);
            }
        });
    }

    @Test
    void resetMidBodyIsResumedWithARangeRequest() throws Exception {
        int cut = images.length / 2;
        server = cutOnceThen(true, (request, socket, s) -> {
            long from = Long.parseLong(request.header("range").replaceAll("bytes=(\\d+)-", "$1"));
            s.head(
                    "206 Partial Content",
                    "Content-Length: " + (images.length - from),
                    "Content-Range: bytes " + from + "-" + (images.length - 1) + "/" + images.length,
                    "ETag: " + ETAG);
            s.body(request, images, (int) from, images.length);
        });

        tiny.assertAllCached(fetch());
        List<RawServer.Request> asked = server.requestsFor(IMAGES);
        assertEquals(2, asked.size());
        assertNull(asked.get(0).header("range"));
        assertEquals("bytes=" + cut + "-", asked.get(1).header("range"));
        assertEquals(ETAG, asked.get(1).header("if-range"));
        long served = server.bodyBytes(IMAGES);
        assertTrue(served < 1.5 * images.length, served + " bytes served for a file of " + images.length);
        assertTrue(
                log.text()
                        .contains("http://127.0.0.1:" + server.port() + IMAGES + ": resuming at " + grouped(cut)
                                + " of " + grouped(images.length) + " bytes"),
                log.text());
        assertTrue(log.text().contains(": ok, 4 files verified"), log.text());
    }

    @Test
    void withoutAcceptRangesTheRetryStartsFromZero() throws Exception {
        server = cutOnceThen(false, (request, socket, s) -> s.whole(request, images, false));

        tiny.assertAllCached(fetch());
        List<RawServer.Request> asked = server.requestsFor(IMAGES);
        assertEquals(2, asked.size());
        assertNull(asked.get(1).header("range"), "a range request to a server that did not offer ranges");
        assertEquals(List.of(), log.matching("resuming at"));
    }

    @Test
    void aRangeRequestAnsweredWith200StartsAgainFromZero() throws Exception {
        server = cutOnceThen(true, (request, socket, s) -> s.whole(request, images, true));

        tiny.assertAllCached(fetch());
        List<RawServer.Request> asked = server.requestsFor(IMAGES);
        assertEquals(2, asked.size(), "the 200 answer is used as it is, no third request");
        assertEquals("bytes=" + images.length / 2 + "-", asked.get(1).header("range"));
        assertTrue(
                log.text()
                        .contains("the server sent the whole file instead of the rest (HTTP 200); downloading"
                                + " it again from the start"),
                log.text());
    }

    @Test
    void aPartialAnswerStartingElsewhereIsDroppedAndTheFileFetchedWhole() throws Exception {
        int cut = images.length / 2;
        server = cutOnceThen(true, (request, socket, s) -> {
            if (request.header("range") == null) {
                s.whole(request, images, true);
                return;
            }
            int wrong = cut - 7;
            s.head(
                    "206 Partial Content",
                    "Content-Length: " + (images.length - wrong),
                    "Content-Range: bytes " + wrong + "-" + (images.length - 1) + "/" + images.length);
            s.body(request, images, wrong, images.length);
        });

        tiny.assertAllCached(fetch());
        List<RawServer.Request> asked = server.requestsFor(IMAGES);
        assertEquals(3, asked.size());
        assertEquals("bytes=" + cut + "-", asked.get(1).header("range"));
        assertNull(asked.get(2).header("range"));
        assertTrue(
                log.text().contains("which does not start at byte " + cut + "; downloading it again from the start"),
                log.text());
    }

    @Test
    void status416StartsAgainFromZero() throws Exception {
        server = cutOnceThen(true, (request, socket, s) -> {
            if (request.header("range") == null) {
                s.whole(request, images, true);
            } else {
                s.head("416 Range Not Satisfiable", "Content-Length: 0", "Content-Range: bytes */" + images.length);
            }
        });

        tiny.assertAllCached(fetch());
        List<RawServer.Request> asked = server.requestsFor(IMAGES);
        assertEquals(3, asked.size());
        assertNull(asked.get(2).header("range"));
        assertTrue(log.text().contains("(HTTP 416); downloading it again from the start"), log.text());
    }

    /** The bytes of every part count towards the size limit, not just those of the last answer. */
    @Test
    void resumedPartsCountTowardsTheSizeLimit() throws Exception {
        long limit =
                Payloads.limitFor(tiny.spec.expected(DatasetFile.TRAIN_IMAGES).size());
        int part = (int) (limit * 2 / 3); // each part is under the limit, both together are over it
        byte[] junk = new byte[part];
        server = new RawServer((request, socket, s) -> {
            if (!request.path().equals(IMAGES)) {
                s.whole(request, files.get(request.path()), true);
            } else if (request.header("range") == null) {
                // no Content-Length: the body runs until the connection ends
                s.head("200 OK", "Accept-Ranges: bytes");
                s.body(request, junk, 0, part);
                s.resetAfterAPause(socket);
            } else {
                s.head("206 Partial Content", "Content-Range: bytes " + part + "-" + (2 * part - 1) + "/*");
                s.body(request, junk, 0, part);
            }
        });

        FetchFailedException e = assertThrows(FetchFailedException.class, this::fetch);
        assertTrue(e.getMessage().contains("larger than " + limit + " bytes"), e.getMessage());
        assertEquals("bytes=" + part + "-", server.requestsFor(IMAGES).get(1).header("range"));
        assertEquals(2, server.requestsFor(IMAGES).size(), "too large is not retried");
        assertTrue(log.text().contains(": resuming at " + grouped(part) + " bytes"), log.text());
    }

    @FunctionalInterface
    interface Handler {
        void answer(RawServer.Request request, Socket socket, RawServer server) throws IOException;
    }

    /** HTTP/1.1 on a raw server socket, one connection at a time, every answer with {@code Connection: close}. */
    @SuppressWarnings("try") // close waits for the server's thread; an interrupt may end the wait
    static final class RawServer implements AutoCloseable {

        record Request(String path, Map<String, String> headers) {
            String header(String name) {
                return headers.get(name.toLowerCase(Locale.ROOT));
            }
        }

        private final ServerSocket listener;
        private final Thread thread;
        private final List<Request> requests = new CopyOnWriteArrayList<>();
        private final Map<String, AtomicLong> bodyBytes = new ConcurrentHashMap<>();
        /** Of the connection being answered (one at a time). */
        private OutputStream out;

        RawServer(Handler handler) throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(
                    () -> {
                        while (!listener.isClosed()) {
                            try (Socket socket = listener.accept()) {
                                Request request = readHead(socket.getInputStream());
                                if (request != null) {
                                    requests.add(request);
                                    out = socket.getOutputStream();
                                    handler.answer(request, socket, this);
                                }
                            } catch (IOException e) {
                                // the listener was closed, or the client went away
                            }
                        }
                    },
                    "raw-http-server");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        List<Request> requestsFor(String path) {
            return requests.stream().filter(r -> r.path().equals(path)).toList();
        }

        long bodyBytes(String path) {
            return bodyBytes.getOrDefault(path, new AtomicLong()).get();
        }

        void head(String status, String... headers) throws IOException {
            StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append("\r\n");
            for (String h : headers) {
                if (h != null) {
                    head.append(h).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        void body(Request request, byte[] bytes, int from, int to) throws IOException {
            out.write(bytes, from, to - from);
            out.flush();
            bodyBytes.computeIfAbsent(request.path(), p -> new AtomicLong()).addAndGet(to - from);
        }

        /** 200 with the whole body, or 404 when there is none. */
        void whole(Request request, byte[] bytes, boolean acceptRanges) throws IOException {
            if (bytes == null) {
                head("404 Not Found", "Content-Length: 0");
                return;
            }
            head(
                    "200 OK",
                    "Content-Length: " + bytes.length,
                    acceptRanges ? "Accept-Ranges: bytes" : null,
                    "ETag: " + ETAG);
            body(request, bytes, 0, bytes.length);
        }

        /** Lets the client read what was sent, then resets the connection (RST, not an orderly close). */
        void resetAfterAPause(Socket socket) throws IOException {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            socket.setSoLinger(true, 0);
            socket.close();
        }

        private Request readHead(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int matched = 0;
            for (int b; matched < 4 && (b = in.read()) != -1; ) {
                head.append((char) b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            String[] lines = head.toString().split("\r\n");
            if (lines.length == 0 || lines[0].split(" ").length < 2) {
                return null;
            }
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(
                            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            return new Request(lines[0].split(" ")[1], headers);
        }

        @Override
        public void close() throws Exception {
            listener.close();
            thread.join(5_000);
        }
    }
}
