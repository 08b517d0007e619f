package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.EvaluationReport;
import io.github.mnistgate.mnist.evaluation.Evaluator;
import io.github.mnistgate.mnist.evaluation.Limit;
import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.OutputFiles;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;

import java.io.IOException;
import java.nio.file.Path;

/** Evaluates a model on the whole test set and writes {@code evaluation.json} and {@code evaluation.md}. */
public final class EvaluationJob {

    private final BuildLog log;

    public EvaluationJob(BuildLog log) {
        this.log = log;
    }

    /** @param limit the gate, or null for none; the report records it, the caller acts on it */
    public EvaluationReport run(MultiLayerNetwork network, String modelName, MnistData data, Limit limit,
                                OutputFiles out) throws IOException {
        long start = System.nanoTime();
        Evaluation evaluation = Evaluator.evaluate(network, data.test().toDataSet(data.test().size()));
        double seconds = (System.nanoTime() - start) / 1e9;
        EvaluationReport report = EvaluationReport.of(data.dataset(), evaluation, limit, modelName, seconds);
        AtomicFiles.sweepStale(out.directory()); // what a killed evaluation or training left
        Json.write(out.evaluationJson(), report);
        AtomicFiles.writeString(out.evaluationMarkdown(), EvaluationMarkdown.render(report));
        log.info(String.format(java.util.Locale.ROOT, "[mnist] test accuracy %.4f on %,d %s test images (macro F1 %.4f, %.1fs); reports: %s, %s",
                report.accuracy(), report.testExamples(), report.dataset(), report.macroF1(), seconds,
                out.evaluationJson(), out.evaluationMarkdown()));
        return report;
    }

    public static Path modelFile(Path buildDirectory, String finalName) {
        return buildDirectory.resolve(finalName + "-model.zip");
    }
}
