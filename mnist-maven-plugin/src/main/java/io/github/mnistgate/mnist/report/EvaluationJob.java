package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.Examples;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.Comparison;
import io.github.mnistgate.mnist.evaluation.EvaluationReport;
import io.github.mnistgate.mnist.evaluation.Evaluator;
import io.github.mnistgate.mnist.evaluation.Gate;
import io.github.mnistgate.mnist.evaluation.Metrics;
import io.github.mnistgate.mnist.evaluation.Predictions;
import io.github.mnistgate.mnist.evaluation.RegressionRule;
import io.github.mnistgate.mnist.evaluation.Verdict;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.onnx.OnnxRuntime;
import io.github.mnistgate.mnist.training.ModelCard;
import io.github.mnistgate.mnist.training.ModelFiles;
import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Evaluates a model on the whole test set, holds the gate's limits against it, compares it with a baseline
 * model when there is one, and writes {@code evaluation.json}, {@code evaluation.md},
 * {@code comparison.json} and {@code mistakes.json}. It makes the one verdict; the caller only chooses between failing and warning.
 */
public final class EvaluationJob {

    /**
     * @param requireBaseline whether a baseline that cannot be used fails the gate, or is only logged
     * @param kernels         which kernels compute the test set's probabilities
     */
    public record Settings(
            Gate gate, double confidence, RegressionRule regression, boolean requireBaseline, Kernels kernels) {

        /** With {@link Kernels#AUTO}. */
        public Settings(Gate gate, double confidence, RegressionRule regression, boolean requireBaseline) {
            this(gate, confidence, regression, requireBaseline, Kernels.AUTO);
        }

        /** The gate alone, with the defaults of the other settings. */
        public static Settings of(Gate gate) {
            return new Settings(gate, 0.95, RegressionRule.parse("0", "0.05"), false);
        }
    }

    /**
     * The baseline model: its coordinates (with the resolved version) and its file, or, with a null file, why
     * it could not be had.
     */
    public record Baseline(String coordinates, Path file, String problem) {

        public static Baseline found(String coordinates, Path file) {
            return new Baseline(coordinates, file, null);
        }

        public static Baseline missing(String coordinates, String problem) {
            return new Baseline(coordinates, null, problem);
        }
    }

    /** The evaluation and, when a baseline was compared, the comparison. */
    public record Outcome(EvaluationReport report, Comparison comparison) {

        /** Every failure line: violated limits, a significant regression, a required baseline that was missing. */
        public List<String> violations() {
            return report.violations();
        }

        public boolean judged() {
            return report.passed() != null;
        }
    }

    /** What gives a model's predictions of the test set. */
    @FunctionalInterface
    private interface Predictor {
        Predictions predict(Examples test) throws IOException;
    }

    private final BuildLog log;
    private final OnnxRuntime.Provider onnxRuntime;

    /** A job that scores model zips only. */
    public EvaluationJob(BuildLog log) {
        this(log, OnnxRuntime.Provider.NONE);
    }

    /** @param onnxRuntime fetches ONNX Runtime when a model or the baseline is an ONNX file */
    public EvaluationJob(BuildLog log, OnnxRuntime.Provider onnxRuntime) {
        this.log = log;
        this.onnxRuntime = onnxRuntime;
    }

    /**
     * Evaluates the model zip and records the result in its model card (inside the zip and in
     * {@code model-card.json}), so that the published model knows how it scored.
     */
    public Outcome runOnModel(Path model, MnistData data, Settings settings, Baseline baseline, OutputFiles out)
            throws IOException {
        ModelScorer scorer = new ModelScorer(settings.kernels(), onnxRuntime, out.scores(), log);
        Outcome outcome = evaluate(
                scorer,
                test -> scorer.predict(model, test, data.dataset()),
                model.getFileName().toString(),
                data,
                settings,
                baseline,
                out);
        if (!ModelFiles.isZip(model)) {
            recordInLocalCard(scorer.sha256(model), outcome, out);
            return outcome;
        }
        ModelCard card = readCardIfAny(model);
        if (card == null) {
            log.warn(model + " has no model card of this plugin's: the evaluation is not recorded in it");
            return outcome;
        }
        ModelCard local = localCardIfAny(out.modelCard());
        if (local != null && card.fingerprint() != null && card.fingerprint().equals(local.fingerprint())) {
            card = local; // the same training, with the clock's figures that the zip leaves out
        }
        card = card.withEvaluation(outcome.report(), outcome.comparison());
        ModelFiles.replaceCard(model, card);
        Json.write(out.modelCard(), card);
        return outcome;
    }

