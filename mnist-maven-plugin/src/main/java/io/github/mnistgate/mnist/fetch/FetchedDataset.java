package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.DatasetInfo;
import java.nio.file.Path;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A dataset whose four files are all present and verified in the cache: fetched from a source, or made from a folder
 * of images ({@link ImageFolderCache}).
 */
public record FetchedDataset(DatasetInfo dataset, Map<DatasetFile, Path> files) {

    public FetchedDataset {
        Map<DatasetFile, Path> copy = new EnumMap<>(DatasetFile.class);
        copy.putAll(files);
        for (DatasetFile file : DatasetFile.values()) {
            if (!copy.containsKey(file)) {
                throw new IllegalArgumentException("missing " + file.fileName());
            }
        }
        files = Collections.unmodifiableMap(copy);
    }

    /** The verified, decompressed file in the cache. */
    public Path file(DatasetFile file) {
        return files.get(file);
    }

    /** The cache folder holding the files. */
    public Path folder() {
        return files.get(DatasetFile.TRAIN_IMAGES).getParent();
    }
}
