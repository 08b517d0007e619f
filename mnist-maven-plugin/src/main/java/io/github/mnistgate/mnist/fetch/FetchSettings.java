package io.github.mnistgate.mnist.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** How the fetcher may reach its sources: the cache, Maven's offline flag, timeouts, proxy and npm. */
public final class FetchSettings {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);
    /** npm downloads the whole package before we read it; generous, but a hung npm must not hang the build. */
    public static final Duration DEFAULT_NPM_TIMEOUT = Duration.ofMinutes(10);
    /** Pauses before the 2nd and 3rd attempt of an HTTP download that failed for a transient reason. */
    public static final List<Duration> DEFAULT_RETRY_DELAYS = List.of(Duration.ofMillis(200), Duration.ofMillis(800));
    /** How long to wait for another build fetching the same dataset into the same cache. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(30);

    private final Path cacheDirectory;
    private final boolean offline;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final HttpProxy proxy;
    private final String npmCommand;
    private final Duration npmTimeout;
    private final List<Duration> retryDelays;
    private final Duration lockTimeout;

    private FetchSettings(Builder b) {
        this.cacheDirectory =
                Objects.requireNonNull(b.cacheDirectory, "cacheDirectory").toAbsolutePath();
        this.offline = b.offline;
        this.connectTimeout = positive(b.connectTimeout, "connectTimeout");
        this.readTimeout = positive(b.readTimeout, "readTimeout");
        this.proxy = b.proxy;
        this.npmCommand = Objects.requireNonNull(b.npmCommand, "npmCommand");
        this.npmTimeout = positive(b.npmTimeout, "npmTimeout");
        this.retryDelays = List.copyOf(Objects.requireNonNull(b.retryDelays, "retryDelays"));
        for (Duration d : retryDelays) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("retryDelays must not be negative: " + d);
            }
        }
        this.lockTimeout = positive(b.lockTimeout, "lockTimeout");
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

    /**
     * The pauses between attempts of an HTTP download that failed for a transient reason (connection reset,
     * truncated body, read timeout, HTTP 5xx): one more attempt than pauses; empty means a single attempt.
     */
    public List<Duration> retryDelays() {
        return retryDelays;
    }

    /** The longest wait for another build (or thread) fetching the same dataset into the same cache. */
    public Duration lockTimeout() {
        return lockTimeout;
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
        private List<Duration> retryDelays = DEFAULT_RETRY_DELAYS;
        private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;

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

        /** The pauses between attempts of a download; its size plus one is the number of attempts. */
        public Builder retryDelays(List<Duration> retryDelays) {
            this.retryDelays = retryDelays;
            return this;
        }

        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
            return this;
        }

        public FetchSettings build() {
            return new FetchSettings(this);
        }
    }
}
