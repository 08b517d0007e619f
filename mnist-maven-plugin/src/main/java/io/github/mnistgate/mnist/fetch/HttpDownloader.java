package io.github.mnistgate.mnist.fetch;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
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

    HttpDownloader(FetchSettings settings) {
        this.settings = settings;
    }

    /**
     * Opens the body of a 2xx response.
     *
     * @throws FileNotFoundException       on 404 or 410
     * @throws SourceUnavailableException  on 407 (the proxy wants credentials we do not have right)
     * @throws IOException                 on any other status, naming it, and on network errors
     */
    InputStream get(URI uri) throws IOException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpURLConnection connection = connect(current);
            int status = connection.getResponseCode();
            if (status >= 200 && status < 300) {
                return connection.getInputStream();
            }
            String location = connection.getHeaderField("Location");
            String reason = "HTTP " + status + (connection.getResponseMessage() == null ? "" : " " + connection.getResponseMessage());
            discard(connection);
            if (isRedirect(status) && location != null) {
                current = current.resolve(location.trim());
                checkScheme(current);
                continue;
            }
            if (status == 404 || status == 410) {
                throw new FileNotFoundException(reason);
            }
            if (status == 407) {
                throw new SourceUnavailableException(reason + " from the proxy: check the proxy's username and password"
                        + " in settings.xml");
            }
            throw new IOException(reason);
        }
        throw new IOException("more than " + MAX_REDIRECTS + " redirects, starting at " + uri);
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
            throw new IOException("redirected to " + uri + ", which is not http(s)");
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
}
