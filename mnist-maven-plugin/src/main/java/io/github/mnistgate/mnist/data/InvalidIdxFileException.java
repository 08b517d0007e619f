package io.github.mnistgate.mnist.data;

import java.io.IOException;
import java.nio.file.Path;

/** An IDX file that is not what it must be; the message names the file and what is wrong with it. */
public class InvalidIdxFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final Path file;

    public InvalidIdxFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
