package io.github.mnistgate.mnist.bench;

import io.github.mnistgate.mnist.util.NativeBackend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Locale;

/**
 * The notebook CNN's three convolutions alone, forward and backward, on oneDNN's kernels and on libnd4j's own
 * (im2col and a matrix product), with a check that both give the same numbers. Usage:
 * {@code ConvolutionBenchmark <threads> <batch>}; prints one line per layer, kernel and round (two rounds each).
 * The outputs are made anew for every call, as libnd4j's own path would; so the absolute times include the page
 * faults of fresh memory, and only the comparison of the two kernels is meant.
 */
public final class ConvolutionBenchmark {

    private static final long[] ARGS = {3, 3, 1, 1, 0, 0, 1, 1, 0, 0};
    private static final int REPS = 200;

    public static void main(String[] args) {
        NativeBackend.prepare();
        NativeBackend.threads(Integer.parseInt(args[0]));
        int batch = Integer.parseInt(args[1]);
        Nd4j.getRandom().setSeed(1);
        for (long[] layer : new long[][] {{1, 32, 28}, {32, 64, 13}, {64, 64, 5}}) { // in, out channels; size
            long out = layer[2] - 2;
            INDArray x = Nd4j.rand(DataType.FLOAT, batch, layer[0], layer[2], layer[2]);
            INDArray w = Nd4j.rand(DataType.FLOAT, layer[1], layer[0], 3, 3).subi(0.5).permute(2, 3, 1, 0);
            INDArray b = Nd4j.rand(DataType.FLOAT, layer[1]);
            INDArray eps = Nd4j.rand(DataType.FLOAT, batch, layer[1], out, out);
            INDArray[] f1 = forward(x, w, b, true), f2 = forward(x, w, b, false);
            INDArray[] b1 = backward(x, w, b, eps, true), b2 = backward(x, w, b, eps, false);
            System.out.printf(Locale.ROOT, "%d->%d at %d: forward differs by %.2e, gradients by %.2e %.2e %.2e%n",
                    layer[0], layer[1], layer[2], diff(f1[0], f2[0]), diff(b1[0], b2[0]), diff(b1[1], b2[1]), diff(b1[2], b2[2]));
            for (boolean oneDnn : new boolean[] {true, false, true, false}) {
                for (int i = 0; i < 20; i++) {
                    forward(x, w, b, oneDnn);
                    backward(x, w, b, eps, oneDnn);
                }
                long t0 = System.nanoTime();
                for (int i = 0; i < REPS; i++) {
                    forward(x, w, b, oneDnn);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < REPS; i++) {
                    backward(x, w, b, eps, oneDnn);
                }
                long t2 = System.nanoTime();
                System.out.printf(Locale.ROOT, "%d->%d at %d, batch %d, %s forward %.3f ms backward %.3f ms%n", layer[0],
                        layer[1], layer[2], batch, oneDnn ? "oneDNN " : "libnd4j", (t1 - t0) / 1e6 / REPS, (t2 - t1) / 1e6 / REPS);
            }
        }
    }

    private static double diff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / Math.max(1e-30, a.amaxNumber().doubleValue());
    }

    private static INDArray[] forward(INDArray x, INDArray w, INDArray b, boolean oneDnn) {
        long o = x.size(2) - 2;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, x.size(0), w.size(3), o, o);
        exec("conv2d", oneDnn, new INDArray[] {x, w, b}, new INDArray[] {out});
        return new INDArray[] {out};
    }

    private static INDArray[] backward(INDArray x, INDArray w, INDArray b, INDArray eps, boolean oneDnn) {
        INDArray gi = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        INDArray gw = Nd4j.createUninitialized(DataType.FLOAT, w.size(3), w.size(2), 3, 3).permute(2, 3, 1, 0);
        INDArray gb = Nd4j.createUninitialized(DataType.FLOAT, w.size(3));
        exec("conv2d_bp", oneDnn, new INDArray[] {x, w, b, eps}, new INDArray[] {gi, gw, gb});
        return new INDArray[] {gi, gw, gb};
    }

    private static void exec(String op, boolean oneDnn, INDArray[] in, INDArray[] out) {
        try (OpContext context = Nd4j.getExecutioner().buildContext()) {
            context.setInputArrays(in);
            context.setOutputArrays(out);
            context.setIArguments(ARGS);
            context.allowHelpers(oneDnn);
            Nd4j.getExecutioner().exec(DynamicCustomOp.builder(op).build(), context);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
