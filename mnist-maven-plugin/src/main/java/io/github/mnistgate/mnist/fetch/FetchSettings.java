package io.github.mnistgate.mnist.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** How the fetcher may reach its sources: the cache, Maven's offline flag, timeouts, proxy and npm. */
public final class FetchSettings {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    /** npm downloads the whole package before we read it; generous, but a hung npm must not hang the build. */
    public static final Duration DEFAULT_NPM_TIMEOUT = Duration.ofMinutes(10);

    private final Path cacheDirectory;
    private final boolean offline;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final HttpProxy proxy;
    private final String npmCommand;
    private final Duration npmTimeout;

    private FetchSettings(Builder b) {
        this.cacheDirectory = Objects.requireNonNull(b.cacheDirectory, "cacheDirectory").toAbsolutePath();
        this.offline = b.offline;
        this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
        this.readTimeout = positive(b.readTimeout, "readTimeout");
        this.proxy = b.proxy;
        this.npmCommand = Objects.requireNonNull(b.npmCommand, "npmCommand");
        this.npmTimeout = positive(b.npmTimeout, "npmTimeout");
    }

    public static Builder builder(Path cacheDirectory) {
        return new Builder(cacheDirectory);
    }

    public Path cacheDirectory() {
        return cacheDirectory;
    }

    /** Maven runs with {@code -o}: every network source is skipped. */
    public boolean offline() {
        return offline;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The longest wait for the next bytes of a response, not for the whole download. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** The proxy for http(s) sources; empty means the JVM's own proxy settings. */
    public Optional<HttpProxy> proxy() {
        return Optional.ofNullable(proxy);
    }

    public String npmCommand() {
        return npmCommand;
    }

    public Duration npmTimeout() {
        return npmTimeout;
    }

    /** npm is a batch script on Windows, which ProcessBuilder only finds by its full name. */
    static String defaultNpmCommand() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? "npm.cmd" : "npm";
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
        return d;
    }

    public static final class Builder {
        private final Path cacheDirectory;
        private boolean offline;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private HttpProxy proxy;
        private String npmCommand = defaultNpmCommand();
        private Duration npmTimeout = DEFAULT_NPM_TIMEOUT;

        private Builder(Path cacheDirectory) {
            this.cacheDirectory = cacheDirectory;
        }

        public Builder offline(boolean offline) {
            this.offline = offline;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
            return this;
        }

        /** {@code null} for none. */
        public Builder proxy(HttpProxy proxy) {
            this.proxy = proxy;
            return this;
        }

        public Builder npmCommand(String npmCommand) {
            this.npmCommand = npmCommand;
            return this;
        }

        public Builder npmTimeout(Duration npmTimeout) {
            this.npmTimeout = npmTimeout;
            return this;
        }

        public FetchSettings build() {
            return new FetchSettings(this);
        }
    }
}
