package io.github.mnistgate.mnist.evaluation;

import io.github.mnistgate.mnist.data.Dataset;
import org.nd4j.evaluation.classification.Evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code evaluation.json} holds: accuracy over the whole test set, the gate and its outcome,
 * per-class precision, recall and F1, and the confusion matrix (rows = true label, columns = predicted).
 */
public record EvaluationReport(
        String dataset,
        int testExamples,
        double accuracy,
        Double minAccuracy,
        Boolean passed,
        double macroF1,
        int[][] confusionMatrix,
        List<PerClass> perClass,
        String model,
        double seconds) {

    /** Scores of one class; {@code support} is the number of test examples of that class. */
    public record PerClass(int label, String name, double precision, double recall, double f1, int support) {
    }

    public static EvaluationReport of(Dataset dataset, Evaluation evaluation, Limit limit, String model,
                                      double seconds) {
        int[][] matrix = new int[Dataset.CLASSES][Dataset.CLASSES];
        List<PerClass> perClass = new ArrayList<>();
        for (int actual = 0; actual < Dataset.CLASSES; actual++) {
            int support = 0;
            for (int predicted = 0; predicted < Dataset.CLASSES; predicted++) {
                matrix[actual][predicted] = evaluation.getConfusionMatrix().getCount(actual, predicted);
                support += matrix[actual][predicted];
            }
            perClass.add(new PerClass(actual, dataset.classNames().get(actual),
                    round(evaluation.precision(actual)), round(evaluation.recall(actual)),
                    round(evaluation.f1(actual)), support));
        }
        double accuracy = evaluation.accuracy();
        return new EvaluationReport(dataset.id(), evaluation.getNumRowCounter(), accuracy,
                limit == null ? null : limit.minimum(),
                limit == null ? null : limit.check(accuracy).isEmpty(),
                round(evaluation.f1()), matrix, perClass, model, Math.round(seconds * 100) / 100.0);
    }

    private static double round(double v) {
        return Double.isNaN(v) ? 0 : Math.round(v * 10_000) / 10_000.0;
    }
}
