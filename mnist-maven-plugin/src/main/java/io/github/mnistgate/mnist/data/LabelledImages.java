package io.github.mnistgate.mnist.data;

import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** One split of a dataset (train or test): images with their labels, checked to match in count. */
public final class LabelledImages {

    /** How many bytes of images {@link #sha256} and {@link #forEachChunk} read at a time. */
    private static final int CHUNK_BYTES = 1 << 20;

    private final IdxImages images;
    private final IdxLabels labels;
    private final int classes;

    /** MNIST's ten classes. */
    public LabelledImages(IdxImages images, IdxLabels labels) {
        this(images, labels, Dataset.CLASSES);
    }

    public LabelledImages(IdxImages images, IdxLabels labels, int classes) {
        if (images.count() != labels.count()) {
            throw new IllegalArgumentException(images.count() + " images but " + labels.count() + " labels");
        }
        this.images = images;
        this.labels = labels;
        this.classes = classes;
    }

    /** Reads and cross-checks an MNIST-shaped images file and its labels file. */
    public static LabelledImages read(Path imagesFile, Path labelsFile) throws IOException {
        return read(imagesFile, labelsFile, ImageShape.MNIST, Dataset.CLASSES);
    }

    /** Reads and cross-checks an images file and its labels file, of images of {@code shape} in {@code classes}. */
    public static LabelledImages read(Path imagesFile, Path labelsFile, ImageShape shape, int classes)
            throws IOException {
        return of(
                imagesFile,
                IdxReader.readImages(imagesFile, shape),
                labelsFile,
                IdxReader.readLabels(labelsFile, classes),
                classes);
    }

    /**
     * Checks and cross-checks the bytes of an images file and its labels file already in memory, as
     * {@link #read(Path, Path, ImageShape, int)} checks files; the paths only name them in errors.
     */
    public static LabelledImages parse(
            Path imagesName, byte[] images, Path labelsName, byte[] labels, ImageShape shape, int classes)
            throws InvalidIdxFileException {
        return of(
                imagesName,
                IdxReader.parseImages(imagesName, images, shape),
                labelsName,
                IdxReader.parseLabels(labelsName, labels, classes),
                classes);
    }

    private static LabelledImages of(Path imagesFile, IdxImages images, Path labelsFile, IdxLabels labels, int classes)
            throws InvalidIdxFileException {
        if (images.count() != labels.count()) {
            throw new InvalidIdxFileException(
                    labelsFile,
                    "holds " + labels.count() + " labels, but " + imagesFile.getFileName() + " holds " + images.count()
                            + " images");
        }
        return new LabelledImages(images, labels, classes);
    }

    /** SHA-256 over the first {@code limit} examples' images and labels (all when limit is at least the size). */
    public String sha256(int limit) {
        java.security.MessageDigest digest = io.github.mnistgate.mnist.util.Sha256.newDigest();
        int n = Math.min(limit, size());
        forEachChunk(n, (first, count, bytes) -> digest.update(bytes, 0, count * images.size()));
        for (int i = 0; i < n; i++) {
            digest.update((byte) label(i));
        }
        return io.github.mnistgate.mnist.util.Sha256.hex(digest);
    }

    /**
     * Calls {@code action} with every image in order, a chunk of images at a time: {@code action} reads the
     * {@code count} images from {@code first} on in {@code bytes}, one after the other.
     */
    public void forEachChunk(ChunkAction action) {
        forEachChunk(size(), action);
    }

    /** As {@link #forEachChunk(ChunkAction)}, over the first {@code n} images. */
    private void forEachChunk(int n, ChunkAction action) {
        int chunk = Math.max(1, CHUNK_BYTES / images.size());
        byte[] buffer = new byte[chunk * images.size()];
        for (int from = 0; from < n; from += chunk) {
            int k = Math.min(chunk, n - from);
            images.read(from, k, buffer, 0);
            action.accept(from, k, buffer);
        }
    }

    /** What {@link #forEachChunk} calls. */
    @FunctionalInterface
    public interface ChunkAction {
        void accept(int first, int count, byte[] bytes);
    }

    /** How many classes the labels may name. */
    public int classes() {
        return classes;
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
        int[] counts = new int[classes];
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
     * The chosen examples as features {@code [n, values per image]} (float32, pixels scaled to [0, 1], channel after
     * channel, each row-major: MNIST's {@code [n, 784]}) and one-hot labels {@code [n, classes]}, written straight
     * into native memory.
     */
    public DataSet toDataSet(int[] indices) {
        INDArray features = Nd4j.createUninitialized(DataType.FLOAT, indices.length, images.size());
        INDArray oneHot = Nd4j.createUninitialized(DataType.FLOAT, indices.length, classes);
        copy(indices, features.data().asNioFloat(), oneHot.data().asNioFloat());
        return new DataSet(features, oneHot);
    }

    /** The first {@code limit} examples (all when limit is at least the size), read as they are asked for. */
    public Examples examples(int limit) {
        return examples(IntStream.range(0, Math.min(limit, size())).toArray());
    }

    /** The examples at {@code indices}, in that order, read from the images as they are asked for. */
    public Examples examples(int[] indices) {
        return new Examples() {
            @Override
            public int count() {
                return indices.length;
            }

            @Override
            public int width() {
                return images.size();
            }

            @Override
            public int classes() {
                return classes;
            }

            @Override
            public DataSet range(int from, int to) {
                return toDataSet(Arrays.copyOfRange(indices, from, to));
            }

            @Override
            public Examples head(int n) {
                return n >= indices.length ? this : examples(Arrays.copyOf(indices, n));
            }

            @Override
            public int[] classCounts() {
                int[] counts = new int[classes];
                for (int i : indices) {
                    counts[label(i)]++;
                }
                return counts;
            }

            @Override
            public Minibatches minibatches() {
                return Examples.gathering(images.size(), classes, (rows, features, labels) -> {
                    int[] at = new int[rows.length];
                    for (int r = 0; r < rows.length; r++) {
                        at[r] = indices[rows[r]];
                    }
                    copy(at, features, labels);
                });
            }
        };
    }

    /** Writes the images at {@code indices} as scaled floats, and their labels one-hot, row after row. */
    private void copy(int[] indices, FloatBuffer features, FloatBuffer labels) {
        int size = images.size();
        byte[] image = new byte[size];
        for (int row = 0; row < indices.length; row++) {
            images.read(indices[row], 1, image, 0);
            int base = row * size;
            for (int p = 0; p < size; p++) {
                features.put(base + p, (image[p] & 0xff) / 255f);
            }
            for (int c = 0; c < classes; c++) {
                labels.put(row * classes + c, 0f);
            }
            labels.put(row * classes + label(indices[row]), 1f);
        }
    }
}
