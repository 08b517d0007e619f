package io.github.mnistgate.mnist.data;

import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Validated unsigned-byte images of an IDX file: {@code [N, rows, columns]} for one channel (MNIST's),
 * {@code [N, channels, rows, columns]} for more, each image channel after channel. The images of a file stay on disk
 * and are read as they are asked for, so a dataset may be larger than the memory; those parsed from bytes already in
 * memory are read from them.
 */
public final class IdxImages {

    /** MNIST's side and pixels per image. */
    public static final int SIDE = 28;

    public static final int PIXELS = SIDE * SIDE;

    /** Where the file's bytes are read from: {@code length} bytes at {@code position} into {@code into}. */
    @FunctionalInterface
    private interface Bytes {
        void read(long position, byte[] into, int offset, int length);
    }

    private final int count;
    private final ImageShape shape;
    private final Bytes bytes;
    private final int header;

    /** MNIST-shaped images behind a 3-dimension header. */
    IdxImages(int count, byte[] bytes) {
        this(count, ImageShape.MNIST, bytes);
    }

    /** Images in the bytes of a whole file, header included. */
    IdxImages(int count, ImageShape shape, byte[] file) {
        this(
                count,
                shape,
                (position, into, offset, length) ->
                        System.arraycopy(file, Math.toIntExact(position), into, offset, length));
    }

    /**
     * Images read from an open file by positional reads, which any number of threads may make at once. Reads, unlike a
     * mapping, leave no file pages in the process's resident memory, which JavaCPP counts against its limit. The channel
     * is closed once these images are unreachable (the JDK registers a cleaner for it).
     */
    IdxImages(int count, ImageShape shape, FileChannel channel, Path file) {
        this(count, shape, (position, into, offset, length) -> {
            ByteBuffer target = ByteBuffer.wrap(into, offset, length);
            try {
                while (target.hasRemaining()) {
                    if (channel.read(target, position + target.position() - offset) < 0) {
                        throw new IOException("the file ended early: was it changed while the build read it?");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        });
    }

    private IdxImages(int count, ImageShape shape, Bytes bytes) {
        this.count = count;
        this.shape = shape;
        this.bytes = bytes;
        this.header = headerLength(shape);
    }

    /** 16 bytes for one channel (magic, count, rows, columns), 20 with the channels as a dimension of their own. */
    static int headerLength(ImageShape shape) {
        return shape.channels() == 1 ? 16 : 20;
    }

    public int count() {
        return count;
    }

    public ImageShape shape() {
        return shape;
    }

    /** Bytes per image. */
    public int size() {
        return shape.size();
    }

    /** Image {@code i}'s values (channel after channel, each row-major), 0..255 as unsigned bytes. */
    public byte[] image(int i) {
        byte[] out = new byte[size()];
        read(i, 1, out, 0);
        return out;
    }

    /**
     * Copies the {@code n} images from {@code first} on, one after the other, into {@code into} at {@code offset}.
     *
     * @throws UncheckedIOException naming the file, when it cannot be read
     */
    public void read(int first, int n, byte[] into, int offset) {
        if (first < 0 || n < 0 || first + n > count) {
            throw new IndexOutOfBoundsException("images " + first + " to " + (first + n) + " of " + count);
        }
        bytes.read(header + (long) first * size(), into, offset, n * size());
    }
}
