package io.github.mnistgate.mnist.model;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;

/**
 * The loops of a convolution network's passes over images on the Java heap, as {@link InferencePass} and the
 * training's convolution step run them. Images lie channel by channel, each channel's plane of every example one
 * after another ({@code [channels, n, height, width]}), the layout a convolution's product writes. A convolution's
 * patches lie one row per kernel element (channel, row, column) and one column per output position (example, y, x):
 * as a column-major matrix {@code [positions, kernel elements]} they are DL4J's im2col matrix.
 */
public final class ConvKernels {

    private ConvKernels() {}

    /**
     * Whether these loops take a DL4J convolution's or pooling's geometry: valid (truncating) mode, or {@code same}
     * where {@code same} is allowed (convolutions), NCHW, no explicit padding, no dilation.
     */
    public static boolean takes(ConvolutionMode mode, CNN2DFormat format, int[] padding, int[] dilation, boolean same) {
        return (mode == ConvolutionMode.Truncate || (same && mode == ConvolutionMode.Same))
                && format == CNN2DFormat.NCHW
                && Arrays.stream(padding).allMatch(p -> p == 0)
                && Arrays.stream(dilation).allMatch(d -> d == 1);
    }

    /**
     * A window's size and stride, and the image it slides over, with the zeros padded above and to the left
     * ({@code padTop}, {@code padLeft}) and the output's size; below and to the right the padding is what the output
     * size leaves.
     */
    public record Window(
            int channels,
            int height,
            int width,
            int kh,
            int kw,
            int sh,
            int sw,
            int padTop,
            int padLeft,
            int outHeight,
            int outWidth) {

        /** Without padding: as many positions as fit. */
        public Window(int channels, int height, int width, int kh, int kw, int sh, int sw) {
            this(channels, height, width, kh, kw, sh, sw, 0, 0, (height - kh) / sh + 1, (width - kw) / sw + 1);
        }

        /** DL4J's kernel size and stride ({@code [rows, columns]}) over {@code channels x height x width}. */
        public static Window of(int channels, int height, int width, int[] kernel, int[] stride) {
            return new Window(channels, height, width, kernel[0], kernel[1], stride[0], stride[1]);
        }

        /**
         * DL4J's {@code same} mode: {@code ceil(size / stride)} positions, the padding split with the smaller half above
         * and to the left ({@code ConvolutionUtils.getSameModeTopLeftPadding}).
         */
        public static Window same(int channels, int height, int width, int[] kernel, int[] stride) {
            int oh = (height + stride[0] - 1) / stride[0];
            int ow = (width + stride[1] - 1) / stride[1];
            int top = Math.max(0, ((oh - 1) * stride[0] + kernel[0] - height) / 2);
            int left = Math.max(0, ((ow - 1) * stride[1] + kernel[1] - width) / 2);
            return new Window(channels, height, width, kernel[0], kernel[1], stride[0], stride[1], top, left, oh, ow);
        }

        /** Whether the window fits the image. */
        public boolean fits() {
            return kh <= height && kw <= width;
        }

        /** Whether it reads zeros beyond the image. */
        public boolean padded() {
            return padTop > 0 || padLeft > 0 || (outHeight - 1) * sh + kh > height || (outWidth - 1) * sw + kw > width;
        }

        /** Numbers per kernel position: channels times the window's area. */
        public int patch() {
            return channels * kh * kw;
        }

        /** Output positions of {@code n} examples. */
        public int positions(int n) {
            return n * outHeight * outWidth;
        }

        /** The first output column whose input column {@code x * sw + j - padLeft} lies in the image. */
        int firstColumn(int j) {
            int from = padLeft - j;
            return from <= 0 ? 0 : (from + sw - 1) / sw;
        }

        /** One past the last such column. */
        int endColumn(int j) {
            int last = width - 1 - j + padLeft;
            return last < 0 ? 0 : Math.min(outWidth, last / sw + 1);
        }
    }

