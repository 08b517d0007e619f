package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.evaluation.EvaluationReport;

import java.util.Locale;

/** {@code evaluation.md}: the evaluation as a person reads it, a per-class table and the confusion matrix. */
public final class EvaluationMarkdown {

    private EvaluationMarkdown() {
    }

    public static String render(EvaluationReport r) {
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation of ").append(r.model()).append("\n\n");
        md.append(String.format(Locale.ROOT, "- Dataset: %s, %,d test images%n", r.dataset(), r.testExamples()));
        md.append(String.format(Locale.ROOT, "- Accuracy: **%.4f** (%.2f%%)%n", r.accuracy(), r.accuracy() * 100));
        md.append(String.format(Locale.ROOT, "- Macro F1: %.4f%n", r.macroF1()));
        if (r.minAccuracy() == null) {
            md.append("- Gate: none (set mnist.minAccuracy to fail the build below a minimum)\n");
        } else {
            md.append(String.format(Locale.ROOT, "- Gate: minimum %.4f, %s%n", r.minAccuracy(),
                    r.passed() ? "**passed**" : "**FAILED**"));
        }
        md.append("\n## Per class\n\n| label | class | precision | recall | F1 | test images |\n|---|---|---|---|---|---|\n");
        for (EvaluationReport.PerClass c : r.perClass()) {
            md.append(String.format(Locale.ROOT, "| %d | %s | %.4f | %.4f | %.4f | %d |%n",
                    c.label(), c.name(), c.precision(), c.recall(), c.f1(), c.support()));
        }
        md.append("\n## Confusion matrix\n\nRows are the true label, columns the predicted one.\n\n| true \\ predicted |");
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
                md.append(' ').append(a == p ? "**" + count + "**" : String.valueOf(count)).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }
}
