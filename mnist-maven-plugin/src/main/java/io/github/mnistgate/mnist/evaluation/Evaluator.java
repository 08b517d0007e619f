package io.github.mnistgate.mnist.evaluation;

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
 * Scores a network on labelled examples: through {@link InferencePass} where the kernels allow and it takes the
 * network, else through DL4J in batches, so a 10,000-image test set never needs the activations of all images in memory at once.
 */
public final class Evaluator {

    static final int BATCH = 500;

    private Evaluator() {}

    public static Evaluation evaluate(MultiLayerNetwork network, DataSet data, Kernels kernels) {
        Evaluation evaluation = new Evaluation(classes(data));
        evaluation.eval(data.getLabels(), probabilities(network, data, kernels));
        return evaluation;
    }

    /**
     * The class each example is predicted to be (the highest output) with its probability, beside its true
     * label, in order.
     *
     * @throws IllegalArgumentException when the network does not take the examples' images or does not give one
     *                                  output per class of their labels
     */
    public static Predictions predict(MultiLayerNetwork network, DataSet data, Kernels kernels) {
        int n = data.numExamples();
        int classes = classes(data);
        int[] actual = data.getLabels().argMax(1).toIntVector();
        INDArray output = probabilities(network, data, kernels);
        if (output.rank() != 2 || output.size(1) != classes) {
            throw new IllegalArgumentException("it gives " + Arrays.toString(output.shape()) + " outputs for " + n
                    + " images, not one of " + classes + " classes each");
        }
        int[] predicted = output.argMax(1).toIntVector();
        float[] probability = output.max(1).toFloatVector();
        return new Predictions(classes, actual, predicted, probability);
    }

    /** The number of classes: the width of the one-hot labels. */
    private static int classes(DataSet data) {
        return Math.toIntExact(data.getLabels().size(1));
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

    /** Mean loss (cross-entropy for our output layers) over the examples, without regularization terms. */
    public static double loss(MultiLayerNetwork network, DataSet data) {
        double sum = 0;
        int n = data.numExamples();
        for (int from = 0; from < n; from += BATCH) {
            DataSet batch = (DataSet) data.getRange(from, Math.min(n, from + BATCH));
            sum += network.score(batch, false) * batch.numExamples();
        }
        return sum / n;
    }
}
