package io.github.mnistgate.mnist.bench;

import io.github.mnistgate.mnist.model.MeasuredPooling;
import io.github.mnistgate.mnist.model.MeasuredPooling.Kernel;
import io.github.mnistgate.mnist.util.NativeBackend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;

/**
 * Max pooling 2x2/2 alone on the notebook CNN's shapes, forward and backward, on oneDNN's kernel, on libnd4j's and
 * (backward only) on the plugin's Java kernel: the candidates {@code MeasuredPooling} chooses between, with a check
 * that all give the same bits. Usage: {@code PoolingBenchmark <threads>}; prints one line per shape, kernel and
 * round (two rounds each).
 */
public final class PoolingBenchmark {

    private static final long[] ARGS = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 0};
    private static final int REPS = 300;

    public static void main(String[] args) {
        NativeBackend.prepare();
        NativeBackend.threads(Integer.parseInt(args[0]));
        Nd4j.getRandom().setSeed(1);
        Kernel[] kernels = {Kernel.ONEDNN, Kernel.LIBND4J, Kernel.JAVA, Kernel.ONEDNN, Kernel.LIBND4J, Kernel.JAVA};
        for (long[] shape : new long[][] {{64, 32, 26, 26}, {64, 64, 10, 10}, {32, 32, 26, 26}, {32, 64, 11, 11}}) {
            // After ReLU, as in the network: about half the inputs are zero, so windows tie.
            INDArray x = Nd4j.randn(DataType.FLOAT, shape).subi(0.2f);
            x = Transforms.relu(x, false);
            INDArray eps = Nd4j.randn(DataType.FLOAT, shape[0], shape[1], shape[2] / 2, shape[3] / 2);
            INDArray libnd4j = checkedBackward(x, eps, Kernel.LIBND4J);
            System.out.println(Arrays.toString(shape) + " same forward: "
                    + forward(x, Kernel.ONEDNN).dup().equals(forward(x, Kernel.LIBND4J))
                    + ", same backward bits: oneDNN " + sameBits(libnd4j, checkedBackward(x, eps, Kernel.ONEDNN))
                    + ", Java " + sameBits(libnd4j, checkedBackward(x, eps, Kernel.JAVA)));
            for (Kernel kernel : kernels) {
                boolean forwardToo = kernel != Kernel.JAVA;
                for (int i = 0; i < 50; i++) { // warm-up
                    if (forwardToo) {
                        forward(x, kernel);
                    }
                    backward(x, eps, kernel);
                }
                long t0 = System.nanoTime();
                for (int i = 0; forwardToo && i < REPS; i++) {
                    forward(x, kernel);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < REPS; i++) {
                    backward(x, eps, kernel);
                }
                long t2 = System.nanoTime();
                System.out.printf(Locale.ROOT, "%s %-7s forward %s backward %.3f ms%n", Arrays.toString(shape), kernel,
                        forwardToo ? String.format(Locale.ROOT, "%.3f ms", (t1 - t0) / 1e6 / REPS) : "-", (t2 - t1) / 1e6 / REPS);
            }
        }
    }

    private static boolean sameBits(INDArray a, INDArray b) {
        float[] x = a.data().asFloat();
        float[] y = b.data().asFloat();
        for (int i = 0; i < x.length; i++) {
            if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                return false;
            }
        }
        return x.length == y.length;
    }

    // One output array per shape and direction, reused as training's workspaces reuse theirs: a fresh array every
    // call would time the kernel's page faults as well.
    private static final Map<String, INDArray> OUTPUTS = new HashMap<>();

    private static INDArray output(String direction, long... shape) {
        return OUTPUTS.computeIfAbsent(direction + Arrays.toString(shape), k -> Nd4j.createUninitialized(DataType.FLOAT, shape));
    }

    private static INDArray forward(INDArray x, Kernel kernel) {
        INDArray out = output("forward", x.size(0), x.size(1), x.size(2) / 2, x.size(3) / 2);
        MeasuredPooling.run(kernel, "maxpool2d", ARGS, out, x);
        return out;
    }

    private static INDArray backward(INDArray x, INDArray eps, Kernel kernel) {
        INDArray out = output("backward", x.shape());
        MeasuredPooling.run(kernel, "maxpool2d_bp", ARGS, out, x, eps);
        return out;
    }

    /** The backward pass into an output filled with NaN first: what a kernel leaves unwritten fails the comparison. */
    private static INDArray checkedBackward(INDArray x, INDArray eps, Kernel kernel) {
        output("backward", x.shape()).assign(Float.NaN);
        return backward(x, eps, kernel).dup();
    }
}
