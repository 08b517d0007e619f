package io.github.mnistgate.mnist.model;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's own element-wise activations on the compiled path's Java arrays: the numbers are copied into a native array,
 * ND4J runs the activation or its backprop, and the result is copied back. So every activation but ReLU and the
 * identity, which the kernels take in Java, gives DL4J's numbers exactly. One per thread: it reuses its arrays.
 */
public final class NativeActivation {

    /** Two native arrays of each length asked for: the values, and the gradient beside them. */
    private final Map<Integer, INDArray[]> arrays = new HashMap<>();

    /** {@code values[0, length)} through {@code activation}, as DL4J computes it in training. */
    public void forward(IActivation activation, float[] values, int length) {
        INDArray x = load(length, 0, values);
        copyOut(activation.getActivation(x, true), values, length);
    }

    /**
     * The gradient at the activation's input, from its input {@code pre} and the gradient at its output, which it
     * replaces in {@code gradient}; {@code pre} is left as it was.
     */
    public void backward(IActivation activation, float[] pre, float[] gradient, int length) {
        INDArray x = load(length, 0, pre);
        INDArray epsilon = load(length, 1, gradient);
        copyOut(activation.backprop(x, epsilon).getFirst(), gradient, length);
    }

    private INDArray load(int length, int which, float[] values) {
        INDArray array = arrays.computeIfAbsent(length, n ->
                new INDArray[] {Nd4j.create(DataType.FLOAT, n), Nd4j.create(DataType.FLOAT, n)})[which];
        array.data().asNioFloat().put(values, 0, length);
        return array;
    }

    private static void copyOut(INDArray result, float[] values, int length) {
        INDArray flat = result.offset() == 0
                        && result.elementWiseStride() == 1
                        && result.data().length() == length
                        && result.dataType() == DataType.FLOAT
                ? result
                : result.castTo(DataType.FLOAT).dup('c');
        flat.data().asNioFloat().get(values, 0, length);
    }
}
