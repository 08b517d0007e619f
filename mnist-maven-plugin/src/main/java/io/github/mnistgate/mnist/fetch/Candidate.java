package io.github.mnistgate.mnist.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One place a file may be read from: a URL, a file in a folder, an extracted archive entry. Its content may
 * be gzip-compressed; that is detected from the bytes.
 */
interface Candidate {

    /** Short name for messages, e.g. {@code train-images-idx3-ubyte.gz}. */
    String label();

    /**
     * Opens the content. Throws {@link java.io.FileNotFoundException} when it is not there (HTTP 404),
     * another {@link IOException} when it cannot be read.
     */
    InputStream open() throws IOException;

    static Candidate of(String label, Path file) {
        return new Candidate() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }
        };
    }

    /** A candidate already known to be unusable (e.g. an archive entry larger than any real file). */
    static Candidate failed(String label, IOException problem) {
        return new Candidate() {
            @Override
            public String label() {
                return label;
            }

            @Override
            public InputStream open() throws IOException {
                throw problem;
            }
        };
    }
}
