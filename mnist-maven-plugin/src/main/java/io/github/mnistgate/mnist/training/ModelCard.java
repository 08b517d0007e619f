package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.evaluation.Comparison;
import io.github.mnistgate.mnist.evaluation.EvaluationReport;
import io.github.mnistgate.runtime.ImageShape;
import java.util.List;
import java.util.Map;

/**
 * What a trained model is, how it came to be and, once {@code mnist:evaluate} ran, how it scored; stored inside
 * the model zip as {@code model-card.json} and beside it in {@code target/mnist/model-card.json}. The zip's copy
 * leaves out the clock's figures ({@code createdAt}, {@code trainingSeconds}, each epoch's seconds and speed, the
 * evaluation's seconds), so that the same training gives a byte-identical zip.
 *
 * @param onnx           the input and output of the ONNX model {@code mnist:train} exports beside the zip
 * @param inputShape     the images the network takes (channels, height, width), which a reader of the model (the
 *                       runtime) converts its images to
 * @param classNames     the classes, in the order of the network's outputs
 * @param epochs         the epochs trained
 * @param epochKept      with early stopping, the epoch whose weights the model has; null without
 * @param fingerprint    SHA-256 of {@code trainingInputs}, computed before training
 * @param hyperParameterSource {@code the POM}, or the tuning result's path relative to the project
 * @param poolingKernels the max-pooling kernel measured fastest on the training machine, per shape and direction
 *                       (both compute the same numbers)
 * @param evaluation     the test-set evaluation with the gate's verdict; null until evaluated
 * @param comparison     the comparison with the baseline model; null when there was none
 */
public record ModelCard(
        String format,
        String input,
        String output,
        String onnx,
        ImageShape inputShape,
        List<String> classNames,
        String dataset,
        Map<String, String> datasetSha256,
        String model,
        List<String> layers,
        long parameters,
        Map<String, Object> hyperParameters,
        String hyperParameterSource,
        long seed,
        int epochs,
        Integer epochKept,
        int trainExamples,
        List<EpochMetrics> history,
        double trainingSeconds,
        String dl4jVersion,
        String pluginVersion,
        String createdAt,
        String fingerprint,
        TrainingInputs trainingInputs,
        Map<String, String> poolingKernels,
        EvaluationReport evaluation,
        Comparison comparison) {

    public static final String ENTRY = io.github.mnistgate.runtime.ModelArchive.CARD;
    public static final String FORMAT = "Deeplearning4j ModelSerializer zip (MultiLayerNetwork)";

    /** e.g. {@code [N, 784] float32 pixels scaled to [0, 1], row-major 28x28}. */
    public static String input(ImageShape shape) {
        return "[N, " + shape.size() + "] float32 pixels scaled to [0, 1], "
                + (shape.isRgb() ? "R, G and B planes, each " : "") + "row-major " + shape.width() + "x"
                + shape.height();
    }

    /** e.g. {@code input "images" [N, 1, 28, 28] float32 pixels scaled to [0, 1]; output "probabilities" [N, 10]}. */
    public static String onnx(ImageShape shape, int classes) {
        return "opset " + io.github.mnistgate.mnist.model.OnnxExport.OPSET + "; input \""
                + io.github.mnistgate.mnist.model.OnnxExport.INPUT + "\" [N, " + shape.channels() + ", "
                + shape.height() + ", " + shape.width() + "] float32 pixels scaled to [0, 1]; output \""
                + io.github.mnistgate.mnist.model.OnnxExport.OUTPUT + "\" [N, " + classes
                + "] class probabilities";
    }

    /** e.g. {@code [N, 10] class probabilities (softmax)}. */
    public static String output(int classes) {
        return "[N, " + classes + "] class probabilities (softmax)";
    }

    /** This card with the evaluation (and the baseline comparison, or null) that {@code mnist:evaluate} made. */
    public ModelCard withEvaluation(EvaluationReport report, Comparison against) {
        return new ModelCard(
                format,
                input,
                output,
                onnx,
                inputShape,
                classNames,
                dataset,
                datasetSha256,
                model,
                layers,
                parameters,
                hyperParameters,
                hyperParameterSource,
                seed,
                epochs,
                epochKept,
                trainExamples,
                history,
                trainingSeconds,
                dl4jVersion,
                pluginVersion,
                createdAt,
                fingerprint,
                trainingInputs,
                poolingKernels,
                report,
                against);
    }
}
