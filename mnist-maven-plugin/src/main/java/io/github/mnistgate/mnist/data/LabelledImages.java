package io.github.mnistgate.mnist.data;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.stream.IntStream;

/** One split of a dataset (train or test): images with their labels, checked to match in count. */
public final class LabelledImages {

    private final IdxImages images;
    private final IdxLabels labels;

    public LabelledImages(IdxImages images, IdxLabels labels) {
        if (images.count() != labels.count()) {
            throw new IllegalArgumentException(images.count() + " images but " + labels.count() + " labels");
        }
        this.images = images;
        this.labels = labels;
    }

    /** Reads and cross-checks an images file and its labels file. */
    public static LabelledImages read(Path imagesFile, Path labelsFile) throws IOException {
        return of(imagesFile, IdxReader.readImages(imagesFile), labelsFile, IdxReader.readLabels(labelsFile));
    }

    /**
     * Checks and cross-checks the bytes of an images file and its labels file already in memory, as
     * {@link #read(Path, Path)} checks files; the paths only name them in errors.
     */
    public static LabelledImages parse(Path imagesName, byte[] images, Path labelsName, byte[] labels)
            throws InvalidIdxFileException {
        return of(imagesName, IdxReader.parseImages(imagesName, images), labelsName, IdxReader.parseLabels(labelsName, labels));
    }

    private static LabelledImages of(Path imagesFile, IdxImages images, Path labelsFile, IdxLabels labels)
            throws InvalidIdxFileException {
        if (images.count() != labels.count()) {
            throw new InvalidIdxFileException(labelsFile, "holds " + labels.count() + " labels, but "
                    + imagesFile.getFileName() + " holds " + images.count() + " images");
        }
        return new LabelledImages(images, labels);
    }

    public int size() {
        return images.count();
    }

    public IdxImages images() {
        return images;
    }

    public int label(int i) {
        return labels.label(i);
    }

    /** How many examples of each class. */
    public int[] classCounts() {
        int[] counts = new int[Dataset.CLASSES];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        return counts;
    }

    /** The first {@code limit} examples (all when limit is at least the size) as an ND4J data set. */
    public DataSet toDataSet(int limit) {
        return toDataSet(IntStream.range(0, Math.min(limit, size())).toArray());
    }

    /**
     * The chosen examples as features {@code [n, 784]} (float32, pixels scaled to [0, 1], row-major 28x28)
     * and one-hot labels {@code [n, 10]}, written straight into native memory.
     */
    public DataSet toDataSet(int[] indices) {
        int n = indices.length;
        INDArray features = Nd4j.createUninitialized(DataType.FLOAT, n, IdxImages.PIXELS);
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, n, Dataset.CLASSES);
        FloatBuffer pixels = features.data().asNioFloat();
        FloatBuffer hot = oneHot.data().asNioFloat();
        byte[] raw = images.raw();
        for (int row = 0; row < n; row++) {
            int from = images.offset(indices[row]);
            int base = row * IdxImages.PIXELS;
            for (int p = 0; p < IdxImages.PIXELS; p++) {
                pixels.put(base + p, (raw[from + p] & 0xff) / 255f);
            }
            hot.put(row * Dataset.CLASSES + label(indices[row]), 1f);
        }
        return new DataSet(features, oneHot);
    }
}
