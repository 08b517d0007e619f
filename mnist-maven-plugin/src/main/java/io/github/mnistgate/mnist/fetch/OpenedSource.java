package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.DatasetFile;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** A source ready to deliver: for each file, the places it may be read from, tried in order. */
interface OpenedSource extends Closeable {

    /** Empty when the source does not have the file at all. */
    List<Candidate> candidates(DatasetFile file) throws IOException;

    @Override
    default void close() throws IOException {}
}
