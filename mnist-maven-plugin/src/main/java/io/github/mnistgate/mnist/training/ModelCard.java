package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetInfo;
import io.github.mnistgate.mnist.evaluation.Comparison;
import io.github.mnistgate.mnist.evaluation.EvaluationReport;
import io.github.mnistgate.mnist.onnx.OnnxGraph;
import io.github.mnistgate.mnist.util.Versions;
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

    /**
     * Why a model with this card cannot be scored on this dataset's test set, or null: it must take the same images
     * and know the same classes, by name (so a Fashion-MNIST model is never held against an MNIST one, while a model
     * trained on MNIST's images as a folder of PNG files is). A card from before the names were recorded is taken
     * at its dataset's word.
     */
    public String mismatch(DatasetInfo against) {
        List<String> classes = classNames;
        if (classes == null) {
            if (dataset == null || Dataset.isFolder(dataset)) {
                return null; // nothing to go by: the network itself must fit (checked when it predicts)
            }
            classes = Dataset.fromId(dataset).classNames();
        }
        ImageShape shape = inputShape == null ? ImageShape.MNIST : inputShape;
        if (!classes.equals(against.classNames())) {
            return "it was trained on " + dataset + ", whose classes " + brief(classes) + " are not this "
                    + against.id() + " dataset's " + brief(against.classNames());
        }
        if (!shape.equals(against.shape())) {
            return "it takes " + shape + " images, not the " + against.shape() + " of this " + against.id()
                    + " dataset";
        }
        return null;
    }

    private static String brief(List<String> names) {
        return "[" + (names.size() <= 10 ? String.join(", ", names) : String.join(", ", names.subList(0, 10)) + ", ...")
                + "]";
    }

    /**
     * The card of an ONNX model trained elsewhere: what its graph takes and gives, the dataset it is held against, and
     * as fingerprint the file's SHA-256.
     *
     * @param source the file as the user named it
     */
    public static ModelCard trainedElsewhere(
            OnnxGraph graph, DatasetInfo dataset, String sha256, String source, String createdAt) {
        return new ModelCard(
                "ONNX (opset " + graph.opset() + "), trained elsewhere",
                "\"" + graph.input() + "\" " + graph.inputDims(),
                "\"" + graph.output() + "\" " + graph.outputDims(),
                graph.describe(),
                dataset.shape(),
                dataset.classNames(),
                dataset.id(),
                null,
                "ONNX model file " + source,
                graph.operators(),
                graph.parameters(),
                null,
                "trained elsewhere (mnist.modelFile)",
                0,
                0,
                null,
                0,
                List.of(),
                0,
                null,
                Versions.plugin(),
                createdAt,
                sha256,
                null,
                null,
                null,
                null);
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
