package io.github.mnistgate.mnist.bench;

import io.github.mnistgate.mnist.model.MeasuredPooling;
import io.github.mnistgate.mnist.util.NativeBackend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;

/**
 * Max pooling 2x2/2 alone on the notebook CNN's shapes, forward and backward, on oneDNN's kernel and on libnd4j's
 * (the two {@code MeasuredPooling} chooses between), with a check that both give the same numbers. Usage:
 * {@code PoolingBenchmark <threads>}; prints one line per shape, kernel and round (two rounds each).
 */
public final class PoolingBenchmark {

    private static final long[] ARGS = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0};
    private static final int REPS = 300;

    public static void main(String[] args) {
        NativeBackend.prepare();
        NativeBackend.threads(Integer.parseInt(args[0]));
        Nd4j.getRandom().setSeed(1);
        for (long[] shape : new long[][] {{64, 32, 26, 26}, {64, 64, 10, 10}, {32, 32, 26, 26}}) {
            INDArray x = Nd4j.rand(DataType.FLOAT, shape);
            INDArray eps = Nd4j.rand(DataType.FLOAT, shape[0], shape[1], shape[2] / 2, shape[3] / 2);
            System.out.println(Arrays.toString(shape) + " same forward: " + forward(x, true).equals(forward(x, false))
                    + ", same backward: " + backward(x, eps, true).equalsWithEps(backward(x, eps, false), 0));
            for (boolean oneDnn : new boolean[] {true, false, true, false}) {
                for (int i = 0; i < 50; i++) { // warm-up
                    forward(x, oneDnn);
                    backward(x, eps, oneDnn);
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < REPS; i++) {
                    forward(x, oneDnn);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < REPS; i++) {
                    backward(x, eps, oneDnn);
                }
                long t2 = System.nanoTime();
                System.out.printf(Locale.ROOT, "%s %s forward %.3f ms backward %.3f ms%n", Arrays.toString(shape),
                        oneDnn ? "oneDNN " : "libnd4j", (t1 - t0) / 1e6 / REPS, (t2 - t1) / 1e6 / REPS);
            }
        }
    }

    private static INDArray forward(INDArray x, boolean oneDnn) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.size(0), x.size(1), x.size(2) / 2, x.size(3) / 2);
        MeasuredPooling.run("maxpool2d", oneDnn, ARGS, out, x);
        return out;
    }

    private static INDArray backward(INDArray x, INDArray eps, boolean oneDnn) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        MeasuredPooling.run("maxpool2d_bp", oneDnn, ARGS, out, x, eps);
        return out;
    }
}
