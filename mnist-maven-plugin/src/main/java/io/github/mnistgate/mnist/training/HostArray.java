package io.github.mnistgate.mnist.training;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A float array of ND4J's, reached directly: a pointer for BLAS and a buffer for Java's own loops over the same
 * memory. Only for arrays laid out flat from their first element (made by {@code Nd4j.create}, or a network's
 * flattened parameters and gradients), where an index into the buffer is an index into the array.
 */
final class HostArray {

    final INDArray array;
    final FloatPointer pointer;
    final FloatBuffer floats;

    HostArray(INDArray array) {
        if (!isFlat(array)) {
            throw new IllegalArgumentException(
                    "not a flat float array from its first element: " + array.shapeInfoToString());
        }
        this.array = array;
        this.pointer = new FloatPointer(array.data().addressPointer());
        this.floats = array.data().asNioFloat();
    }

    /** Whether {@code array}'s elements lie in row-major order from the start of its buffer (a vector in either order). */
    static boolean isFlat(INDArray array) {
        return array.dataType() == DataType.FLOAT
                && array.offset() == 0
                && (array.ordering() == 'c' || array.isVector())
                && array.elementWiseStride() == 1
                && array.data().length() == array.length()
                && array.length() < Integer.MAX_VALUE / Float.BYTES;
    }

    /** A pointer to element {@code index}, for BLAS; a new object, so each caller keeps its own. */
    FloatPointer at(long index) {
        return new FloatPointer(pointer).position(pointer.position() + index);
    }
}
