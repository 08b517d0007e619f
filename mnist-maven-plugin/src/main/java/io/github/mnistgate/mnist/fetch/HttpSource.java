package io.github.mnistgate.mnist.fetch;

import java.net.URI;
import java.util.List;

/** An http(s) folder: each file is {@code <url>/<name>.gz}, or {@code <url>/<name>} when that is missing. */
final class HttpSource extends Source {

    private final String base;

    /** @param base the folder URL, ending with a slash; any user info in it is sent, never shown */
    HttpSource(String base) {
        super(Redaction.text(base));
        this.base = base;
    }

    @Override
    public boolean isNetwork() {
        return true;
    }

    @Override
    OpenedSource open(SourceContext context) {
        if (base.regionMatches(true, 0, "http:", 0, 5)) {
            // Said once per source: anyone on the way can alter plain http, so the checksums are the protection.
            context.log()
                    .info(
                            "" + location() + " is plain http, not https: what protects the content is"
                                    + " the pinned SHA-256 of every file, which is checked before a file is used, not the transport");
        }
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
