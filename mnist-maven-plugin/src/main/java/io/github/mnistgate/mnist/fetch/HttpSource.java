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
        HttpDownloader http = new HttpDownloader(context.settings(), context.log());
        return file -> {
            long limit = Payloads.limitFor(context.spec().expected(file).size());
            return List.of(
                    candidate(http, file.fileName() + ".gz", context.scratch(), limit),
                    candidate(http, file.fileName(), context.scratch(), limit));
        };
    }

    /** The raw body is downloaded whole (with retries) into the scratch folder before it is read. */
    private Candidate candidate(HttpDownloader http, String name, java.nio.file.Path scratch, long limit) {
        URI uri = URI.create(base + name);
        return new Candidate() {
            @Override
            public String label() {
                return name;
            }

            @Override
            public java.io.InputStream open() throws java.io.IOException {
                return http.download(uri, scratch.resolve(name + ".download"), limit);
            }
        };
    }
}
