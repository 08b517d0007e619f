package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.evaluation.Comparison;
import io.github.mnistgate.mnist.evaluation.EvaluationReport;
import io.github.mnistgate.mnist.evaluation.Interval;
import java.util.Locale;

/**
 * {@code evaluation.md}: the evaluation as a person reads it: accuracy with its interval, the gate, the
 * baseline comparison, a per-class table and the confusion matrix.
 */
public final class EvaluationMarkdown {

    private EvaluationMarkdown() {}

    public static String render(EvaluationReport r, Comparison c) {
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation of ").append(r.model()).append("\n\n");
        md.append(String.format(Locale.ROOT, "- Dataset: %s, %,d test images%n", r.dataset(), r.testExamples()));
        md.append(String.format(
                Locale.ROOT,
                "- Accuracy: **%.4f** (%.2f%%), %s (%s)%n",
                r.accuracy(),
                r.accuracy() * 100,
                r.accuracyInterval().describe(),
                r.accuracyInterval().method()));
        md.append("- Macro F1: ").append(number(r.macroF1())).append('\n');
        if (r.limits().isEmpty()) {
            md.append("- Gate: none (set mnist.minAccuracy or <limits> to fail the build below a minimum)\n");
        } else {
            md.append("- Gate (gateMode ")
                    .append(r.gateMode())
                    .append("): ")
                    .append(String.join("; ", r.limits()))
                    .append(", ")
                    .append(r.violations().isEmpty() ? "**passed**" : "**FAILED**")
                    .append('\n');
        }
        for (String v : r.violations()) {
            md.append("  - ").append(v).append('\n');
        }
        if (c != null) {
            md.append("\n## Against the baseline ").append(c.baseline()).append("\n\n");
            md.append("| | accuracy |\n|---|---|\n");
            md.append(String.format(
                    Locale.ROOT, "| baseline | %.4f |%n| this model | %.4f |%n", c.baselineAccuracy(), c.accuracy()));
            md.append(String.format(
                    Locale.ROOT,
                    "| delta | %+.4f (%s) |%n%n",
                    c.delta(),
                    c.deltaInterval().describe()));
            md.append(String.format(
                    Locale.ROOT,
                    "- Test images only this model gets right: %d; only the baseline: %d%n",
                    c.candidateOnlyCorrect(),
                    c.baselineOnlyCorrect()));
            md.append(
                    String.format(Locale.ROOT, "- McNemar's exact test, one-sided for a drop: p = %.4f%n", c.pValue()));
            md.append(String.format(
                    Locale.ROOT,
                    "- Allowed drop: %.4f, %s: %s%n",
                    c.maxRegression(),
                    c.significance() == null ? "point values compared" : "significance " + c.significance(),
                    c.passed() ? "**passed**" : "**FAILED**"));
            md.append("\n| label | baseline recall | recall | delta |\n|---|---|---|---|\n");
            for (Comparison.PerClass p : c.perClass()) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %d | %s | %s | %s |%n",
                        p.label(),
                        number(p.baselineRecall()),
                        number(p.recall()),
                        p.delta() == null ? "n/a" : String.format(Locale.ROOT, "%+.4f", p.delta())));
            }
        }
        md.append(
                "\n## Per class\n\n| label | class | precision | recall | recall interval | F1 | test images |\n|---|---|---|---|---|---|---|\n");
        for (EvaluationReport.PerClass p : r.perClass()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %s | %s | %s | %s | %d |%n",
                    p.label(),
                    p.name(),
                    number(p.precision()),
                    number(p.recall()),
                    interval(p.recallInterval()),
                    number(p.f1()),
                    p.support()));
        }
        md.append(
                "\n## Confusion matrix\n\nRows are the true label, columns the predicted one.\n\n| true \\ predicted |");
        int classes = r.confusionMatrix().length;
        for (int p = 0; p < classes; p++) {
            md.append(' ').append(p).append(" |");
        }
        md.append("\n|---|");
        md.append("---:|".repeat(classes));
        md.append('\n');
        for (int a = 0; a < classes; a++) {
            md.append("| **").append(a).append("** |");
            for (int p = 0; p < classes; p++) {
                int count = r.confusionMatrix()[a][p];
                md.append(' ')
                        .append(a == p ? "**" + count + "**" : String.valueOf(count))
                        .append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String number(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String interval(Interval i) {
        return i == null ? "n/a" : String.format(Locale.ROOT, "%.4f to %.4f", i.low(), i.high());
    }
}
