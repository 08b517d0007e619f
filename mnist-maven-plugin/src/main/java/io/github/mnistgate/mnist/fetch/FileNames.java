package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.DatasetFile;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognises dataset files by name inside folders and archives: {@code t10k-images-idx3-ubyte},
 * {@code t10k-images-idx3-ubyte.gz}, and the common variant {@code t10k-images.idx3-ubyte}.
 */
final class FileNames {

    private FileNames() {}

    /** Matches the last segment of a path such as {@code package/data/train-labels-idx1-ubyte}. */
    static Optional<DatasetFile> match(String path) {
        String name = path.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            name = name.substring(0, name.length() - 3);
        }
        String normalised = name.replace('.', '-').replace('_', '-');
        for (DatasetFile file : DatasetFile.values()) {
            if (file.fileName().equals(normalised)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an archive entry's path could escape the folder it is extracted to (zip-slip): absolute,
     * a drive letter, or a {@code ..} segment.
     */
    static boolean isUnsafeEntryPath(String path) {
        String p = path.replace('\\', '/');
        if (p.startsWith("/") || p.matches("^[A-Za-z]:.*")) {
            return true;
        }
        for (String segment : p.split("/")) {
            if (segment.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
