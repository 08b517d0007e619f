package io.github.mnistgate.mnist.evaluation;

import io.github.mnistgate.mnist.data.Dataset;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Scores a network on labelled examples in batches, so a 10,000-image test set never needs the
 * activations of all images in memory at once.
 */
public final class Evaluator {

    static final int BATCH = 500;

    private Evaluator() {
    }

    public static Evaluation evaluate(MultiLayerNetwork network, DataSet data) {
        Evaluation evaluation = new Evaluation(Dataset.CLASSES);
        int n = data.numExamples();
        for (int from = 0; from < n; from += BATCH) {
            DataSet batch = (DataSet) data.getRange(from, Math.min(n, from + BATCH));
            evaluation.eval(batch.getLabels(), network.output(batch.getFeatures(), false));
        }
        return evaluation;
    }

    /**
     * The class each example is predicted to be (the highest output) with its probability, beside its true
     * label, in order.
     *
     * @throws IllegalArgumentException when the network does not take 784 pixels or does not give 10 classes
     */
    public static Predictions predict(MultiLayerNetwork network, DataSet data) {
        int n = data.numExamples();
        int[] actual = data.getLabels().argMax(1).toIntVector();
        int[] predicted = new int[n];
        float[] probability = new float[n];
        for (int from = 0; from < n; from += BATCH) {
            DataSet batch = (DataSet) data.getRange(from, Math.min(n, from + BATCH));
            org.nd4j.linalg.api.ndarray.INDArray output = network.output(batch.getFeatures(), false);
            if (output.rank() != 2 || output.size(1) != Dataset.CLASSES) {
                throw new IllegalArgumentException("it gives " + java.util.Arrays.toString(output.shape())
                        + " outputs for " + batch.numExamples() + " images, not one of " + Dataset.CLASSES + " classes each");
            }
            int[] classes = output.argMax(1).toIntVector();
            float[] highest = output.max(1).toFloatVector();
            System.arraycopy(classes, 0, predicted, from, classes.length);
            System.arraycopy(highest, 0, probability, from, highest.length);
        }
        return new Predictions(Dataset.CLASSES, actual, predicted, probability);
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
