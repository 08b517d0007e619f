package io.github.mnistgate.mnist.training;

import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The dense step's arithmetic on minibatch-sized arrays, without ND4J's per-op cost: the matrix products straight
 * to OpenBLAS's {@code sgemm} (the library ND4J's own products call), everything elementwise as plain loops in Java,
 * but for activations other than ReLU, which are DL4J's own on the same arrays.
 * Activations and gradients are row-major {@code [examples, units]}; a layer's weights are DL4J's column-major
 * {@code [inputs, units]}, as they lie in the flattened parameters.
 *
 * <p>Why: an ND4J op costs tens of microseconds however small its arrays (bench/README.md, step 12), and a step
 * of the mlp called ND4J for every row gather, bias, activation, loss and sum besides its few products (step 15).
 */
final class DenseKernels {

    private static final int COL_MAJOR = openblas_nolapack.CblasColMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    private DenseKernels() {}

    /** {@code out[n, units] += in[n, inputs] · w}: the caller has put the bias rows into {@code out}. */
    static void forward(FloatPointer in, FloatPointer w, FloatPointer out, int n, int inputs, int units) {
        openblas_nolapack.cblas_sgemm(
                COL_MAJOR, TRANS, NO_TRANS, units, n, inputs, 1f, w, inputs, in, inputs, 1f, out, units);
    }

    /** {@code gradient of w = in[n, inputs]ᵀ · delta[n, units]}, column-major as DL4J keeps it. */
    static void weightGradient(
            FloatPointer in, FloatPointer delta, FloatPointer gradient, int n, int inputs, int units) {
        weightGradient(in, delta, gradient, n, inputs, units, false);
    }

    /** As above, added to what {@code gradient} holds when {@code add}: the sum over several parts of a shard. */
    static void weightGradient(
            FloatPointer in, FloatPointer delta, FloatPointer gradient, int n, int inputs, int units, boolean add) {
        openblas_nolapack.cblas_sgemm(
                COL_MAJOR,
                NO_TRANS,
                TRANS,
                inputs,
                units,
                n,
                1f,
                in,
                inputs,
                delta,
                units,
                add ? 1f : 0f,
                gradient,
                inputs);
    }

    /** {@code back[n, inputs] = delta[n, units] · wᵀ}: the gradient at the layer's input. */
    static void inputGradient(FloatPointer delta, FloatPointer w, FloatPointer back, int n, int inputs, int units) {
        openblas_nolapack.cblas_sgemm(
                COL_MAJOR, NO_TRANS, NO_TRANS, inputs, n, units, 1f, w, inputs, delta, units, 0f, back, inputs);
    }

    /** Each of {@code n} rows of {@code out} set to the {@code units} biases at {@code biasAt} in {@code params}. */
    static void fillRows(FloatBuffer params, int biasAt, FloatBuffer out, int n, int units) {
        for (int j = 0; j < units; j++) {
            float b = params.get(biasAt + j);
            for (int r = 0; r < n; r++) {
                out.put(r * units + j, b);
            }
        }
    }

    /**
     * ReLU, as ND4J's {@code relu} with threshold 0 ({@code x > 0 ? x : 0}), by the number's bits: the JIT compiles that
     * selection to a branch, which random signs mispredict. The two differ only in a NaN, which ND4J makes 0.
     */
    static void relu(FloatBuffer pre, FloatBuffer out, int length) {
        for (int i = 0; i < length; i++) {
            int bits = Float.floatToRawIntBits(pre.get(i));
            out.put(i, Float.intBitsToFloat(bits & ~(bits >> 31))); // 0 where the sign is negative
        }
    }

    /**
     * ReLU's backprop in place, as {@code relu_bp}: the gradient where the pre-activation was positive, else 0; by
     * the bits, as {@link #relu}.
     */
    static void reluBackprop(FloatBuffer pre, FloatBuffer gradient, int length) {
        for (int i = 0; i < length; i++) {
            int bits = Float.floatToRawIntBits(pre.get(i));
            int positive = (-bits & ~bits) >> 31; // -1 where the bits are a positive int: a positive number
            gradient.put(i, Float.intBitsToFloat(Float.floatToRawIntBits(gradient.get(i)) & positive));
        }
    }

