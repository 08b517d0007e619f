package io.github.mnistgate.mnist.data;

/** Validated 28x28 unsigned-byte images as read from an IDX file, header included. */
public final class IdxImages {

    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    private static final int HEADER = 16;

    private final int count;
    private final byte[] bytes;

    IdxImages(int count, byte[] bytes) {
        this.count = count;
        this.bytes = bytes;
    }

    public int count() {
        return count;
    }

    /** Pixel {@code p} (row-major) of image {@code i}, 0..255. */
    public int pixel(int i, int p) {
        return bytes[HEADER + i * PIXELS + p] & 0xff;
    }

    /** Offset of image {@code i}'s first pixel in {@link #raw()}. */
    public int offset(int i) {
        return HEADER + i * PIXELS;
    }

    /** The file's bytes, header included; not copied, do not modify. */
    public byte[] raw() {
        return bytes;
    }
}
