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
import io.github.mnistgate.mnist.util.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Predicts the test set with a model file: this plugin's model zip through DL4J (or the compiled inference pass), an
 * ONNX file trained elsewhere through ONNX Runtime, fetched only then. A file's predictions are kept by its SHA-256,
 * so an unchanged file (a baseline, a model file) is not scored twice.
 */
final class ModelScorer {

    /**
     * A model file's predictions of a test set, kept by the file's SHA-256, what scored it and the test set's SHA-256.
     *
     * @param scorer the plugin's build and the kernels, or ONNX Runtime
     */
    record StoredScores(
            String model,
            String scorer,
            String testImages,
            String testLabels,
            int classes,
            int[] actual,
            int[] predicted,
            float[] probability) {}

    private final Kernels kernels;
    private final OnnxRuntime.Provider onnxRuntime;
    private final Path scores;
    private final BuildLog log;
    private final Set<Path> used = new HashSet<>();
    private final Map<Path, String> sha256s = new HashMap<>();

    /** @param scores where model files' predictions are kept, by SHA-256 */
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
        boolean zip = ModelFiles.isZip(file);
        OnnxGraph graph = zip ? null : OnnxGraph.read(file);
        OnnxGraph.Layout layout = zip ? null : graph.fit(dataset); // a misfit fails even with kept predictions
        String sha256 = sha256(file);
        String scorer = Versions.pluginBuild() + (zip ? ", kernels " + kernels : ", ONNX Runtime");
        Path kept = scores.resolve(sha256 + ".json");
        used.add(kept);
        StoredScores stored = stored(kept, sha256, scorer, dataset);
        if (stored != null) {
            log.info(file.getFileName() + " (SHA-256 " + sha256.substring(0, 12) + "...) was scored on this test set"
                    + " before: its predictions are up to date in " + kept);
            return new Predictions(stored.classes(), stored.actual(), stored.predicted(), stored.probability());
        }
        Predictions p;
        if (zip) {
            p = Evaluator.predict(ModelFiles.read(file), test, kernels);
        } else {
            OnnxClassifier.Scored scored;
            try (OnnxRuntime.Session session = onnxRuntime.get().open(graph, NativeBackend.threadsHere())) {
                scored = OnnxClassifier.predict(session, graph, layout, dataset.shape(), test, dataset.id());
            }
            log.info(file.getFileName() + " through ONNX Runtime (" + graph.describe() + ", " + layout + "): outputs"
                    + (scored.logits()
                            ? " taken as logits (rows do not sum to 1), softmax applied"
                            : " taken as probabilities (every row sums to 1)"));
            p = scored.predictions();
        }
        String images = dataset.sha256().get(DatasetFile.TEST_IMAGES);
        String labels = dataset.sha256().get(DatasetFile.TEST_LABELS);
        if (images != null && labels != null) {
            Json.write(
                    kept,
                    new StoredScores(
                            sha256, scorer, images, labels, p.classes(), p.actual(), p.predicted(), p.probability()));
        }
        return p;
    }

    /** The file's SHA-256, read once per scorer. */
    String sha256(Path file) throws IOException {
        String known = sha256s.get(file);
        if (known == null) {
            known = Sha256.ofFile(file);
            sha256s.put(file, known);
        }
        return known;
    }

    /** Deletes the kept predictions of files this scorer did not score: a model zip changes with every evaluation. */
    void forgetOthers() throws IOException {
        if (!Files.isDirectory(scores)) {
            return;
        }
        try (var files = Files.list(scores)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!used.contains(f)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** The predictions kept for this file, scorer and test set, or null (none, others, unreadable). */
    private static StoredScores stored(Path kept, String sha256, String scorer, DatasetInfo dataset) {
        try {
            StoredScores s = Files.isRegularFile(kept) ? Json.read(kept, StoredScores.class) : null;
            return s != null
                            && sha256.equals(s.model())
                            && scorer.equals(s.scorer())
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
