package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.DatasetFile;
import java.io.IOException;

/** A candidate file whose size or SHA-256 is not the expected one; it is never installed in the cache. */
public class VerificationException extends IOException {
    private static final long serialVersionUID = 1L;

    private final DatasetFile file;
    private final Mismatch mismatch;

    public VerificationException(DatasetFile file, Mismatch mismatch) {
        super(file.fileName() + " has " + mismatch.describe());
        this.file = file;
        this.mismatch = mismatch;
    }

    public DatasetFile file() {
        return file;
    }

    public Mismatch mismatch() {
        return mismatch;
    }
}
