package io.github.mnistgate.mnist.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code evaluation.json} holds: accuracy over the whole test set with its confidence interval, the
 * gate and its verdict, per-class precision and recall (each with its interval) and F1, and the confusion matrix
 * (rows = true label, columns = predicted). A value that is undefined is null.
 *
 * @param passed the gate's verdict and the baseline comparison's together; null when neither was asked for
 */
public record EvaluationReport(
        String dataset,
        int testExamples,
        double accuracy,
        Interval accuracyInterval,
        Double minAccuracy,
        String gateMode,
        List<String> limits,
        List<String> violations,
        Boolean passed,
        Double macroF1,
        int[][] confusionMatrix,
        List<PerClass> perClass,
        String model,
        double seconds) {

    /** Scores of one class; {@code support} is the number of test examples of that class. */
    public record PerClass(
            int label,
            String name,
            Double precision,
            Interval precisionInterval,
            Double recall,
            Interval recallInterval,
            Double f1,
            int support) {}

    /**
     * @param comparison the baseline comparison, or null when there was none
     * @param extra      failures beyond the gate's and the comparison's (a required baseline that was missing)
     */
    public static EvaluationReport of(
            String dataset,
            List<String> classNames,
            Metrics m,
            Gate gate,
            Verdict verdict,
            Comparison comparison,
            List<String> extra,
            String model,
            double seconds) {
        List<PerClass> perClass = new ArrayList<>();
        for (int c = 0; c < m.classes(); c++) {
            perClass.add(new PerClass(
                    c,
                    classNames.get(c),
                    round(m.precision(c)),
                    m.precisionInterval(c),
                    round(m.recall(c)),
                    m.recallInterval(c),
                    round(m.f1(c)),
                    m.support(c)));
        }
        List<String> violations = new ArrayList<>(verdict.violations());
        if (comparison != null && !comparison.passed()) {
            violations.add(comparison.violation());
        }
        violations.addAll(extra);
        boolean judged = !gate.isEmpty() || comparison != null || !extra.isEmpty();
        return new EvaluationReport(
                dataset,
                m.examples(),
                m.accuracy(),
                m.accuracyInterval(),
                gate.minAccuracy(),
                gate.mode().id(),
                verdict.limits(),
                List.copyOf(violations),
                judged ? violations.isEmpty() : null,
                round(m.macroF1()),
                m.confusionMatrix(),
                perClass,
                model,
                Math.round(seconds * 100) / 100.0);
    }

    private static Double round(double v) {
        return Double.isNaN(v) ? null : Math.round(v * 10_000) / 10_000.0;
    }
}
