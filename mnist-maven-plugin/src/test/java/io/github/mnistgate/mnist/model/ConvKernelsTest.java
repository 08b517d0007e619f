package io.github.mnistgate.mnist.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.mnistgate.mnist.model.ConvKernels.Window;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The patch loops against a naive reference that reads every window position one by one, padding included. */
class ConvKernelsTest {

    private static final int N = 3;

    /** {@code same} for DL4J's same mode, else valid. */
    private static Window window(int channels, int height, int width, int k, int s, boolean same) {
        int[] kernel = {k, k};
        int[] stride = {s, s};
        return same
                ? Window.same(channels, height, width, kernel, stride)
                : Window.of(channels, height, width, kernel, stride);
    }

    /** The number the window at output (y, x) of example e reads at kernel element (c, i, j): 0 beyond the image. */
    private static float naive(float[] in, Window w, int e, int c, int i, int j, int y, int x) {
        int iy = y * w.sh() + i - w.padTop();
        int ix = x * w.sw() + j - w.padLeft();
        if (iy < 0 || iy >= w.height() || ix < 0 || ix >= w.width()) {
            return 0f;
        }
        return in[((c * N + e) * w.height() + iy) * w.width() + ix];
    }

    @ParameterizedTest(name = "{0}x{1}x{2}, kernel {3}, stride {4}, same {5}")
    @CsvSource({
        "1, 28, 28, 3, 1, false",
        "3, 9, 7, 3, 2, false",
        "2, 28, 28, 3, 1, true",
        "3, 13, 11, 4, 2, true",
        "2, 10, 10, 5, 3, true",
        "1, 5, 5, 1, 2, true",
        "2, 4, 6, 7, 1, true"
    })
    void patchesReadEveryWindowPositionAndAddPatchesIsTheirAdjoint(
            int channels, int height, int width, int k, int s, boolean same) {
        Window w = window(channels, height, width, k, s, same);
        if (same) {
            assertEquals((height + s - 1) / s, w.outHeight());
            assertEquals((width + s - 1) / s, w.outWidth());
        }
        Random random = new Random(7);
        float[] in = new float[channels * N * height * width];
        for (int i = 0; i < in.length; i++) {
            in[i] = random.nextFloat() - 0.5f;
        }
        int positions = w.positions(N);
        float[] patches = new float[w.patch() * positions];
        java.util.Arrays.fill(patches, Float.NaN); // every number must be written
        ConvKernels.patches(in, w, N, patches);
        float[] expected = new float[patches.length];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    int row = ((c * k + i) * k + j) * positions;
                    for (int e = 0; e < N; e++) {
                        for (int y = 0; y < w.outHeight(); y++) {
                            for (int x = 0; x < w.outWidth(); x++) {
                                expected[row + (e * w.outHeight() + y) * w.outWidth() + x] =
                                        naive(in, w, e, c, i, j, y, x);
                            }
                        }
                    }
                }
            }
        }
        assertArrayEquals(expected, patches);

        // The adjoint: <patches(x), p> = <x, addPatches(p)> for any p, which holds only if every patch gradient lands
        // on the input number it was read from, and none on the padding.
        float[] p = new float[patches.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextFloat() - 0.5f;
        }
        float[] back = new float[in.length];
        ConvKernels.addPatches(p, w, N, back);
        double left = 0;
        for (int i = 0; i < p.length; i++) {
            left += (double) patches[i] * p[i];
        }
        double right = 0;
        for (int i = 0; i < in.length; i++) {
            right += (double) in[i] * back[i];
        }
        assertEquals(left, right, 1e-4 * Math.max(1, Math.abs(left)));
    }

    @ParameterizedTest(name = "{0}x{1}x{2}, window {3}, stride {4}")
    @CsvSource({"1, 28, 28, 2, 2", "3, 9, 7, 3, 2", "2, 6, 6, 2, 1", "2, 7, 9, 3, 3"})
    void averagePoolingIsEachWindowsMeanAndItsBackpropItsAdjoint(int channels, int height, int width, int k, int s) {
        Window w = window(channels, height, width, k, s, false);
        Random random = new Random(11);
        float[] in = new float[channels * N * height * width];
        for (int i = 0; i < in.length; i++) {
            in[i] = random.nextFloat() - 0.5f;
        }
        float[] out = new float[channels * N * w.outHeight() * w.outWidth()];
        ConvKernels.avgPool(in, w, channels * N, out);
        for (int c = 0; c < channels; c++) {
            for (int e = 0; e < N; e++) {
                for (int y = 0; y < w.outHeight(); y++) {
                    for (int x = 0; x < w.outWidth(); x++) {
                        double sum = 0;
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                sum += naive(in, w, e, c, i, j, y, x);
                            }
                        }
                        int o = ((c * N + e) * w.outHeight() + y) * w.outWidth() + x;
                        assertEquals(sum / (k * k), out[o], 1e-6, "window " + o);
                    }
                }
            }
        }
        float[] g = new float[out.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = random.nextFloat() - 0.5f;
        }
        float[] back = new float[in.length];
        java.util.Arrays.fill(back, Float.NaN); // every number must be written
        ConvKernels.avgPoolBack(g, w, channels * N, back);
        double left = 0;
        for (int i = 0; i < g.length; i++) {
            left += (double) out[i] * g[i];
        }
        double right = 0;
        for (int i = 0; i < in.length; i++) {
            right += (double) in[i] * back[i];
        }
        assertEquals(left, right, 1e-5 * Math.max(1, Math.abs(left)));
    }
}
