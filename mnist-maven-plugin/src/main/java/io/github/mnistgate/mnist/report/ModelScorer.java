package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.DatasetInfo;
import io.github.mnistgate.mnist.data.Examples;
import io.github.mnistgate.mnist.evaluation.Evaluator;
import io.github.mnistgate.mnist.evaluation.Predictions;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.onnx.OnnxClassifier;
import io.github.mnistgate.mnist.onnx.OnnxGraph;
import io.github.mnistgate.mnist.onnx.OnnxRuntime;
import io.github.mnistgate.mnist.training.ModelFiles;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.mnist.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Predicts the test set with a model file: this plugin's model zip through DL4J (or the compiled inference pass), an
 * ONNX file trained elsewhere through ONNX Runtime, fetched only then, unless its predictions of the same test set are
 * kept from an earlier build.
 */
final class ModelScorer {

    /**
     * An ONNX file's predictions of a test set, kept by the file's SHA-256 and the test set's, so that an unchanged
     * file is not scored twice.
     */
    record StoredScores(
            String model,
            String testImages,
            String testLabels,
            int classes,
            boolean logits,
            int[] actual,
            int[] predicted,
            float[] probability) {}

    private final Kernels kernels;
    private final OnnxRuntime.Provider onnxRuntime;
    private final Path scores;
    private final BuildLog log;

    /** @param scores where ONNX files' predictions are kept, by SHA-256 */
    ModelScorer(Kernels kernels, OnnxRuntime.Provider onnxRuntime, Path scores, BuildLog log) {
        this.kernels = kernels;
        this.onnxRuntime = onnxRuntime;
        this.scores = scores;
        this.log = log;
    }

    /**
     * @throws io.github.mnistgate.mnist.util.InvalidSettingException naming {@code modelFile} when an ONNX file does
     *                                                                 not fit the dataset, or is not ONNX
     * @throws IllegalArgumentException when a model zip's network does not fit the dataset
     */
    Predictions predict(Path file, Examples test, DatasetInfo dataset) throws IOException {
        if (ModelFiles.isZip(file)) {
            return Evaluator.predict(ModelFiles.read(file), test, kernels);
        }
        OnnxGraph graph = OnnxGraph.read(file);
        OnnxGraph.Layout layout = graph.layout(dataset.shape(), dataset.id());
        graph.checkOutput(dataset.classNames().size(), dataset.id());
        String sha256 = Sha256.ofFile(file);
        StoredScores stored = stored(sha256, dataset);
        if (stored != null) {
            log.info(file.getFileName() + " (SHA-256 " + sha256.substring(0, 12) + "...) was scored on this test set"
                    + " before: its predictions are up to date in " + scores);
            return new Predictions(stored.classes(), stored.actual(), stored.predicted(), stored.probability());
        }
        OnnxClassifier.Scored scored;
        try (OnnxRuntime.Session session = onnxRuntime.get().open(graph, NativeBackend.threadsHere())) {
            scored = OnnxClassifier.predict(session, graph, layout, dataset.shape(), test, dataset.id());
        }
        log.info(file.getFileName() + " through ONNX Runtime (" + graph.describe() + ", " + layout + "): outputs"
                + (scored.logits()
                        ? " taken as logits (rows do not sum to 1), softmax applied"
                        : " taken as probabilities (every row sums to 1)"));
        Predictions p = scored.predictions();
        String images = dataset.sha256().get(DatasetFile.TEST_IMAGES);
        String labels = dataset.sha256().get(DatasetFile.TEST_LABELS);
        if (images != null && labels != null) {
            Json.write(
                    scores.resolve(sha256 + ".json"),
                    new StoredScores(
                            sha256,
                            images,
                            labels,
                            p.classes(),
                            scored.logits(),
                            p.actual(),
                            p.predicted(),
                            p.probability()));
        }
        return p;
    }

    /** The predictions kept for this file on this test set, or null (none, another test set, unreadable). */
    private StoredScores stored(String sha256, DatasetInfo dataset) {
        Path file = scores.resolve(sha256 + ".json");
        try {
            StoredScores s = Files.isRegularFile(file) ? Json.read(file, StoredScores.class) : null;
            return s != null
                            && sha256.equals(s.model())
                            && s.testImages().equals(dataset.sha256().get(DatasetFile.TEST_IMAGES))
                            && s.testLabels().equals(dataset.sha256().get(DatasetFile.TEST_LABELS))
                            && s.classes() == dataset.classNames().size()
                    ? s
                    : null;
        } catch (IOException | RuntimeException e) {
            return null; // scored again, and written anew
        }
    }
}
