package io.github.mnistgate.mnist.data;

import java.io.IOException;
import java.nio.file.Path;

/** A folder of images that is not laid out as a dataset must be; the message names the file or folder and why. */
public class InvalidImageFolderException extends IOException {

    private static final long serialVersionUID = 1L;

    private final Path path;

    public InvalidImageFolderException(Path path, String problem) {
        super(path + " " + problem);
        this.path = path;
    }

    /** The file or folder at fault. */
    public Path path() {
        return path;
    }
}
