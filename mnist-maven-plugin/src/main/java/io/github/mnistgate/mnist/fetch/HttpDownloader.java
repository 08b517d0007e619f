package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.util.BuildLog;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Authenticator;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * GETs a URL with the configured timeouts and proxy. HttpURLConnection rather than HttpClient because its read
 * timeout applies to every read of the body, so a stalled download fails instead of hanging the build.
 * Redirects are followed here (a bounded number, across http and https), since the JDK does not follow
 * redirects that change the protocol. A download cut short is resumed with a range request when the server
 * takes them. User info in the URL ({@code https://user:password@host/}) is sent as Basic credentials to that
 * origin only, and never shown: log lines and messages carry {@link Redaction redacted} URLs.
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
     * the others (404, 403, too many redirects, refused connection) fail at once. When the server advertised
     * {@code Accept-Ranges: bytes}, a retry asks only for the bytes still missing.
     *
     * @throws FileNotFoundException       on 404 or 410
     * @throws SourceUnavailableException  on 407 (the proxy wants credentials we do not have right), and on 401
     *                                     when the URL carried credentials
     * @throws GaveUpException             when every attempt failed for a transient reason
     * @throws IOException                 on any other status, naming it, and on network errors
     */
    InputStream download(URI uri, Path target, long limit) throws IOException {
        Request request = Request.of(uri);
        List<Duration> delays = settings.retryDelays();
        int attempts = delays.size() + 1;
        Progress progress = new Progress();
        for (int attempt = 1; ; attempt++) {
            try {
                downloadOnce(request, target, limit, progress);
                return Files.newInputStream(target, StandardOpenOption.DELETE_ON_CLOSE);
            } catch (IOException e) {
                boolean retryable = isTransient(e);
                if (!retryable || attempt >= attempts) {
                    Files.deleteIfExists(target);
                    throw !retryable || attempts == 1 ? e : new GaveUpException(attempts, e);
                }
                // What arrived stays in target, so that the next attempt can ask for the rest only.
                Duration delay = delays.get(attempt - 1);
                log.warn("" + request.shown() + ": " + DatasetFetcher.describe(e) + "; retrying in " + delay.toMillis()
                        + " ms (attempt " + (attempt + 1) + " of " + attempts + ")");
                try {
                    sleep(delay);
                } catch (InterruptedIOException interrupted) {
                    Files.deleteIfExists(target);
                    throw interrupted;
                }
            }
        }
    }

    /** One attempt: the rest of the file when an earlier attempt left a resumable part, else all of it. */
    private void downloadOnce(Request request, Path target, long limit, Progress progress) throws IOException {
        long from = progress.resumableFrom(target);
        if (from > 0) {
            log.info("" + request.shown() + ": resuming at " + grouped(from)
                    + (progress.length >= 0 ? " of " + grouped(progress.length) : "") + " bytes");
        }
        HttpURLConnection connection = open(request, from, from > 0 ? progress.validator : null);
        if (from > 0) {
            String refused = refusal(connection, from, progress);
            if (refused != null) {
                log.info("" + request.shown() + ": " + refused + "; downloading it again from the start");
                from = 0;
                progress.rangesAccepted = false; // until a full answer says otherwise
                if (connection.getResponseCode() != HttpURLConnection.HTTP_OK) {
                    // the body of a 416 or of a misplaced range is no part of the file
                    connection.disconnect();
                    connection = open(request, 0, null);
                }
            }
        }
        receive(connection, target, from, limit, progress);
    }

    /**
     * Why the answer to a request for the bytes from {@code from} on cannot be appended to what we have, or null
     * when it can: a 206 whose Content-Range starts exactly there, of the same total length when both are known.
     */
    private static String refusal(HttpURLConnection connection, long from, Progress progress) throws IOException {
        int status = connection.getResponseCode();
        if (status == 416) {
            return "the server refused the range request (HTTP 416)";
        }
        if (status != HttpURLConnection.HTTP_PARTIAL) {
            return "the server sent the whole file instead of the rest (HTTP " + status + ")";
        }
        String header = connection.getHeaderField("Content-Range");
        ContentRange range = ContentRange.parse(header);
        if (range == null || range.first() != from) {
            return "the server answered with Content-Range '" + header + "', which does not start at byte " + from;
        }
        if (progress.length >= 0 && range.total() >= 0 && range.total() != progress.length) {
            return "the file's length changed from " + progress.length + " to " + range.total() + " bytes";
        }
        return null;
    }

    /**
     * Writes the body to {@code target}: after the {@code from} bytes already there (a 206), or in place of
     * them. The size limit counts every part.
     */
    private void receive(HttpURLConnection connection, Path target, long from, long limit, Progress progress)
            throws IOException {
        if (connection.getResponseCode() == HttpURLConnection.HTTP_PARTIAL) {
            String header = connection.getHeaderField("Content-Range");
            ContentRange range = ContentRange.parse(header);
            if (range == null || range.first() != from) {
                // only reached without a range request: a part we did not ask for cannot be placed
                connection.disconnect();
                throw new HttpFailure(
                        "HTTP 206 with a part that was not asked for (Content-Range '" + header + "')", false);
            }
        }
        progress.learn(connection);
        long declared = connection.getContentLengthLong(); // of this answer only: the rest, after a range request
        if (from + Math.max(declared, 0) > limit || progress.length > limit) {
            connection.disconnect();
            throw new Payloads.TooLargeException(limit);
        }
        long total = from;
        try (InputStream in = connection.getInputStream();
                OutputStream out = from > 0
                        ? Files.newOutputStream(target, StandardOpenOption.APPEND)
                        : Files.newOutputStream(target)) {
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
        long expected = progress.length >= 0 ? progress.length : declared >= 0 ? from + declared : -1;
        if (expected >= 0 && total != expected) {
            // HttpURLConnection ends a fixed-length body early without complaint when the server closes.
            connection.disconnect();
            throw new HttpFailure(
                    "truncated body: " + total + " of " + expected + " bytes" + (from > 0 ? "" : " (Content-Length)"),
                    true);
        }
    }

    /**
     * Connects, following redirects; returns the connection of a 2xx response, or of a 416 to a range request.
     *
     * @param from      when positive, asks for the bytes from there on
     * @param validator the ETag or Last-Modified the rest must belong to ({@code If-Range}), or null
     */
    private HttpURLConnection open(Request request, long from, String validator) throws IOException {
        URI current = request.uri();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection connection = connect(current);
            if (request.authorization() != null && sameOrigin(current, request.uri())) {
                // never to another origin a redirect leads to, nor over a switch from https to http
                connection.setRequestProperty("Authorization", request.authorization());
            }
            if (from > 0) {
                connection.setRequestProperty("Range", "bytes=" + from + "-");
                if (validator != null) {
                    connection.setRequestProperty("If-Range", validator);
                }
            }
            int status = connection.getResponseCode();
            if ((status >= 200 && status < 300) || (status == 416 && from > 0)) {
                return connection;
            }
            String location = connection.getHeaderField("Location");
            String reason = "HTTP " + status
                    + (connection.getResponseMessage() == null ? "" : " " + connection.getResponseMessage());
            discard(connection);
            if (isRedirect(status) && location != null) {
                current = withoutUserInfo(current.resolve(location.trim()));
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
            if (status == 401 && request.authorization() != null) {
                // wrong for every file of the source: no use asking it for the others
                throw new SourceUnavailableException(reason + ": check the user and password in the source URL");
            }
            if (status == 407) {
                throw new SourceUnavailableException(
                        reason + " from the proxy: check the proxy's username and password" + " in settings.xml");
            }
            throw new HttpFailure(reason, status >= 500);
        }
        throw new HttpFailure(
                "more than " + MAX_REDIRECTS + " redirects (a redirect loop?), starting at " + request.shown(), false);
    }

    /** Worth another attempt: the same request may well succeed a moment later. */
    static boolean isTransient(IOException e) {
        if (e instanceof HttpFailure failure) {
            return failure.retryable;
        }
        if (e instanceof SocketTimeoutException) {
            return true;
        }
        return !(e instanceof FileNotFoundException
                || e instanceof SourceUnavailableException
                || e instanceof Payloads.TooLargeException
                || e instanceof UnknownHostException
                || e instanceof ConnectException
                || e instanceof NoRouteToHostException
                || e instanceof SSLException
                || e instanceof InterruptedIOException
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
            connection = (HttpURLConnection) url.openConnection(
                    new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(proxy.host(), proxy.port())));
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
            throw new HttpFailure("redirected to " + Redaction.uri(uri) + ", which is not http(s)", false);
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

    private static String grouped(long bytes) {
        return String.format(Locale.ROOT, "%,d", bytes);
    }

    /** Same scheme, host and port: where the credentials of the source URL may go. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null
                && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** The same URL without {@code user:password@}. */
    static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null || uri.getRawAuthority() == null) {
            return uri;
        }
        String authority = uri.getRawAuthority();
        return URI.create(uri.getScheme() + "://" + authority.substring(authority.lastIndexOf('@') + 1)
                + (uri.getRawPath() == null ? "" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
    }

    /**
     * What one download sends: the URL without user info (HttpURLConnection would not send it anyway), the Basic
     * {@code Authorization} made of that user info, and the URL as messages show it.
     */
    private record Request(URI uri, String authorization, String shown) {

        static Request of(URI uri) {
            String userInfo = uri.getRawUserInfo();
            String authorization = null;
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                String user = percentDecode(colon < 0 ? userInfo : userInfo.substring(0, colon));
                String password = colon < 0 ? "" : percentDecode(userInfo.substring(colon + 1));
                authorization = "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            }
            return new Request(withoutUserInfo(uri), authorization, Redaction.uri(uri));
        }

        /** {@code %40} to {@code @}; a '+' stays a '+' (URLDecoder alone would make it a space). */
        private static String percentDecode(String raw) {
            return java.net.URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }

    /** What earlier attempts of one download learnt from the server, so that a later one can ask for the rest. */
    private static final class Progress {
        /** The last full answer said {@code Accept-Ranges: bytes}, or a range request was just honoured. */
        boolean rangesAccepted;
        /** A strong ETag, else the Last-Modified date, of the file: sent as {@code If-Range}. */
        String validator;
        /** The whole file's length, -1 when unknown. */
        long length = -1;

        /** The number of bytes to resume after, or 0 to start again. */
        long resumableFrom(Path target) throws IOException {
            if (!rangesAccepted || !Files.exists(target)) {
                return 0;
            }
            long have = Files.size(target);
            return length >= 0 && have >= length ? 0 : have;
        }

        void learn(HttpURLConnection connection) throws IOException {
            if (connection.getResponseCode() == HttpURLConnection.HTTP_PARTIAL) {
                ContentRange range = ContentRange.parse(connection.getHeaderField("Content-Range"));
                if (range != null && range.total() >= 0) {
                    length = range.total();
                }
                rangesAccepted = range != null;
                return;
            }
            length = connection.getContentLengthLong();
            String accept = connection.getHeaderField("Accept-Ranges");
            rangesAccepted = accept != null
                    && List.of(accept.trim().toLowerCase(Locale.ROOT).split("\\s*,\\s*"))
                            .contains("bytes");
            String etag = connection.getHeaderField("ETag");
            // If-Range takes only a strong validator
            validator = etag != null && !etag.startsWith("W/") ? etag : connection.getHeaderField("Last-Modified");
        }
    }

    /** {@code Content-Range: bytes 100-999/1000}; total -1 for {@code /*}. */
    record ContentRange(long first, long last, long total) {

        private static final Pattern SYNTAX =
                Pattern.compile("bytes\\s+(\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)", Pattern.CASE_INSENSITIVE);

        static ContentRange parse(String header) {
            Matcher m = SYNTAX.matcher(header == null ? "" : header.trim());
            if (!m.matches()) {
                return null;
            }
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            return last < first || (total >= 0 && last >= total) ? null : new ContentRange(first, last, total);
        }
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
