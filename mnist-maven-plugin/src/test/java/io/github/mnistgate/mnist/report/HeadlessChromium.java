package io.github.mnistgate.mnist.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mnistgate.mnist.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Chromium, headless, driven over the DevTools protocol (a WebSocket on 127.0.0.1 that the browser
 * opens itself): opens a page, evaluates script in it, collects console errors and failed loads, and takes a
 * screenshot. Its profile is a fresh folder, deleted on close with the process.
 */
@SuppressWarnings("try") // close waits for the browser to stop; an interrupt may end the wait
final class HeadlessChromium implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private String session;

    /** The browser on this machine: {@code mnist.chromium}, else the first of the usual names on the PATH. */
    static Optional<Path> find() {
        String configured = System.getProperty("mnist.chromium", System.getenv("MNIST_CHROMIUM"));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome", "chrome")) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    HeadlessChromium(Path executable, int width, int height) throws Exception {
        profile = Files.createTempDirectory("mnist-chromium-profile");
        process = new ProcessBuilder(
                        executable.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--no-first-run",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-address=127.0.0.1",
                        "--remote-debugging-port=0",
                        "--window-size=" + width + "," + height,
                        "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String url = awaitDevToolsUrl();
        socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(URI.create(url), new Listener())
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        String target = send("Target.createTarget", Map.of("url", "about:blank"))
                .get("targetId")
                .asText();
        session = send("Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                .get("sessionId")
                .asText();
        send("Page.enable", Map.of());
        send("Runtime.enable", Map.of());
        send("Log.enable", Map.of());
        send(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    private String awaitDevToolsUrl() throws IOException, InterruptedException {
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader err = new BufferedReader(
                            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                        StringBuilder seen = new StringBuilder();
                        for (String line; (line = err.readLine()) != null; ) {
                            Matcher m = LISTENING.matcher(line);
                            if (m.find()) {
                                url.complete(m.group(1));
                            } else if (!url.isDone() && seen.length() < 4000) {
                                seen.append(line).append('\n');
                            }
                        }
                        url.completeExceptionally(new IOException("chromium exited before it listened:\n" + seen));
                    } catch (IOException e) {
                        url.completeExceptionally(e);
                    }
                },
                "chromium-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return url.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("chromium did not start: " + e.getMessage(), e);
        }
    }

    /** Opens {@code page} and waits for its load event (every image loaded or failed). */
    void open(URI page) throws IOException, InterruptedException {
        events.clear();
        send("Page.navigate", Map.of("url", page.toString()));
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (events.stream()
                .noneMatch(e -> "Page.loadEventFired".equals(e.path("method").asText()))) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no load event from " + page);
            }
            Thread.sleep(50);
        }
    }

    /** The value of a script expression evaluated in the page. */
    JsonNode evaluate(String expression) throws IOException, InterruptedException {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new IOException("script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Console errors, uncaught exceptions and failed loads (a missing image shows here) since the page opened. */
    List<String> errors() {
        List<String> errors = new ArrayList<>();
        for (JsonNode e : events) {
            String method = e.path("method").asText();
            JsonNode p = e.path("params");
            if (method.equals("Runtime.consoleAPICalled")
                    && p.path("type").asText().equals("error")) {
                errors.add("console.error: " + p.path("args"));
            } else if (method.equals("Runtime.exceptionThrown")) {
                errors.add("exception: " + p.path("exceptionDetails"));
            } else if (method.equals("Log.entryAdded")
                    && p.path("entry").path("level").asText().equals("error")) {
                errors.add(p.path("entry").path("text").asText() + " "
                        + p.path("entry").path("url").asText());
            }
        }
        return errors;
    }

    /** A PNG of the whole page at {@code scale}, written to {@code target}. */
    void screenshot(Path target, double scale) throws IOException, InterruptedException {
        JsonNode size = send("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
        Map<String, Object> clip = Map.of(
                "x",
                0,
                "y",
                0,
                "width",
                size.path("width").asDouble(),
                "height",
                size.path("height").asDouble(),
                "scale",
                scale);
        JsonNode shot =
                send("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.write(target, Base64.getDecoder().decode(shot.get("data").asText()));
    }

    private JsonNode send(String method, Map<String, Object> params) throws IOException, InterruptedException {
        int id = ids.incrementAndGet();
        ObjectNode message = Json.mapper().createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", Json.mapper().valueToTree(params));
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(Json.mapper().writeValueAsString(message), true).join();
        try {
            JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IOException(method + " failed: " + answer.get("error"));
            }
            return answer.path("result");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException(method + ": no answer from chromium (" + e + ")", e);
        } finally {
            pending.remove(id);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = Json.mapper().readTree(partial.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> reply =
                                pending.get(message.get("id").asInt());
                        if (reply != null) {
                            reply.complete(message);
                        }
                    } else {
                        events.add(message);
                    }
                } catch (IOException e) {
                    events.add(Json.mapper()
                            .createObjectNode()
                            .put("method", "unreadable")
                            .put("text", e.toString()));
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (socket != null) {
                session = null;
                socket.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\"}", true)
                        .join();
            }
        } finally {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            try (Stream<Path> files = Files.walk(profile)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // chromium's last writes can race the deletion; the folder is in java.io.tmpdir
            }
        }
    }
}
