package io.github.mnistgate.mnist.data;

import io.github.mnistgate.runtime.ImageShape;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset as the plugin trains on it, wherever it came from: its name, its classes in label order, the shape of
 * its images, and the SHA-256 of its four IDX files (for a folder of images, of the IDX files made from them).
 *
 * @param sourceSha256 for a folder of images, the SHA-256 over every image file's path and content; null for the
 *                     datasets the plugin knows by name
 * @param inkIsLight   whether strokes are light on a dark background (MNIST's and Fashion-MNIST's IDX files), which
 *                     the report draws dark on white as on paper; other images are drawn as they are
 */
public record DatasetInfo(
        String id,
        List<String> classNames,
        ImageShape shape,
        Map<DatasetFile, String> sha256,
        String sourceSha256,
        boolean inkIsLight)
        implements Serializable {

    /** The most classes a dataset may have: IDX labels are single bytes. */
    public static final int MAX_CLASSES = 256;

    public DatasetInfo {
        classNames = List.copyOf(classNames);
        if (classNames.size() < 2 || classNames.size() > MAX_CLASSES) {
            throw new IllegalArgumentException(id + " has " + classNames.size() + " classes, not 2 to " + MAX_CLASSES);
        }
        Map<DatasetFile, String> copy = new EnumMap<>(DatasetFile.class);
        copy.putAll(sha256);
        sha256 = Collections.unmodifiableMap(copy);
    }

    public int classes() {
        return classNames.size();
    }

    /** The lower-case hex SHA-256 of a file's decompressed content. */
    public String sha256(DatasetFile file) {
        return sha256.get(file);
    }
}
