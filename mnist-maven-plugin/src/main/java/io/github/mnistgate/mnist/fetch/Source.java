package io.github.mnistgate.mnist.fetch;

import java.io.IOException;

/**
 * One place the dataset files may come from, as written in {@code mnist.sources}. Create with
 * {@link Sources#parse(String)}.
 */
public abstract class Source {

    private final String location;

    Source(String location) {
        this.location = location;
    }

    /** The source as the user wrote it (normalised, any password hidden), for log lines and failure messages. */
    public String location() {
        return location;
    }

    /** Whether it needs the network, and so is skipped when Maven is offline. */
    public abstract boolean isNetwork();

    /**
     * Makes the source ready to deliver files: lists a folder, extracts an archive, runs npm. Called once
     * per fetch; the result serves every file the source has.
     *
     * @param context the settings, the spec and a private scratch folder that is deleted afterwards
     */
    abstract OpenedSource open(SourceContext context) throws IOException;

    @Override
    public String toString() {
        return location;
    }
}
