package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.util.BuildLog;

import javax.net.ssl.SSLException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.util.Locale;

/**
 * GETs a URL with the configured timeouts and proxy. HttpURLConnection rather than HttpClient because its read
 * timeout applies to every read of the body, so a stalled download fails instead of hanging the build.
 * Redirects are followed here (a bounded number, across http and https), since the JDK does not follow
 * redirects that change the protocol.
 */
final class HttpDownloader {

    static final int MAX_REDIRECTS = 5;
    private static final String USER_AGENT = "mnist-maven-plugin";

    private final FetchSettings settings;
    private final BuildLog log;

    HttpDownloader(FetchSettings settings, BuildLog log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * Downloads the body of a 2xx response into {@code target} and returns a stream over it (the file is
     * deleted when the stream is closed). Transient failures (connection reset, a body shorter than its
     * Content-Length, a read timeout, HTTP 5xx) are retried after the configured pauses, each retry logged;
     * the others (404, 403, too many redirects, refused connection) fail at once.
     *
     * @throws FileNotFoundException       on 404 or 410
     * @throws SourceUnavailableException  on 407 (the proxy wants credentials we do not have right)
     * @throws GaveUpException             when every attempt failed for a transient reason
     * @throws IOException                 on any other status, naming it, and on network errors
     */
    InputStream download(URI uri, Path target, long limit) throws IOException {
        List<Duration> delays = settings.retryDelays();
        int attempts = delays.size() + 1;
        for (int attempt = 1; ; attempt++) {
            try {
                downloadOnce(uri, target, limit);
                return Files.newInputStream(target, StandardOpenOption.DELETE_ON_CLOSE);
            } catch (IOException e) {
                Files.deleteIfExists(target);
                if (!isTransient(e)) {
                    throw e;
                }
                if (attempt >= attempts) {
                    throw attempts == 1 ? e : new GaveUpException(attempts, e);
                }
                Duration delay = delays.get(attempt - 1);
                log.warn("[mnist] " + uri + ": " + DatasetFetcher.describe(e) + "; retrying in " + delay.toMillis()
                        + " ms (attempt " + (attempt + 1) + " of " + attempts + ")");
                sleep(delay);
            }
        }
    }

    private void downloadOnce(URI uri, Path target, long limit) throws IOException {
        HttpURLConnection connection = open(uri);
        long declared = connection.getContentLengthLong();
        if (declared > limit) {
            connection.disconnect();
            throw new Payloads.TooLargeException(limit);
        }
        long total = 0;
        try (InputStream in = connection.getInputStream(); OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > limit) {
                    throw new Payloads.TooLargeException(limit);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            connection.disconnect();
            throw e;
        }
        if (declared >= 0 && total != declared) {
            // HttpURLConnection ends a fixed-length body early without complaint when the server closes.
            connection.disconnect();
            throw new HttpFailure("truncated body: " + total + " of " + declared + " bytes (Content-Length)", true);
        }
    }

    /** Connects, following redirects; returns the connection of a 2xx response. */
    private HttpURLConnection open(URI uri) throws IOException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection connection = connect(current);
            int status = connection.getResponseCode();
            if (status >= 200 && status < 300) {
                return connection;
            }
            String location = connection.getHeaderField("Location");
            String reason = "HTTP " + status + (connection.getResponseMessage() == null ? "" : " " + connection.getResponseMessage());
            discard(connection);
            if (isRedirect(status) && location != null) {
                current = current.resolve(location.trim());
                checkScheme(current);
                continue;
            }
            if (status < 100) {
                // HttpURLConnection answers -1 when what came back was not HTTP (garbage, then closed)
                throw new HttpFailure("not a valid HTTP response", true);
            }
            if (status == 404 || status == 410) {
                throw new FileNotFoundException(reason);
            }
            if (status == 407) {
                throw new SourceUnavailableException(reason + " from the proxy: check the proxy's username and password"
                        + " in settings.xml");
            }
            throw new HttpFailure(reason, status >= 500);
        }
        throw new HttpFailure("more than " + MAX_REDIRECTS + " redirects (a redirect loop?), starting at " + uri, false);
    }

    /** Worth another attempt: the same request may well succeed a moment later. */
    static boolean isTransient(IOException e) {
        if (e instanceof HttpFailure failure) {
            return failure.retryable;
        }
        if (e instanceof SocketTimeoutException) {
            return true;
        }
        return !(e instanceof FileNotFoundException || e instanceof SourceUnavailableException
                || e instanceof Payloads.TooLargeException || e instanceof UnknownHostException
                || e instanceof ConnectException || e instanceof NoRouteToHostException
                || e instanceof SSLException || e instanceof InterruptedIOException
                || e instanceof GaveUpException);
    }

    private static void sleep(Duration delay) throws InterruptedIOException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    private HttpURLConnection connect(URI uri) throws IOException {
        URL url = uri.toURL();
        HttpURLConnection connection;
        HttpProxy proxy = settings.proxy().orElse(null);
        if (proxy == null) {
            connection = (HttpURLConnection) url.openConnection();
        } else if (proxy.appliesTo(uri.getHost())) {
            if (proxy.hasCredentials()) {
                allowBasicAuthForHttpsTunnels();
            }
            connection = (HttpURLConnection) url.openConnection(new Proxy(Proxy.Type.HTTP,
                    InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
            if (proxy.hasCredentials()) {
                connection.setAuthenticator(proxyAuthenticator(proxy));
            }
        } else {
            connection = (HttpURLConnection) url.openConnection(Proxy.NO_PROXY);
        }
        connection.setInstanceFollowRedirects(false);
        connection.setConnectTimeout(millis(settings.connectTimeout()));
        connection.setReadTimeout(millis(settings.readTimeout()));
        connection.setRequestProperty("User-Agent", USER_AGENT);
        return connection;
    }

    /**
     * The JDK refuses Basic proxy authentication for HTTPS tunnels unless this property is cleared, and reads it
     * once, when its HTTP handler is first loaded; so clear it before the first connection (best effort), and
     * only when the user gave proxy credentials and did not set the property. Maven's own transport sends Basic
     * credentials to the same proxy anyway.
     */
    private static void allowBasicAuthForHttpsTunnels() {
        String key = "jdk.http.auth.tunneling.disabledSchemes";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "");
        }
    }

    /** Answers only the proxy's challenge, so the proxy password never goes to the server. */
    private static Authenticator proxyAuthenticator(HttpProxy proxy) {
        return new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                if (getRequestorType() != RequestorType.PROXY) {
                    return null;
                }
                String password = proxy.password() == null ? "" : proxy.password();
                return new PasswordAuthentication(proxy.username(), password.toCharArray());
            }
        };
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    static void checkScheme(URI uri) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new HttpFailure("redirected to " + uri + ", which is not http(s)", false);
        }
    }

    /** Reads what is left of an error body, so the connection can be reused. */
    private static void discard(HttpURLConnection connection) {
        try (InputStream err = connection.getErrorStream()) {
            if (err != null) {
                err.skip(Long.MAX_VALUE);
            }
        } catch (IOException ignored) {
            connection.disconnect();
        }
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    /** A status or protocol failure; its message is the whole reason. */
    static final class HttpFailure extends IOException {
        private static final long serialVersionUID = 1L;
        final boolean retryable;

        HttpFailure(String message, boolean retryable) {
            super(message);
            this.retryable = retryable;
        }
    }

    /** Every attempt failed for a transient reason; the cause is the last failure. */
    static final class GaveUpException extends IOException {
        private static final long serialVersionUID = 1L;

        GaveUpException(int attempts, IOException last) {
            super(DatasetFetcher.describe(last) + " (gave up after " + attempts + " attempts)", last);
        }
    }
}
