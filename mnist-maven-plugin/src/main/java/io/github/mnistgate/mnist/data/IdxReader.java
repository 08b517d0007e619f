package io.github.mnistgate.mnist.data;

import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes IDX files (the format of MNIST and its siblings) and validates everything a later step relies
 * on: the magic number, the dimensions, the exact file length and the label range.
 */
public final class IdxReader {

    /** IDX magic: two zero bytes, the element type (0x08 = unsigned byte), the number of dimensions. */
    static final int IMAGES_MAGIC = 0x00000803;

    static final int LABELS_MAGIC = 0x00000801;
    static final int IMAGES4_MAGIC = 0x00000804;
    /** No real IDX file of this family comes near this; anything larger is refused before reading. */
    static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private IdxReader() {}

    /** Reads an MNIST-shaped images file. */
    public static IdxImages readImages(Path file) throws IOException {
        return readImages(file, ImageShape.MNIST);
    }

    /** Reads an images file whose images must have {@code shape}. */
    public static IdxImages readImages(Path file, ImageShape shape) throws IOException {
        return parseImages(file, readBounded(file), shape);
    }

    /**
     * Checks and wraps an images file's bytes already in memory; {@code file} names them in errors. One channel is
     * {@code [N, rows, columns]} (magic 0x803), more are {@code [N, channels, rows, columns]} (magic 0x804).
     */
    static IdxImages parseImages(Path file, byte[] bytes, ImageShape shape) throws InvalidIdxFileException {
        boolean planes = shape.channels() > 1;
        int headerLength = IdxImages.headerLength(shape);
        ByteBuffer header = headerOf(file, bytes, headerLength);
        checkMagic(
                file,
                header.getInt(),
                planes ? IMAGES4_MAGIC : IMAGES_MAGIC,
                planes
                        ? "images of " + shape.channels() + " channels (4 dimensions of unsigned bytes)"
                        : "images (3 dimensions of unsigned bytes)");
        int count = positive(file, header.getInt(), "image count");
        int channels = planes ? positive(file, header.getInt(), "channels") : 1;
        int rows = positive(file, header.getInt(), "rows");
        int cols = positive(file, header.getInt(), "columns");
        if (rows != shape.height() || cols != shape.width() || channels != shape.channels()) {
            throw new InvalidIdxFileException(
                    file,
                    "images are " + cols + "x" + rows + " with " + channels + (channels == 1 ? " channel" : " channels")
                            + ", but " + shape + " is required");
        }
        checkLength(file, bytes.length, headerLength + (long) count * shape.size());
        return new IdxImages(count, shape, bytes);
    }

    /** Reads a labels file of MNIST's ten classes. */
    public static IdxLabels readLabels(Path file) throws IOException {
        return readLabels(file, Dataset.CLASSES);
    }

    /** Reads a labels file whose labels must lie in 0 to {@code classes - 1}. */
    public static IdxLabels readLabels(Path file, int classes) throws IOException {
        return parseLabels(file, readBounded(file), classes);
    }

    /** Checks and wraps a labels file's bytes already in memory; {@code file} names them in errors. */
    static IdxLabels parseLabels(Path file, byte[] bytes, int classes) throws InvalidIdxFileException {
        ByteBuffer header = headerOf(file, bytes, 8);
        checkMagic(file, header.getInt(), LABELS_MAGIC, "labels (1 dimension of unsigned bytes)");
        int count = positive(file, header.getInt(), "label count");
        checkLength(file, bytes.length, 8L + count);
        for (int i = 0; i < count; i++) {
            int label = bytes[8 + i] & 0xff;
            if (label >= classes) {
                throw new InvalidIdxFileException(
                        file,
                        "label " + label + " at index " + i + " is out of range; labels must be 0.." + (classes - 1));
            }
        }
        return new IdxLabels(count, bytes);
    }

    /** An images file's bytes: the header for {@code shape}, then the images as they lie in {@code pixels}. */
    public static byte[] imagesFile(ImageShape shape, int count, byte[] pixels) {
        boolean planes = shape.channels() > 1;
        ByteBuffer b = ByteBuffer.allocate(IdxImages.headerLength(shape) + pixels.length);
        b.putInt(planes ? IMAGES4_MAGIC : IMAGES_MAGIC).putInt(count);
        if (planes) {
            b.putInt(shape.channels());
        }
        b.putInt(shape.height()).putInt(shape.width()).put(pixels);
        return b.array();
    }

    /** A labels file's bytes. */
    public static byte[] labelsFile(byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length)
                .putInt(LABELS_MAGIC)
                .putInt(labels.length)
                .put(labels)
                .array();
    }

    private static byte[] readBounded(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidIdxFileException(
                    file,
                    "file is " + size + " bytes, more than the " + MAX_FILE_BYTES
                            + " bytes any IDX file of this kind can have");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes((int) size + 1);
        }
    }

    private static ByteBuffer headerOf(Path file, byte[] bytes, int headerLength) throws InvalidIdxFileException {
        if (bytes.length < headerLength) {
            throw new InvalidIdxFileException(
                    file, "file is " + bytes.length + " bytes, shorter than the " + headerLength + "-byte IDX header");
        }
        return ByteBuffer.wrap(bytes, 0, headerLength); // big-endian, as IDX is
    }

    private static void checkMagic(Path file, int found, int expected, String what) throws InvalidIdxFileException {
        if (found != expected) {
            throw new InvalidIdxFileException(
                    file,
                    String.format("magic number is 0x%08X, but 0x%08X is expected for %s", found, expected, what));
        }
    }

    private static int positive(Path file, int value, String what) throws InvalidIdxFileException {
        if (value <= 0) {
            throw new InvalidIdxFileException(file, what + " in the header is " + value + ", but must be positive");
        }
        return value;
    }

    private static void checkLength(Path file, long actual, long expected) throws InvalidIdxFileException {
        if (actual != expected) {
            throw new InvalidIdxFileException(
                    file,
                    "file is " + actual + " bytes, but its header declares " + expected + " bytes ("
                            + (actual < expected ? "truncated" : "trailing data") + ")");
        }
    }
}
