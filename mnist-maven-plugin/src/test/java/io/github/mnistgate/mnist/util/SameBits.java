package io.github.mnistgate.mnist.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exact comparison of arrays. {@code INDArray.equals} allows a difference of 1e-5, which would hide a change of
 * arithmetic; these compare every float's bits.
 */
public final class SameBits {

    private SameBits() {}

    public static void assertSameBits(INDArray expected, INDArray actual, String message) {
        assertArrayEquals(expected.shape(), actual.shape(), message + " (shape)");
        assertArrayEquals(bits(expected), bits(actual), message);
    }

    public static void assertSameBits(INDArray expected, INDArray actual) {
        assertSameBits(expected, actual, "arrays differ");
    }

    private static int[] bits(INDArray a) {
        float[] values = a.dup('c').data().asFloat();
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
