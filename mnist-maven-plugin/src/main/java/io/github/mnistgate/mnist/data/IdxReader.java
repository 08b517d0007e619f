package io.github.mnistgate.mnist.data;

import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes IDX files (the format of MNIST and its siblings) and validates everything a later step relies
 * on: the magic number, the dimensions, the exact file length and the label range.
 */
public final class IdxReader {

    /** IDX magic: two zero bytes, the element type (0x08 = unsigned byte), the number of dimensions. */
    static final int IMAGES_MAGIC = 0x00000803;

    static final int LABELS_MAGIC = 0x00000801;
    static final int IMAGES4_MAGIC = 0x00000804;
    /** The largest labels file: its labels are held in one array. */
    static final long MAX_LABELS_BYTES = Integer.MAX_VALUE - 8;

    private IdxReader() {}

    /** Reads an MNIST-shaped images file. */
    public static IdxImages readImages(Path file) throws IOException {
        return readImages(file, ImageShape.MNIST);
    }

    /**
     * Checks an images file whose images must have {@code shape}: its header and its length. A file of up to an eighth
     * of the heap is then read whole, as reading each minibatch's images from the file would cost a small network up
     * to a fifth of its epoch (bench/README.md); a larger one stays on disk, its images read as they are needed
     * ({@link IdxImages}), so it may be larger than the memory.
     */
    public static IdxImages readImages(Path file, ImageShape shape) throws IOException {
        return readImages(file, shape, Runtime.getRuntime().maxMemory() / 8);
    }

    /** As above, reading the file whole when it has at most {@code wholeUpTo} bytes. */
    static IdxImages readImages(Path file, ImageShape shape, long wholeUpTo) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            ByteBuffer header = readFrom(channel, ByteBuffer.allocate(IdxImages.headerLength(shape)));
            long size = channel.size();
            int count = checkImages(file, header.array(), header.position(), size, shape);
            if (size > wholeUpTo) {
                return new IdxImages(count, shape, channel, file);
            }
            ByteBuffer whole = readFrom(channel, ByteBuffer.allocate((int) size));
            channel.close();
            return parseImages(file, whole.array(), shape); // checked again: the file may have changed meanwhile
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Fills {@code buffer} from the start of the file, or up to the file's end; its position is the bytes read. */
    private static ByteBuffer readFrom(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
            // positional reads leave the channel's own position alone
        }
        return buffer;
    }

    /**
     * Checks and wraps an images file's bytes already in memory; {@code file} names them in errors. One channel is
     * {@code [N, rows, columns]} (magic 0x803), more are {@code [N, channels, rows, columns]} (magic 0x804).
     */
    static IdxImages parseImages(Path file, byte[] bytes, ImageShape shape) throws InvalidIdxFileException {
        return new IdxImages(checkImages(file, bytes, bytes.length, bytes.length, shape), shape, bytes);
    }

    /**
     * Checks an images file's header ({@code read} bytes of it in {@code start}) and its length against the shape.
     *
     * @return the number of images
     */
    private static int checkImages(Path file, byte[] start, int read, long length, ImageShape shape)
            throws InvalidIdxFileException {
        boolean planes = shape.channels() > 1;
        int headerLength = IdxImages.headerLength(shape);
        ByteBuffer header = headerOf(file, start, read, headerLength);
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
        checkLength(file, length, headerLength + (long) count * shape.size());
        return count;
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
        ByteBuffer header = headerOf(file, bytes, bytes.length, 8);
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

    /** The header of an images file of {@code count} images of {@code shape}, which the images follow. */
    public static byte[] imagesHeader(ImageShape shape, int count) {
        boolean planes = shape.channels() > 1;
        ByteBuffer b = ByteBuffer.allocate(IdxImages.headerLength(shape));
        b.putInt(planes ? IMAGES4_MAGIC : IMAGES_MAGIC).putInt(count);
        if (planes) {
            b.putInt(shape.channels());
        }
        return b.putInt(shape.height()).putInt(shape.width()).array();
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
        if (size > MAX_LABELS_BYTES) {
            throw new InvalidIdxFileException(
                    file,
                    "file is " + size + " bytes, more than the " + MAX_LABELS_BYTES + " bytes a labels file may have");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes((int) size + 1);
        }
    }

    private static ByteBuffer headerOf(Path file, byte[] bytes, int read, int headerLength)
            throws InvalidIdxFileException {
        if (read < headerLength) {
            throw new InvalidIdxFileException(
                    file, "file is " + read + " bytes, shorter than the " + headerLength + "-byte IDX header");
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