    /**
     * The card of a model file trained elsewhere, which {@code mnist:train} wrote into {@code target/mnist/}, with the
     * evaluation; when there is none for this file (evaluate run on its own), the evaluation is not recorded.
     */
    private void recordInLocalCard(String sha256, Outcome outcome, OutputFiles out) throws IOException {
        ModelCard local = localCardIfAny(out.modelCard());
        if (local == null || !sha256.equals(local.fingerprint())) {
            log.warn("no model card for this model file in " + out.modelCard() + ": the evaluation is not recorded");
            return;
        }
        Json.write(out.modelCard(), local.withEvaluation(outcome.report(), outcome.comparison()));
    }

    /** @param baseline the model to compare with, or null for none */
    public Outcome run(
            MultiLayerNetwork network,
            String modelName,
            MnistData data,
            Settings settings,
            Baseline baseline,
            OutputFiles out)
            throws IOException {
        return evaluate(
                new ModelScorer(settings.kernels(), onnxRuntime, out.scores(), log),
                test -> Evaluator.predict(network, test, settings.kernels()),
                modelName,
                data,
                settings,
                baseline,
                out);
    }

    /** @param scorer scores the baseline (and the candidate, where {@code candidate} is a model file) */
    private Outcome evaluate(
            ModelScorer scorer,
            Predictor candidate,
            String modelName,
            MnistData data,
            Settings settings,
            Baseline baseline,
            OutputFiles out)
            throws IOException {
        long start = System.nanoTime();
        Examples test = data.test().examples(data.test().size());
        Predictions predictions = candidate.predict(test);
        Metrics metrics = new Metrics(predictions, settings.confidence());
        Verdict verdict = settings.gate().check(metrics);
        double seconds = (System.nanoTime() - start) / 1e9;

        List<String> extra = new ArrayList<>();
        Comparison comparison =
                baseline == null ? null : compare(scorer, baseline, data, test, predictions, settings, extra);
        EvaluationReport report = EvaluationReport.of(
                data.dataset().id(),
                data.dataset().classNames(),
                metrics,
                settings.gate(),
                verdict,
                comparison,
                extra,
                modelName,
                seconds);

        AtomicFiles.sweepStale(out.directory()); // what a killed evaluation or training left
        Json.write(out.evaluationJson(), report);
        if (comparison != null) {
            Json.write(out.comparisonJson(), comparison);
        } else {
            Files.deleteIfExists(out.comparisonJson()); // never a stale comparison beside a new evaluation
        }
        AtomicFiles.writeString(out.evaluationMarkdown(), EvaluationMarkdown.render(report, comparison));
        Json.write(out.mistakes(), ConfidentMistake.of(predictions, data.test(), data.dataset()));
        scorer.forgetOthers();
        log.info(String.format(
                Locale.ROOT,
                "test accuracy %.4f (%s, %,d/%,d) on %,d %s test images (macro F1 %.4f, %.1fs);" + " reports: %s, %s",
                report.accuracy(),
                report.accuracyInterval().describe(),
                metrics.correct(),
                metrics.examples(),
                report.testExamples(),
                report.dataset(),
                metrics.macroF1(),
                seconds,
                out.evaluationJson(),
                out.evaluationMarkdown()));
        if (comparison != null) {
            log.info("baseline: " + comparison.describe() + " (" + out.comparisonJson() + ")");
        }
        return new Outcome(report, comparison);
    }

    /** The comparison with the baseline, or null (noting why in the log, or in {@code extra} when it is required). */
    private Comparison compare(
            ModelScorer scorer,
            Baseline baseline,
            MnistData data,
            Examples test,
            Predictions candidate,
            Settings settings,
            List<String> extra) {
        String problem = baseline.problem();
        Predictions theirs = null;
        if (problem == null) {
            try {
                ModelCard card = readCardIfAny(baseline.file());
                problem = card == null ? null : card.mismatch(data.dataset());
                if (problem == null) {
                    theirs = scorer.predict(baseline.file(), test, data.dataset());
                }
            } catch (IOException e) {
                problem = e.getMessage();
            } catch (RuntimeException e) {
                // A network that does not take the dataset's pixels, or gives another number of classes.
                problem = "it does not fit this dataset's images and classes: " + e.getMessage();
            }
        }
        if (problem != null) {
            String line = "the baseline " + baseline.coordinates() + " cannot be compared with: " + problem;
            if (settings.requireBaseline()) {
                extra.add(line + " (requireBaseline=true)");
            } else {
                log.warn(line + "; comparison skipped (-Dmnist.requireBaseline=true fails the build instead)");
            }
            return null;
        }
        return Comparison.of(baseline.coordinates(), theirs, candidate, settings.regression(), settings.confidence());
    }

    /** The card that training wrote into {@code target/mnist/}, or null where there is none or it cannot be read. */
    private static ModelCard localCardIfAny(Path card) {
        try {
            return Files.isRegularFile(card) ? Json.read(card, ModelCard.class) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static ModelCard readCardIfAny(Path model) {
        try {
            return ModelFiles.readCard(model);
        } catch (IOException | RuntimeException e) {
            return null; // a model made elsewhere may have no card
        }
    }
}
