package io.github.mnistgate.mnist.bench;

import io.github.mnistgate.mnist.util.NativeBackend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
/**
 * What single ND4J ops cost on arrays of the mlp's sizes at batch 32, each timed over 5,000 calls after 2,000 to warm
 * up. Usage: {@code OpCostBenchmark <native threads>}. Prints one line per op, in microseconds per call.
 */
public final class OpCostBenchmark {
    interface Op { void run(); }
    static void time(String name, int n, Op op) {
        for (int i = 0; i < 2000; i++) op.run();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) op.run();
        System.out.printf("%-28s %8.1f us%n", name, (System.nanoTime() - t0) / 1e3 / n);
    }
    public static void main(String[] a) {
        NativeBackend.prepare();
        NativeBackend.threads(Integer.parseInt(a[0]));
        INDArray feats = Nd4j.rand(DataType.FLOAT, 60000, 784);
        int[] rows = new int[32]; for (int i = 0; i < 32; i++) rows[i] = i * 1000 + 7;
        INDArray x = Nd4j.pullRows(feats, 1, rows);
        INDArray w1 = Nd4j.rand(DataType.FLOAT, 784, 128), z1 = Nd4j.create(DataType.FLOAT, 32, 128), b1 = Nd4j.rand(DataType.FLOAT, 1, 128);
        INDArray gw1 = Nd4j.create(DataType.FLOAT, new long[]{784, 128}, 'f');
        INDArray w2 = Nd4j.rand(DataType.FLOAT, 128, 10), z2 = Nd4j.create(DataType.FLOAT, 32, 10);
        INDArray big = Nd4j.rand(DataType.FLOAT, 1, 101770), big2 = Nd4j.rand(DataType.FLOAT, 1, 101770);
        int n = 5000;
        time("pullRows 32x784", n, () -> Nd4j.pullRows(feats, 1, rows));
        time("gemm 32x784 * 784x128", n, () -> Nd4j.gemm(x, w1, z1, false, false, 1.0, 0.0));
        time("gemm x^T * d (784x128)", n, () -> Nd4j.gemm(x, z1, gw1, true, false, 1.0, 0.0));
        time("gemm 32x128 * 128x10", n, () -> Nd4j.gemm(z1, w2, z2, false, false, 1.0, 0.0));
        time("addiRowVector 32x128", n, () -> z1.addiRowVector(b1));
        time("relu 32x128", n, () -> Nd4j.getExecutioner().exec(new org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear(z1, z1, 0.0)));
        time("sum(0) 32x10", n, () -> z2.sum(true, 0));
        time("subi 101770", n, () -> big.subi(big2));
        time("muli 32x128", n, () -> z1.muli(z1));
        time("scalar add small 1x10", n, () -> b1.addi(1.0));
    }
}
