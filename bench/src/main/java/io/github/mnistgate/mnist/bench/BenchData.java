package io.github.mnistgate.mnist.bench;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.MnistData;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** The benchmarks' dataset: MNIST's four IDX files in one folder, read as the plugin reads them. */
public final class BenchData {

    private BenchData() {
    }

    public static MnistData read(Path dir) throws IOException {
        Map<DatasetFile, Path> files = new EnumMap<>(DatasetFile.class);
        for (DatasetFile f : DatasetFile.values()) {
            files.put(f, dir.resolve(f.fileName()));
        }
        return MnistData.read(Dataset.MNIST, files);
    }
}
