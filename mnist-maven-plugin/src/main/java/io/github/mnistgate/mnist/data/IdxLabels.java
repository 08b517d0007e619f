package io.github.mnistgate.mnist.data;

/** Validated labels (0 to the number of classes less one) as read from an IDX file. */
public final class IdxLabels {

    private static final int HEADER = 8;

    private final int count;
    private final byte[] bytes;

    IdxLabels(int count, byte[] bytes) {
        this.count = count;
        this.bytes = bytes;
    }

    public int count() {
        return count;
    }

    public int label(int i) {
        return bytes[HEADER + i] & 0xff;
    }
}
