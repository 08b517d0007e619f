package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.fetch.FetchSettings;
import io.github.mnistgate.mnist.fetch.HttpProxy;
import io.github.mnistgate.mnist.fetch.Source;
import io.github.mnistgate.mnist.fetch.Sources;
import io.github.mnistgate.mnist.util.Durations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.maven.settings.Proxy;

/**
 * Where the dataset comes from, as the mojo's parameters and the user's {@code settings.xml} give it, mapped onto the
 * core's {@link Source}s and {@link FetchSettings}; each value is checked here, with an error naming its setting.
 *
 * @param proxies the proxies of the user's settings, of which the first active http(s) one is used
 * @param baseDirectory the project's folder, against which relative source paths resolve
 */
record FetchConfiguration(
        String dataset,
        String sources,
        Path cacheDirectory,
        String connectTimeout,
        String readTimeout,
        String retryDelays,
        String lockTimeout,
        boolean offline,
        List<Proxy> proxies,
        Path baseDirectory) {

    /**
     * The configured sources, {@code default} standing for the dataset's own list; none for a folder of images, which
     * is read where it is.
     */
    List<Source> sourceList() {
        if (Dataset.isFolder(dataset)) {
            return List.of();
        }
        List<String> expanded = new ArrayList<>();
        for (String s : (sources == null ? "default" : sources).split(",")) {
            if (s.trim().equalsIgnoreCase("default")) {
                expanded.addAll(Dataset.fromId(dataset).defaultSources());
            } else if (!s.isBlank()) {
                expanded.add(s.trim());
            }
        }
        return Sources.parse(expanded, baseDirectory);
    }

    FetchSettings settings() {
        FetchSettings.Builder b = FetchSettings.builder(cacheDirectory)
                .offline(offline)
                .connectTimeout(Durations.timeout("connectTimeout", connectTimeout, 3600))
                .readTimeout(Durations.timeout("readTimeout", readTimeout, 3600))
                .retryDelays(Durations.retryDelays(retryDelays))
                .lockTimeout(Durations.timeout("lockTimeout", lockTimeout, 24 * 3600));
        proxy().ifPresent(b::proxy);
        return b.build();
    }

    /** The first active http(s) proxy of the user's settings.xml. */
    private Optional<HttpProxy> proxy() {
        for (Proxy p : proxies) {
            if (p.isActive()
                    && p.getProtocol() != null
                    && p.getProtocol().toLowerCase(Locale.ROOT).startsWith("http")) {
                return Optional.of(new HttpProxy(
                        p.getHost(), p.getPort(), p.getUsername(), p.getPassword(), p.getNonProxyHosts()));
            }
        }
        return Optional.empty();
    }
}
