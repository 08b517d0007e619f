package io.github.mnistgate.mnist.bench;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.MnistData;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** The benchmarks' dataset: MNIST's four IDX files in one folder, read as the plugin reads them. */
public final class BenchData {

    private BenchData() {
    }

    /**
     * The images bench/colour.py painted ({@code <data>-<split>-images}, {@code data} rgb32 or rgb64: a header of count,
     * channels, height and width, then uint8 planes) with their labels, as {@code [n, channels * height * width]}
     * scaled to [0, 1].
     */
    public static DataSet rgb(Path dir, String data, String split) throws IOException {
        ByteBuffer images = ByteBuffer.wrap(Files.readAllBytes(dir.resolve(data + "-" + split + "-images")));
        int n = images.getInt();
        int size = images.getInt() * images.getInt() * images.getInt();
        float[] pixels = new float[n * size];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (images.get() & 0xff) / 255f;
        }
        byte[] labels = Files.readAllBytes(dir.resolve(split + "-labels-idx1-ubyte"));
        float[] oneHot = new float[n * 10];
        for (int i = 0; i < n; i++) {
            oneHot[i * 10 + labels[8 + i]] = 1f;
        }
        return new DataSet(Nd4j.create(pixels, new long[] {n, size}, 'c'), Nd4j.create(oneHot, new long[] {n, 10}, 'c'));
    }

    public static MnistData read(Path dir) throws IOException {
        Map<DatasetFile, Path> files = new EnumMap<>(DatasetFile.class);
        for (DatasetFile f : DatasetFile.values()) {
            files.put(f, dir.resolve(f.fileName()));
        }
        return MnistData.read(Dataset.MNIST, files);
    }
}