    /** {@code patches} of {@code n} examples of {@code in}: each row a strided copy of the input. */
    public static void patches(float[] in, Window w, int n, float[] patches) {
        if (w.padded()) {
            paddedPatches(in, w, n, patches);
            return;
        }
        int positions = w.positions(n);
        int plane = w.height() * w.width();
        int oh = w.outHeight();
        int ow = w.outWidth();
        for (int c = 0; c < w.channels(); c++) {
            for (int i = 0; i < w.kh(); i++) {
                for (int j = 0; j < w.kw(); j++) {
                    int row = ((c * w.kh() + i) * w.kw() + j) * positions;
                    for (int e = 0; e < n; e++) {
                        int source = (c * n + e) * plane + i * w.width() + j;
                        for (int y = 0; y < oh; y++) {
                            int from = source + y * w.sh() * w.width();
                            int to = row + (e * oh + y) * ow;
                            if (w.sw() == 1) {
                                System.arraycopy(in, from, patches, to, ow);
                            } else {
                                for (int x = 0; x < ow; x++) {
                                    patches[to + x] = in[from + x * w.sw()];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** As {@link #patches}, with zeros where the window reaches beyond the image. */
    private static void paddedPatches(float[] in, Window w, int n, float[] patches) {
        int positions = w.positions(n);
        int plane = w.height() * w.width();
        int oh = w.outHeight();
        int ow = w.outWidth();
        for (int c = 0; c < w.channels(); c++) {
            for (int i = 0; i < w.kh(); i++) {
                for (int j = 0; j < w.kw(); j++) {
                    int row = ((c * w.kh() + i) * w.kw() + j) * positions;
                    int x0 = w.firstColumn(j);
                    int x1 = w.endColumn(j);
                    for (int e = 0; e < n; e++) {
                        for (int y = 0; y < oh; y++) {
                            int to = row + (e * oh + y) * ow;
                            int iy = y * w.sh() + i - w.padTop();
                            if (iy < 0 || iy >= w.height() || x0 >= x1) {
                                Arrays.fill(patches, to, to + ow, 0f);
                                continue;
                            }
                            Arrays.fill(patches, to, to + x0, 0f);
                            Arrays.fill(patches, to + x1, to + ow, 0f);
                            int from = (c * n + e) * plane + iy * w.width() + j - w.padLeft();
                            for (int x = x0; x < x1; x++) {
                                patches[to + x] = in[from + x * w.sw()];
                            }
                        }
                    }
                }
            }
        }
    }

    /** The reverse of {@link #patches}: each patch gradient added onto {@code in}, which the caller has zeroed. */
    public static void addPatches(float[] patches, Window w, int n, float[] in) {
        if (w.padded()) {
            addPaddedPatches(patches, w, n, in);
            return;
        }
        int positions = w.positions(n);
        int plane = w.height() * w.width();
        int oh = w.outHeight();
        int ow = w.outWidth();
        for (int c = 0; c < w.channels(); c++) {
            for (int i = 0; i < w.kh(); i++) {
                for (int j = 0; j < w.kw(); j++) {
                    int row = ((c * w.kh() + i) * w.kw() + j) * positions;
                    for (int e = 0; e < n; e++) {
                        int target = (c * n + e) * plane + i * w.width() + j;
                        for (int y = 0; y < oh; y++) {
                            int to = target + y * w.sh() * w.width();
                            int from = row + (e * oh + y) * ow;
                            if (w.sw() == 1) {
                                for (int x = 0; x < ow; x++) { // contiguous: the JIT vectorises it
                                    in[to + x] += patches[from + x];
                                }
                            } else {
                                for (int x = 0; x < ow; x++) {
                                    in[to + x * w.sw()] += patches[from + x];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** As {@link #addPatches}, leaving out what fell on the padding, whose gradient nobody reads. */
    private static void addPaddedPatches(float[] patches, Window w, int n, float[] in) {
        int positions = w.positions(n);
        int plane = w.height() * w.width();
        int oh = w.outHeight();
        int ow = w.outWidth();
        for (int c = 0; c < w.channels(); c++) {
            for (int i = 0; i < w.kh(); i++) {
                for (int j = 0; j < w.kw(); j++) {
                    int row = ((c * w.kh() + i) * w.kw() + j) * positions;
                    int x0 = w.firstColumn(j);
                    int x1 = w.endColumn(j);
                    for (int e = 0; e < n; e++) {
                        for (int y = 0; y < oh; y++) {
                            int iy = y * w.sh() + i - w.padTop();
                            if (iy < 0 || iy >= w.height()) {
                                continue;
                            }
                            int to = (c * n + e) * plane + iy * w.width() + j - w.padLeft();
                            int from = row + (e * oh + y) * ow;
                            for (int x = x0; x < x1; x++) {
                                in[to + x * w.sw()] += patches[from + x];
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Max pooling of {@code planes} planes: each window's first largest number (libnd4j's comparisons), and where
     * it lies in {@code in} when {@code argmax} is not null, for backprop.
     */
    public static void maxPool(float[] in, Window w, int planes, float[] out, int[] argmax) {
        if (argmax != null && w.kh() == 2 && w.kw() == 2 && w.sh() == 2 && w.sw() == 2) {
            maxPoolPairsWithPositions(in, w, planes, out, argmax);
            return;
        }
        int plane = w.height() * w.width();
        int oh = w.outHeight();
        int ow = w.outWidth();
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int corner = p * plane + y * w.sh() * w.width() + x * w.sw();
                    int at = corner;
                    for (int i = 0; i < w.kh(); i++) {
                        for (int j = 0; j < w.kw(); j++) {
                            int k = corner + i * w.width() + j;
                            if (in[k] > in[at]) {
                                at = k;
                            }
                        }
                    }
                    int o = (p * oh + y) * ow + x;
                    out[o] = in[at];
                    if (argmax != null) {
                        argmax[o] = at;
                    }
                }
            }
        }
    }

    /**
     * 2x2 windows at a stride of 2 with positions, the cnn's: the same first largest number, found without a branch.
     * Comparisons of random numbers mispredict, and the JIT compiles a float selection to a branch, so the larger of
     * two numbers is told by the sign bit of their difference: negative exactly where the second is larger (equal
     * numbers subtract to +0, once -0 is made +0, so the first is kept). The comparisons took 17% of a training
     * epoch's CPU time, 10% unrolled into selections, and still 15.8% of a step (8.6 ns a pooled number) before the
     * bits (bench/README.md, steps 19 and 20).
     */
    private static void maxPoolPairsWithPositions(float[] in, Window w, int planes, float[] out, int[] argmax) {
        int width = w.width();
        int oh = w.outHeight();
        int ow = w.outWidth();
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < oh; y++) {
                int top = p * w.height() * width + 2 * y * width;
                int row = (p * oh + y) * ow;
                for (int x = 0; x < ow; x++) {
                    int c = top + 2 * x;
                    // + 0f makes -0 +0, so that equal numbers subtract to +0 and the first is kept
                    float upperLeft = in[c] + 0f;
                    float upperRight = in[c + 1] + 0f;
                    float lowerLeft = in[c + width] + 0f;
                    float lowerRight = in[c + width + 1] + 0f;
                    int upperAt = c + (Float.floatToRawIntBits(upperLeft - upperRight) >>> 31);
                    int lowerAt = c + width + (Float.floatToRawIntBits(lowerLeft - lowerRight) >>> 31);
                    int lowerWins = Float.floatToRawIntBits((in[upperAt] + 0f) - (in[lowerAt] + 0f)) >> 31; // 0 or -1
                    int at = upperAt + ((lowerAt - upperAt) & lowerWins);
                    argmax[row + x] = at;
                    out[row + x] = in[at];
                }
            }
        }
    }

    /** Average pooling of {@code planes} planes without padding: each window's sum divided by its size, as DL4J's. */
    public static void avgPool(float[] in, Window w, int planes, float[] out) {
        int plane = w.height() * w.width();
        int oh = w.outHeight();
        int ow = w.outWidth();
        float size = w.kh() * w.kw();
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int corner = p * plane + y * w.sh() * w.width() + x * w.sw();
                    float sum = 0f;
                    for (int i = 0; i < w.kh(); i++) {
                        for (int j = 0; j < w.kw(); j++) {
                            sum += in[corner + i * w.width() + j];
                        }
                    }
                    out[(p * oh + y) * ow + x] = sum / size;
                }
            }
        }
    }

    /** Average pooling's backprop: each window's gradient shared evenly among its numbers, added up where windows overlap. */
    public static void avgPoolBack(float[] gradient, Window w, int planes, float[] in) {
        Arrays.fill(in, 0, planes * w.height() * w.width(), 0f);
        int plane = w.height() * w.width();
        int oh = w.outHeight();
        int ow = w.outWidth();
        float size = w.kh() * w.kw();
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    int corner = p * plane + y * w.sh() * w.width() + x * w.sw();
                    float share = gradient[(p * oh + y) * ow + x] / size;
                    for (int i = 0; i < w.kh(); i++) {
                        for (int j = 0; j < w.kw(); j++) {
                            in[corner + i * w.width() + j] += share;
                        }
                    }
                }
            }
        }
    }

    /**
     * Images to rows, as DL4J's {@code CnnToFeedForwardPreProcessor} lays them out: each example's channel planes in
     * turn, {@code channels * plane} numbers an example.
     */
    public static void toRows(float[] images, int channels, int plane, int n, FloatBuffer rows) {
        for (int c = 0; c < channels; c++) {
            for (int e = 0; e < n; e++) {
                rows.put((e * channels + c) * plane, images, (c * n + e) * plane, plane);
            }
        }
    }

    /** Rows to images: the inverse of {@link #toRows}. */
    public static void fromRows(FloatBuffer rows, int channels, int plane, int n, float[] images) {
        for (int c = 0; c < channels; c++) {
            for (int e = 0; e < n; e++) {
                rows.get((e * channels + c) * plane, images, (c * n + e) * plane, plane);
            }
        }
    }

    /** The sum of {@code values[from, to)} in eight running sums, which the CPU adds side by side. */
    public static float sum(float[] values, int from, int to) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        int i = from;
        for (; i + 8 <= to; i += 8) {
            s0 += values[i];
            s1 += values[i + 1];
            s2 += values[i + 2];
            s3 += values[i + 3];
            s4 += values[i + 4];
            s5 += values[i + 5];
            s6 += values[i + 6];
            s7 += values[i + 7];
        }
        for (; i < to; i++) {
            s0 += values[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * 2x2 windows at a stride of 2 without positions: the larger of two rows, then of two neighbours, as
     * {@code Math.max} (branch-free, which random data needs: comparisons mispredict). It differs from
     * {@link #maxPool} only in a NaN and in the sign of a zero.
     */
    public static void maxPoolPairs(float[] in, Window w, int planes, float[] out) {
        int width = w.width();
        int oh = w.outHeight();
        int ow = w.outWidth();
        float[] rows = new float[width];
        for (int p = 0; p < planes; p++) {
            for (int y = 0; y < oh; y++) {
                int top = p * w.height() * width + 2 * y * width;
                int bottom = top + width;
                for (int x = 0; x < width; x++) {
                    rows[x] = Math.max(in[top + x], in[bottom + x]);
                }
                int row = (p * oh + y) * ow;
                for (int x = 0; x < ow; x++) {
                    out[row + x] = Math.max(rows[2 * x], rows[2 * x + 1]);
                }
            }
        }
    }

    /**
     * {@code values[from, to)} plus {@code bias}, then ReLU where asked, as {@code Math.max(x, 0)}: the JIT vectorises
     * it, where ND4J's {@code x > 0 ? x : 0} is a branch that random signs mispredict (with its backprop, 8% of a
     * training step: bench/README.md, step 20).
     * The two differ only in a NaN, which ND4J makes 0.
     */
    public static void biasAndActivation(float[] values, int from, int to, float bias, boolean relu) {
        if (relu) {
            for (int i = from; i < to; i++) {
                values[i] = Math.max(values[i] + bias, 0f);
            }
        } else {
            for (int i = from; i < to; i++) {
                values[i] += bias;
            }
        }
    }

    /**
     * Batch normalization of one channel's numbers {@code in[from, to)} by its {@code mean} and {@code std}, as
     * DL4J's layer computes it: {@code (x - mean) / std * gamma + beta} into {@code out}, and the normalized
     * {@code (x - mean) / std} into {@code normalized} unless that is null (inference keeps none).
     */
    public static void normalize(
            float[] in,
            float[] normalized,
            float[] out,
            int from,
            int to,
            float mean,
            float std,
            float gamma,
            float beta) {
        for (int i = from; i < to; i++) {
            float x = (in[i] - mean) / std;
            if (normalized != null) {
                normalized[i] = x;
            }
            out[i] = x * gamma + beta;
        }
    }

    /** The sum of {@code a[from, to)} and of {@code a[i] * b[i]} there ({@code b} null: {@code a[i]} squared), in double. */
    public static double[] sums(float[] a, float[] b, int from, int to) {
        double sum = 0;
        double products = 0;
        for (int i = from; i < to; i++) {
            float x = a[i];
            sum += x;
            products += (double) x * (b == null ? x : b[i]);
        }
        return new double[] {sum, products};
    }

    /**
     * Batch normalization's backprop for one channel, from {@code gradient[from, to)} into {@code below}:
     * {@code scale} (gamma over the standard deviation) times the gradient less its minibatch mean
     * {@code meanGradient} and less the normalized number times {@code meanProduct}, the minibatch mean of the
     * gradient times the normalized numbers.
     */
    public static void normalizeBack(
            float[] gradient,
            float[] normalized,
            float[] below,
            int from,
            int to,
            float scale,
            float meanGradient,
            float meanProduct) {
        for (int i = from; i < to; i++) {
            below[i] = scale * (gradient[i] - meanGradient - normalized[i] * meanProduct);
        }
    }

    /**
     * ReLU's backprop: {@code gradient} where ReLU's {@code output} (0 or more) is positive, else 0; by the output's
     * bits, without a branch that random signs would mispredict.
     */
    public static float reluGradient(float output, float gradient) {
        int bits = Float.floatToRawIntBits(output);
        int positive = (bits | -bits) >> 31; // -1 where the bits are not 0: +0 is the only non-positive output
        return Float.intBitsToFloat(Float.floatToRawIntBits(gradient) & positive);
    }
}
