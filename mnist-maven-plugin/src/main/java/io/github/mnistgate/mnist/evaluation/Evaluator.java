package io.github.mnistgate.mnist.evaluation;

import io.github.mnistgate.mnist.data.Examples;
import io.github.mnistgate.mnist.model.InferencePass;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.util.NativeBackend;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores a network on labelled examples, a chunk of them at a time, so that neither the images nor the activations of a
 * whole test set need be in memory at once: through {@link InferencePass} where the kernels allow and it takes the
 * network, else through DL4J in batches.
 */
public final class Evaluator {

    static final int BATCH = 500;

    /** At most this many bytes of features are read at once: all of MNIST's 10,000 test images. */
    private static final long CHUNK_BYTES = 32L << 20;

    private Evaluator() {}

    public static Evaluation evaluate(MultiLayerNetwork network, DataSet data, Kernels kernels) {
        return evaluate(network, Examples.of(data), kernels);
    }

    public static Evaluation evaluate(MultiLayerNetwork network, Examples data, Kernels kernels) {
        Evaluation evaluation = new Evaluation(data.classes());
        forEachChunk(data, chunk -> evaluation.eval(chunk.getLabels(), probabilities(network, chunk, kernels)));
        return evaluation;
    }

    public static Predictions predict(MultiLayerNetwork network, DataSet data, Kernels kernels) {
        return predict(network, Examples.of(data), kernels);
    }

    /**
     * The class each example is predicted to be (the highest output) with its probability, beside its true
     * label, in order.
     *
     * @throws IllegalArgumentException when the network does not take the examples' images or does not give one
     *                                  output per class of their labels
     */
    public static Predictions predict(MultiLayerNetwork network, Examples data, Kernels kernels) {
        int n = data.count();
        int classes = data.classes();
        int[] actual = new int[n];
        int[] predicted = new int[n];
        float[] probability = new float[n];
        int[] done = {0};
        forEachChunk(data, chunk -> {
            INDArray output = probabilities(network, chunk, kernels);
            if (output.rank() != 2 || output.size(1) != classes) {
                throw new IllegalArgumentException("it gives " + Arrays.toString(output.shape()) + " outputs for "
                        + chunk.numExamples() + " images, not one of " + classes + " classes each");
            }
            int at = done[0];
            System.arraycopy(chunk.getLabels().argMax(1).toIntVector(), 0, actual, at, chunk.numExamples());
            System.arraycopy(output.argMax(1).toIntVector(), 0, predicted, at, chunk.numExamples());
            System.arraycopy(output.max(1).toFloatVector(), 0, probability, at, chunk.numExamples());
            done[0] += chunk.numExamples();
        });
        return new Predictions(classes, actual, predicted, probability);
    }

    /** Calls {@code action} with the examples in order, as many at a time as {@link #CHUNK_BYTES} allows. */
    public static void forEachChunk(Examples data, java.util.function.Consumer<DataSet> action) {
        int rows = (int) Math.max(1, CHUNK_BYTES / ((long) data.width() * Float.BYTES));
        for (int from = 0; from < data.count(); from += rows) {
            action.accept(data.range(from, Math.min(data.count(), from + rows)));
        }
    }

    /** The network's outputs for every example, {@code [n, outputs]}. */
    static INDArray probabilities(MultiLayerNetwork network, DataSet data, Kernels kernels) {
        Optional<InferencePass> pass = InferencePass.of(network, kernels);
        if (pass.isPresent()) {
            return pass.get().output(data.getFeatures(), NativeBackend.threadsHere());
        }
        List<INDArray> outputs = new ArrayList<>();
        int n = data.numExamples();
        for (int from = 0; from < n; from += BATCH) {
            DataSet batch = (DataSet) data.getRange(from, Math.min(n, from + BATCH));
            outputs.add(network.output(batch.getFeatures(), false));
        }
        return outputs.size() == 1 ? outputs.get(0) : Nd4j.vstack(outputs.toArray(INDArray[]::new));
    }

    public static double loss(MultiLayerNetwork network, DataSet data) {
        return loss(network, Examples.of(data));
    }

    /** Mean loss (cross-entropy for our output layers) over the examples, without regularization terms. */
    public static double loss(MultiLayerNetwork network, Examples data) {
        double[] sum = {0};
        forEachChunk(data, chunk -> {
            int n = chunk.numExamples();
            for (int from = 0; from < n; from += BATCH) {
                DataSet batch = (DataSet) chunk.getRange(from, Math.min(n, from + BATCH));
                sum[0] += network.score(batch, false) * batch.numExamples();
            }
        });
        return sum[0] / data.count();
    }
}
