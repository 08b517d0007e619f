package io.github.mnistgate.mnist.data;

import io.github.mnistgate.runtime.ImageShape;

/**
 * Validated unsigned-byte images as read from an IDX file, header included: {@code [N, rows, columns]} for one
 * channel (MNIST's), {@code [N, channels, rows, columns]} for more, each image channel after channel.
 */
public final class IdxImages {

    /** MNIST's side and pixels per image. */
    public static final int SIDE = 28;

    public static final int PIXELS = SIDE * SIDE;

    private final int count;
    private final ImageShape shape;
    private final byte[] bytes;
    private final int header;

    /** MNIST-shaped images behind a 3-dimension header. */
    IdxImages(int count, byte[] bytes) {
        this(count, ImageShape.MNIST, bytes);
    }

    IdxImages(int count, ImageShape shape, byte[] bytes) {
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

    /** Value {@code p} (channel after channel, row-major) of image {@code i}, 0..255. */
    public int pixel(int i, int p) {
        return bytes[offset(i) + p] & 0xff;
    }

    /** Offset of image {@code i}'s first value in {@link #raw()}. */
    public int offset(int i) {
        return header + i * shape.size();
    }

    /** The file's bytes, header included; not copied, do not modify. */
    public byte[] raw() {
        return bytes;
    }
}
