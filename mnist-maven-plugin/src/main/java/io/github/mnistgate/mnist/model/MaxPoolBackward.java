package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.util.HostArray;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.FloatBuffer;

/**
 * Max pooling's backward pass in plain Java, for windows that do not overlap: the third kernel that
 * {@link MeasuredPooling} times. It computes exactly what libnd4j 1.0.0-M2.1's {@code maxpool2d_bp} computes: the
 * gradient goes to the first element of each window that is greater than every earlier one, starting from
 * {@code -Float.MAX_VALUE} (so NaN is never taken and a window with no such element gives it to its first
 * element), added to a zero (so {@code -0.0} arrives as {@code +0.0}); every element no window covers gets zero.
 *
 * <p>libnd4j's loop branches on every comparison, and on the random-looking activations of a network half of
 * those branches are mispredicted. Here the comparisons only choose between integers through masks, which the
 * JIT compiles to conditional moves, so the loop never guesses (bench/README.md, step 16).
 */
final class MaxPoolBackward {

    private static final int LOWEST = Float.floatToRawIntBits(-Float.MAX_VALUE);
    /** Calls so far, for the tests: that a network's own arrays do reach this kernel. */
    static final java.util.concurrent.atomic.LongAdder CALLS = new java.util.concurrent.atomic.LongAdder();

    private MaxPoolBackward() {
    }

    /**
     * Whether this kernel takes the call: NCHW float arrays laid out flat, no padding, no dilation, truncate mode,
     * and strides at least as large as the window, so that each input element is in one window at most.
     *
     * @param args {@code maxpool2d_bp}'s integer arguments: kernel, stride, padding, dilation, same mode
     */
    static boolean applies(long[] args, INDArray input, INDArray epsilon, INDArray output) {
        long kH = args[0], kW = args[1], sH = args[2], sW = args[3];
        if (args[4] != 0 || args[5] != 0 || args[6] != 1 || args[7] != 1 || args[8] != 0 || sH < kH || sW < kW) {
            return false;
        }
        if (input.rank() != 4 || epsilon.rank() != 4 || !HostArray.isFlat(input) || !HostArray.isFlat(epsilon)
                || !HostArray.isFlat(output) || !java.util.Arrays.equals(input.shape(), output.shape())) {
            return false;
        }
        long h = input.size(2), w = input.size(3);
        return h >= kH && w >= kW && epsilon.size(0) == input.size(0) && epsilon.size(1) == input.size(1)
                && epsilon.size(2) == (h - kH) / sH + 1 && epsilon.size(3) == (w - kW) / sW + 1;
    }

    /** Writes the gradient at the input into {@code output}; only for calls that {@link #applies}. */
    static void run(long[] args, INDArray input, INDArray epsilon, INDArray output) {
        CALLS.increment();
        int kH = (int) args[0], kW = (int) args[1], sH = (int) args[2], sW = (int) args[3];
        int planes = (int) (input.size(0) * input.size(1));
        int h = (int) input.size(2), w = (int) input.size(3);
        int oH = (int) epsilon.size(2), oW = (int) epsilon.size(3);
        FloatBuffer x = new HostArray(input).floats;
        FloatBuffer g = new HostArray(epsilon).floats;
        FloatBuffer out = new HostArray(output).floats;
        boolean covered = sH == kH && sW == kW && oH * kH == h && oW * kW == w;
        if (kH == 2 && kW == 2) {
            run2x2(x, g, out, planes, h, w, oH, oW, sH, sW, covered);
            return;
        }
        for (int p = 0; p < planes; p++) {
            int plane = p * h * w;
            if (!covered) {
                zero(out, plane, h * w);
            }
            for (int oy = 0; oy < oH; oy++) {
                for (int ox = 0; ox < oW; ox++) {
                    int first = plane + oy * sH * w + ox * sW;
                    int bestBits = LOWEST;
                    int at = first;
                    for (int ky = 0; ky < kH; ky++) {
                        for (int kx = 0; kx < kW; kx++) {
                            int j = first + ky * w + kx;
                            float v = x.get(j);
                            int greater = v > Float.intBitsToFloat(bestBits) ? -1 : 0;
                            at = (at & ~greater) | (j & greater);
                            bestBits = (bestBits & ~greater) | (Float.floatToRawIntBits(v) & greater);
                        }
                    }
                    int gradient = Float.floatToRawIntBits(g.get((p * oH + oy) * oW + ox) + 0f);
                    for (int ky = 0; ky < kH; ky++) {
                        for (int kx = 0; kx < kW; kx++) {
                            int j = first + ky * w + kx;
                            out.put(j, Float.intBitsToFloat(gradient & same(j, at)));
                        }
                    }
                }
            }
        }
    }

    /** The common 2x2 window, unrolled. */
    private static void run2x2(FloatBuffer x, FloatBuffer g, FloatBuffer out, int planes, int h, int w, int oH,
                               int oW, int sH, int sW, boolean covered) {
        float lowest = -Float.MAX_VALUE;
        for (int p = 0; p < planes; p++) {
            int plane = p * h * w;
            if (!covered) {
                zero(out, plane, h * w);
            }
            int gRow = p * oH * oW;
            for (int oy = 0; oy < oH; oy++, gRow += oW) {
                int top = plane + oy * sH * w;
                for (int ox = 0; ox < oW; ox++) {
                    int a = top + ox * sW, b = a + 1, c = a + w, d = c + 1;
                    float va = x.get(a), vb = x.get(b), vc = x.get(c), vd = x.get(d);
                    // The running maximum, as libnd4j keeps it: start below every number, take only what is greater.
                    // The first element is the choice until a greater one comes, whatever it holds.
                    int m = va > lowest ? -1 : 0;
                    int at = a;
                    float best = Float.intBitsToFloat((LOWEST & ~m) | (Float.floatToRawIntBits(va) & m));
                    m = vb > best ? -1 : 0;
                    at = (at & ~m) | (b & m);
                    best = Float.intBitsToFloat((Float.floatToRawIntBits(best) & ~m) | (Float.floatToRawIntBits(vb) & m));
                    m = vc > best ? -1 : 0;
                    at = (at & ~m) | (c & m);
                    best = Float.intBitsToFloat((Float.floatToRawIntBits(best) & ~m) | (Float.floatToRawIntBits(vc) & m));
                    m = vd > best ? -1 : 0;
                    at = (at & ~m) | (d & m);
                    int gradient = Float.floatToRawIntBits(g.get(gRow + ox) + 0f);
                    out.put(a, Float.intBitsToFloat(gradient & same(a, at)));
                    out.put(b, Float.intBitsToFloat(gradient & same(b, at)));
                    out.put(c, Float.intBitsToFloat(gradient & same(c, at)));
                    out.put(d, Float.intBitsToFloat(gradient & same(d, at)));
                }
            }
        }
    }

    /** -1 (all bits) when two non-negative indices are equal, else 0; without a branch. */
    private static int same(int i, int j) {
        return ((i ^ j) - 1) >> 31;
    }

    private static void zero(FloatBuffer out, int from, int length) {
        for (int i = from; i < from + length; i++) {
            out.put(i, 0f);
        }
    }
}
