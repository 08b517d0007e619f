package io.github.mnistgate.mnist.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads IDX files (the format of MNIST and its siblings) and validates everything a later step relies
 * on: the magic number, the dimensions, the exact file length and the label range.
 */
public final class IdxReader {

    /** IDX magic: two zero bytes, the element type (0x08 = unsigned byte), the number of dimensions. */
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    /** No real IDX file of this family comes near this; anything larger is refused before reading. */
    static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private IdxReader() {
    }

    public static IdxImages readImages(Path file) throws IOException {
        return parseImages(file, readBounded(file));
    }

    /** Checks and wraps an images file's bytes already in memory; {@code file} names them in errors. */
    static IdxImages parseImages(Path file, byte[] bytes) throws InvalidIdxFileException {
        ByteBuffer header = headerOf(file, bytes, 16);
        checkMagic(file, header.getInt(), IMAGES_MAGIC, "images (3 dimensions of unsigned bytes)");
        int count = positive(file, header.getInt(), "image count");
        int rows = positive(file, header.getInt(), "rows");
        int cols = positive(file, header.getInt(), "columns");
        if (rows != IdxImages.SIDE || cols != IdxImages.SIDE) {
            throw new InvalidIdxFileException(file, "images are " + rows + "x" + cols + ", but "
                    + IdxImages.SIDE + "x" + IdxImages.SIDE + " is required");
        }
        checkLength(file, bytes.length, 16L + (long) count * rows * cols);
        return new IdxImages(count, bytes);
    }

    public static IdxLabels readLabels(Path file) throws IOException {
        return parseLabels(file, readBounded(file));
    }

    /** Checks and wraps a labels file's bytes already in memory; {@code file} names them in errors. */
    static IdxLabels parseLabels(Path file, byte[] bytes) throws InvalidIdxFileException {
        ByteBuffer header = headerOf(file, bytes, 8);
        checkMagic(file, header.getInt(), LABELS_MAGIC, "labels (1 dimension of unsigned bytes)");
        int count = positive(file, header.getInt(), "label count");
        checkLength(file, bytes.length, 8L + count);
        for (int i = 0; i < count; i++) {
            int label = bytes[8 + i] & 0xff;
            if (label >= Dataset.CLASSES) {
                throw new InvalidIdxFileException(file, "label " + label + " at index " + i
                        + " is out of range; labels must be 0.." + (Dataset.CLASSES - 1));
            }
        }
        return new IdxLabels(count, bytes);
    }

    private static byte[] readBounded(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new InvalidIdxFileException(file, "file is " + size + " bytes, more than the "
                    + MAX_FILE_BYTES + " bytes any IDX file of this kind can have");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes((int) size + 1);
        }
    }

    private static ByteBuffer headerOf(Path file, byte[] bytes, int headerLength) throws InvalidIdxFileException {
        if (bytes.length < headerLength) {
            throw new InvalidIdxFileException(file, "file is " + bytes.length
                    + " bytes, shorter than the " + headerLength + "-byte IDX header");
        }
        return ByteBuffer.wrap(bytes, 0, headerLength); // big-endian, as IDX is
    }

    private static void checkMagic(Path file, int found, int expected, String what) throws InvalidIdxFileException {
        if (found != expected) {
            throw new InvalidIdxFileException(file, String.format(
                    "magic number is 0x%08X, but 0x%08X is expected for %s", found, expected, what));
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
            throw new InvalidIdxFileException(file, "file is " + actual + " bytes, but its header declares "
                    + expected + " bytes (" + (actual < expected ? "truncated" : "trailing data") + ")");
        }
    }
}
