package io.github.mnistgate.mnist.fetch;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * URLs as they may be shown in log lines and messages: without the password (or token) they may carry. A source
 * URL may hold {@code user:password@} and a redirect target a signed query, and build logs are often public.
 */
final class Redaction {

    static final String MASK = "***";

    /** scheme://, the authority up to the first '/', '?' or '#', then the rest. */
    private static final Pattern URL = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)(.*)$", Pattern.DOTALL);

    private Redaction() {}

    static String uri(URI uri) {
        return uri == null ? "null" : text(uri.toString());
    }

    /**
     * {@code https://alice:s3cret@host/path?token=abc#x} becomes {@code https://***@host/path?token=***#***}:
     * the whole user info is hidden (a user name can be a token too), every query value and the fragment. Text
     * that is not a URL with an authority is returned as it is.
     */
    static String text(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            return url;
        }
        String authority = m.group(2);
        int at = authority.lastIndexOf('@');
        String shownAuthority = at < 0 ? authority : MASK + authority.substring(at);
        return m.group(1) + shownAuthority + redactQueryAndFragment(m.group(3));
    }

    private static String redactQueryAndFragment(String rest) {
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            return redactQueryAndFragment(rest.substring(0, hash)) + "#" + (hash + 1 < rest.length() ? MASK : "");
        }
        int q = rest.indexOf('?');
        if (q < 0) {
            return rest;
        }
        String query = rest.substring(q + 1);
        StringBuilder shown = new StringBuilder(rest.substring(0, q + 1));
        String[] pairs = query.split("&", -1);
        for (int i = 0; i < pairs.length; i++) {
            if (i > 0) {
                shown.append('&');
            }
            int eq = pairs[i].indexOf('=');
            // a bare value (?abc123) may be a token too
            shown.append(eq < 0 ? (pairs[i].isEmpty() ? "" : MASK) : pairs[i].substring(0, eq + 1) + MASK);
        }
        return shown.toString();
    }
}
