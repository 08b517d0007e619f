package io.github.mnistgate.mnist.fetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An HTTP proxy as Maven's settings describe one. {@code nonProxyHosts} uses Maven's syntax:
 * {@code localhost|*.example.com|10.*} (commas are accepted too).
 */
public record HttpProxy(String host, int port, String username, String password, String nonProxyHosts) {

    public HttpProxy {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("proxy host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("proxy port out of range: " + port);
        }
    }

    public HttpProxy(String host, int port) {
        this(host, port, null, null, null);
    }

    public boolean hasCredentials() {
        return username != null && !username.isEmpty();
    }

    /** Whether a request to this host goes through the proxy. */
    public boolean appliesTo(String targetHost) {
        if (nonProxyHosts == null || nonProxyHosts.isBlank() || targetHost == null) {
            return true;
        }
        String target = targetHost.toLowerCase(Locale.ROOT);
        for (Pattern p : patterns(nonProxyHosts)) {
            if (p.matcher(target).matches()) {
                return false;
            }
        }
        return true;
    }

    private static List<Pattern> patterns(String spec) {
        List<Pattern> result = new ArrayList<>();
        for (String part : spec.split("[|,]")) {
            String glob = part.trim().toLowerCase(Locale.ROOT);
            if (glob.isEmpty()) {
                continue;
            }
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < glob.length(); i++) {
                char c = glob.charAt(i);
                regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
            }
            result.add(Pattern.compile(regex.toString()));
        }
        return result;
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return host + ":" + port + (hasCredentials() ? " (user " + username + ")" : "");
    }
}
