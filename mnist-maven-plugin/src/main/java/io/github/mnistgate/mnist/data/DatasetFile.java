package io.github.mnistgate.mnist.data;

/** The four IDX files every MNIST-style dataset consists of, with their decompressed sizes. */
public enum DatasetFile {
    TRAIN_IMAGES("train-images-idx3-ubyte", 16L + 60_000L * 28 * 28),
    TRAIN_LABELS("train-labels-idx1-ubyte", 8L + 60_000L),
    TEST_IMAGES("t10k-images-idx3-ubyte", 16L + 10_000L * 28 * 28),
    TEST_LABELS("t10k-labels-idx1-ubyte", 8L + 10_000L);

    private final String fileName;
    private final long size;

    DatasetFile(String fileName, long size) {
        this.fileName = fileName;
        this.size = size;
    }

    /** The decompressed file's name, e.g. {@code train-images-idx3-ubyte}. */
    public String fileName() {
        return fileName;
    }

    /** The decompressed file's length in bytes. */
    public long size() {
        return size;
    }

    public boolean isImages() {
        return this == TRAIN_IMAGES || this == TEST_IMAGES;
    }
}
