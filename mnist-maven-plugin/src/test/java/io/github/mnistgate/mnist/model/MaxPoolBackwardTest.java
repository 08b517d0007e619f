package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.util.NativeBackend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static io.github.mnistgate.mnist.util.SameBits.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Java backward pass of max pooling gives libnd4j's bits, in the corner cases too. */
class MaxPoolBackwardTest {

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.prepare();
    }

    /** Inputs full of ties (zeros, as after ReLU, and repeated values), NaN, infinities, -0.0 and the lowest float. */
    private static INDArray awkward(Random random, long... shape) {
        float[] special = {0f, 0f, 0f, -0f, 1f, 1f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
                -Float.MAX_VALUE, Float.MIN_VALUE};
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, random.nextInt(3) == 0 ? special[random.nextInt(special.length)] : (float) random.nextGaussian());
        }
        return a;
    }

    @ParameterizedTest(name = "{0}x{1} input, window {2}, stride {3}")
    @CsvSource({"26, 26, 2, 2", "11, 11, 2, 2", "10, 10, 3, 3", "9, 7, 2, 3", "5, 5, 1, 1", "8, 8, 3, 4"})
    void sameBitsAsLibnd4j(int h, int w, int window, int stride) {
        Random random = new Random(h * 31L + window);
        INDArray x = awkward(random, 3, 4, h, w);
        long oH = (h - window) / stride + 1, oW = (w - window) / stride + 1;
        INDArray eps = awkward(random, 3, 4, oH, oW);
        // A window whose every element is NaN, and one whose every element is -infinity: nothing is greater
        // than the start, and the gradient goes to the window's first element.
        for (int ky = 0; ky < window; ky++) {
            for (int kx = 0; kx < window; kx++) {
                x.putScalar(new long[] {0, 0, ky, kx}, Float.NaN);
                x.putScalar(new long[] {1, 2, ky, kx}, Float.NEGATIVE_INFINITY);
            }
        }
        eps.putScalar(new long[] {2, 3, 0, 0}, -0f);
        long[] args = {window, window, stride, stride, 0, 0, 1, 1, 0, 0, 0};
        INDArray expected = Nd4j.createUninitialized(DataType.FLOAT, x.shape()).assign(Float.NaN);
        MeasuredPooling.run(MeasuredPooling.Kernel.LIBND4J, "maxpool2d_bp", args, expected, x, eps);
        INDArray actual = Nd4j.createUninitialized(DataType.FLOAT, x.shape()).assign(Float.NaN);
        assertTrue(MeasuredPooling.applies(MeasuredPooling.Kernel.JAVA, "maxpool2d_bp", args, actual, x, eps));
        MeasuredPooling.run(MeasuredPooling.Kernel.JAVA, "maxpool2d_bp", args, actual, x, eps);
        assertSameBits(expected, actual, "gradient at the input");
    }

    @Test
    void overlappingWindowsPaddingAndViewsStayWithTheNativeKernels() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        String op = "maxpool2d_bp";
        MeasuredPooling.Kernel java = MeasuredPooling.Kernel.JAVA;
        assertFalse(MeasuredPooling.applies(java, op, new long[] {3, 3, 2, 2, 0, 0, 1, 1, 0, 0, 0}, out, x,
                Nd4j.rand(DataType.FLOAT, 2, 3, 3, 3)), "overlapping windows");
        assertFalse(MeasuredPooling.applies(java, op, new long[] {2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0}, out, x,
                Nd4j.rand(DataType.FLOAT, 2, 3, 5, 5)), "padding");
        assertFalse(MeasuredPooling.applies(java, op, new long[] {2, 2, 2, 2, 0, 0, 1, 1, 1, 0, 0}, out, x,
                Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4)), "same mode");
        assertFalse(MeasuredPooling.applies(java, op, new long[] {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0}, out,
                Nd4j.rand(DataType.FLOAT, 2, 3, 8, 8).permute(0, 1, 3, 2), Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4)),
                "an input that is not laid out flat");
        assertFalse(MeasuredPooling.applies(java, "maxpool2d", new long[] {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0},
                Nd4j.createUninitialized(DataType.FLOAT, 2, 3, 4, 4), x), "the forward pass");
        assertTrue(MeasuredPooling.applies(java, op, new long[] {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0}, out, x,
                Nd4j.rand(DataType.FLOAT, 2, 3, 4, 4)));
    }
}
