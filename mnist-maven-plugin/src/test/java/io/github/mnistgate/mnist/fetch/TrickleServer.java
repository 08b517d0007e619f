package io.github.mnistgate.mnist.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on 127.0.0.1 that serves fixed bodies a few bytes at a time, so that a client (another JVM)
 * can be killed in the middle of a download. A test can stop one request at a chosen byte ({@link #pauseAt})
 * to kill the client exactly there, and can answer the first requests with 503 ({@link #failNext}).
 * Its threads all start with the server (daemons named {@code trickle-server-*}), so a test counting threads
 * can take its baseline after {@link #start}.
 */
public final class TrickleServer implements AutoCloseable {

    /** Where a paused request stands; {@link #reached} opens when it gets there. */
    public static final class Pause {
        final int request;
        final int bytes;
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Pause(int request, int bytes) {
            this.request = request;
            this.bytes = bytes;
        }

        /** Waits until the request got to its byte; false when it did not within the time. */
        public boolean awaitReached(long millis) throws InterruptedException {
            return reached.await(millis, TimeUnit.MILLISECONDS);
        }

        public void release() {
            release.countDown();
        }
    }

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final Map<String, byte[]> bodies;
    private final int chunk;
    private final long delayMillis;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private volatile Pause pause;

    private TrickleServer(Map<String, byte[]> bodies, int chunk, long delayMillis, int threads) throws IOException {
        this.bodies = Map.copyOf(bodies);
        this.chunk = chunk;
        this.delayMillis = delayMillis;
        AtomicInteger n = new AtomicInteger();
        executor =
                new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "trickle-server-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.prestartAllCoreThreads();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * @param bodies      path (e.g. {@code /mnist/train-images-idx3-ubyte.gz}) to body; other paths get 404
     * @param chunk       bytes written (and flushed) at a time
     * @param delayMillis pause before each chunk
     * @param threads     requests served at once
     */
    public static TrickleServer start(Map<String, byte[]> bodies, int chunk, long delayMillis, int threads)
            throws IOException {
        return new TrickleServer(bodies, chunk, delayMillis, threads);
    }

    public String url(String folder) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + folder;
    }

    /** Requests received so far. */
    public int requests() {
        return requests.get();
    }

    /** The paths requested, in order. */
    public List<String> paths() {
        return List.copyOf(paths);
    }

    /** The next {@code count} requests are answered with HTTP 503 (a transient failure, retried). */
    public void failNext(int count) {
        failures.set(count);
    }

    /**
     * Stops request number {@code request} (counting from 1) once {@code bytes} bytes of its body were sent
     * (0: before the response headers), until {@link Pause#release()}.
     */
    public Pause pauseAt(int request, int bytes) {
        Pause p = new Pause(request, bytes);
        pause = p;
        return p;
    }

    private void handle(HttpExchange exchange) throws IOException {
        int number = requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        paths.add(path);
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            if (failures.getAndUpdate(f -> Math.max(0, f - 1)) > 0) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            byte[] body = bodies.get(path);
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            Pause p = pause;
            boolean mine = p != null && p.request == number;
            if (mine && p.bytes == 0) {
                hold(p);
            }
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            for (int sent = 0; sent < body.length; ) {
                if (mine && sent >= p.bytes && p.bytes > 0) {
                    mine = false;
                    hold(p);
                }
                sleep(delayMillis);
                int n = Math.min(chunk, body.length - sent);
                out.write(body, sent, n);
                out.flush();
                sent += n;
            }
        } catch (IOException e) {
            // the client went away (killed): nothing to do
        }
    }

    private static void hold(Pause p) {
        p.reached.countDown();
        try {
            p.release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        Pause p = pause;
        if (p != null) {
            p.release();
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