    /** Any other activation, DL4J's own, on the step's arrays: {@code act} = activation({@code pre}). */
    static void activate(IActivation activation, HostArray pre, HostArray act) {
        activation.getActivation(act.array.assign(pre.array), true);
    }

    /**
     * Its backprop in place: {@code gradient}, the gradient at the activation's output, becomes the gradient at
     * {@code pre}; DL4J may overwrite {@code pre} on the way.
     */
    static void activationBackprop(IActivation activation, HostArray pre, HostArray gradient) {
        INDArray atPre = activation.backprop(pre.array, gradient.array).getFirst();
        if (atPre != gradient.array) {
            gradient.array.assign(atPre);
        }
    }

    /**
     * Softmax and multi-class cross-entropy over {@code n} rows of {@code classes}, as DL4J's {@code LossMCXENT}
     * computes them without a mask: writes the gradient at the pre-activations into {@code delta} and returns the
     * summed loss, the probabilities clipped to {@code [clip, 1 - clip]} for it. Unweighted, the gradient is
     * {@code p - y}; with class weights {@code w} it is {@code p * sum(w * y) - w * y}, and each label's log
     * probability weighs {@code w}.
     *
     * @param weights each class's weight, or null for none
     */
    static double softmaxCrossEntropy(
            FloatBuffer pre, FloatBuffer labels, FloatBuffer delta, int n, int classes, double clip, float[] weights) {
        double lossSum = 0;
        for (int r = 0; r < n; r++) {
            int row = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < classes; j++) {
                max = Math.max(max, pre.get(row + j));
            }
            float sum = 0f;
            for (int j = 0; j < classes; j++) {
                float e = (float) Math.exp(pre.get(row + j) - max);
                delta.put(row + j, e);
                sum += e;
            }
            if (weights == null) {
                for (int j = 0; j < classes; j++) {
                    float p = delta.get(row + j) / sum;
                    float y = labels.get(row + j);
                    if (y != 0f) {
                        lossSum -= y * Math.log(Math.min(Math.max(p, clip), 1 - clip));
                    }
                    delta.put(row + j, p - y);
                }
                continue;
            }
            float weightOfRow = 0f;
            for (int j = 0; j < classes; j++) {
                weightOfRow += weights[j] * labels.get(row + j);
            }
            for (int j = 0; j < classes; j++) {
                float p = delta.get(row + j) / sum;
                float wy = weights[j] * labels.get(row + j);
                if (wy != 0f) {
                    lossSum -= wy * Math.log(Math.min(Math.max(p, clip), 1 - clip));
                }
                delta.put(row + j, p * weightOfRow - wy);
            }
        }
        return lossSum;
    }

    /** The class weights of DL4J's cross-entropy, or null for none. */
    static float[] weights(LossMCXENT loss) {
        return loss.getWeights() == null ? null : loss.getWeights().toFloatVector();
    }

    /** The class weights of {@code network}'s output cross-entropy, or null for none or another loss. */
    static float[] classWeights(MultiLayerNetwork network) {
        var conf = network.getLayerWiseConfigurations();
        return conf.getConf(conf.getConfs().size() - 1).getLayer() instanceof BaseOutputLayer output
                        && output.getLossFn() instanceof LossMCXENT loss
                ? weights(loss)
                : null;
    }

    /** The sum over {@code n} rows of {@code delta}, written to {@code units} places from {@code at} in {@code out}. */
    static void columnSums(FloatBuffer delta, int n, int units, FloatBuffer out, int at) {
        columnSums(delta, n, units, out, at, false);
    }

    /** As above, added to what {@code out} holds when {@code add}. */
    static void columnSums(FloatBuffer delta, int n, int units, FloatBuffer out, int at, boolean add) {
        for (int j = 0; j < units; j++) {
            float s = 0f;
            for (int r = 0; r < n; r++) {
                s += delta.get(r * units + j);
            }
            out.put(at + j, add ? out.get(at + j) + s : s);
        }
    }

    /** The rows {@code rows} of the row-major {@code source} (rows of {@code width}), one after the other in {@code out}. */
    static void gatherRows(FloatBuffer source, int width, int[] rows, FloatBuffer out) {
        FloatBuffer from = source.duplicate();
        FloatBuffer to = out.duplicate();
        for (int r = 0; r < rows.length; r++) {
            from.limit(rows[r] * width + width).position(rows[r] * width);
            to.position(r * width);
            to.put(from);
        }
    }
}
