package io.github.mnistgate.mnist.fetch;

import java.net.URI;
import java.util.List;

/** An http(s) folder: each file is {@code <url>/<name>.gz}, or {@code <url>/<name>} when that is missing. */
final class HttpSource extends Source {

    private final String base;

    /** @param base the folder URL, ending with a slash */
    HttpSource(String base) {
        super(base);
        this.base = base;
    }

    @Override
    public boolean isNetwork() {
        return true;
    }

    @Override
    OpenedSource open(SourceContext context) {
        HttpDownloader http = new HttpDownloader(context.settings());
        return file -> List.of(
                candidate(http, file.fileName() + ".gz"),
                candidate(http, file.fileName()));
    }

    private Candidate candidate(HttpDownloader http, String name) {
        URI uri = URI.create(base + name);
        return new Candidate() {
            @Override
            public String label() {
                return name;
            }

            @Override
            public java.io.InputStream open() throws java.io.IOException {
                return http.get(uri);
            }
        };
    }
}
