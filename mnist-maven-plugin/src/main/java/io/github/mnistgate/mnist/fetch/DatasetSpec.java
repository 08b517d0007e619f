package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetFile;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the fetcher and the cache accept for a dataset: the cache folder name and, per file, the exact
 * size and SHA-256 of its decompressed content. {@link #of(Dataset)} takes the pinned values; tests build
 * small fake datasets with their own.
 */
public record DatasetSpec(Dataset dataset, String id, Map<DatasetFile, Expected> files) {

    /** The decompressed length and lower-case hex SHA-256 a file must have. */
    public record Expected(long size, String sha256) {
        public Expected {
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative: " + size);
            }
            sha256 = Objects.requireNonNull(sha256, "sha256").toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DatasetSpec {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(id, "id");
        if (id.isBlank() || id.contains("/") || id.contains("\\") || id.startsWith(".")) {
            throw new IllegalArgumentException("not a usable folder name: '" + id + "'");
        }
        Map<DatasetFile, Expected> copy = new EnumMap<>(DatasetFile.class);
        copy.putAll(files);
        for (DatasetFile file : DatasetFile.values()) {
            if (!copy.containsKey(file)) {
                throw new IllegalArgumentException("no expected size and sha256 for " + file.fileName());
            }
        }
        files = java.util.Collections.unmodifiableMap(copy);
    }

    /** The pinned sizes and checksums of a supported dataset. */
    public static DatasetSpec of(Dataset dataset) {
        Map<DatasetFile, Expected> files = new EnumMap<>(DatasetFile.class);
        for (DatasetFile file : DatasetFile.values()) {
            files.put(file, new Expected(file.size(), dataset.sha256(file)));
        }
        return new DatasetSpec(dataset, dataset.id(), files);
    }

    public Expected expected(DatasetFile file) {
        return files.get(file);
    }
}
