package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.data.DatasetInfo;
import io.github.mnistgate.mnist.onnx.OnnxGraph;
import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A model trained elsewhere ({@code mnist.modelFile}) taken in place of training: checked against the dataset before
 * anything runs it, copied to where the build's own model would be, and described by a model card. An ONNX file's
 * fingerprint is its SHA-256; a model zip keeps its own card.
 */
public final class ImportedModel {

    private ImportedModel() {}

    /**
     * Takes the model file into the build directory: an ONNX file to {@code onnxFile} (and no stale zip beside it), a
     * model zip to {@code modelZip}; an unchanged file already there is left as it is ({@code up to date}).
     *
     * @param source   the model file
     * @param named    the file as the user named it, for the card and the log
     * @param cardFile {@code target/mnist/model-card.json}
     * @return the copy the build attaches and evaluates
     * @throws InvalidSettingException naming {@code modelFile} when the file is missing, is neither ONNX nor a model
     *                                 zip of this plugin, or does not fit the dataset
     */
    public static Path take(
            Path source, String named, DatasetInfo dataset, Path modelZip, Path onnxFile, Path cardFile, BuildLog log)
            throws IOException {
        if (!Files.isRegularFile(source)) {
            throw new InvalidSettingException(
                    "modelFile",
                    named,
                    "no such file (" + source.toAbsolutePath() + "); give an .onnx file or a model zip");
        }
        String sha256 = Sha256.ofFile(source);
        boolean zip = ModelFiles.isZip(source);
        Path target = zip ? modelZip : onnxFile;
        ModelCard card;
        if (zip) {
            card = zipCard(source, named);
            String mismatch = card.mismatch(dataset);
            if (mismatch != null) {
                throw new InvalidSettingException("modelFile", named, mismatch);
            }
        } else {
            OnnxGraph graph = OnnxGraph.read(source);
            graph.fit(dataset);
            if (graph.classNames() != null && !graph.classNames().equals(dataset.classNames())) {
                throw new InvalidSettingException(
                        "modelFile",
                        named,
                        "the model's classes " + graph.classNames() + " are not the " + dataset.id() + " dataset's "
                                + dataset.classNames());
            }
            card = ModelCard.trainedElsewhere(
                    graph, dataset, sha256, named, Instant.now().toString());
            Files.deleteIfExists(modelZip); // never a stale model of this build's beside the one taken
        }
        if (Files.isRegularFile(target) && sha256.equals(Sha256.ofFile(target)) && sameCard(cardFile, card)) {
            log.info("model file " + named + " up to date in " + target + " (SHA-256 " + sha256.substring(0, 12)
                    + "...): nothing trained");
            return target;
        }
        AtomicFiles.write(target, out -> Files.copy(source, out));
        Json.write(cardFile, card);
        log.info("model file " + named + " taken instead of training (" + card.format() + ", SHA-256 "
                + sha256.substring(0, 12) + "...): " + target);
        return target;
    }

    private static ModelCard zipCard(Path source, String named) {
        try {
            return ModelFiles.readCard(source);
        } catch (IOException | RuntimeException e) {
            throw new InvalidSettingException(
                    "modelFile",
                    named,
                    "it is a zip but not a model zip of this plugin (no readable " + ModelCard.ENTRY
                            + "); give an .onnx file or a model zip that mnist:train made");
        }
    }

    /** Whether the card in {@code target/mnist/} is this model's (so an evaluation recorded there stays). */
    private static boolean sameCard(Path cardFile, ModelCard card) {
        try {
            return Files.isRegularFile(cardFile)
                    && card.fingerprint() != null
                    && card.fingerprint()
                            .equals(Json.read(cardFile, ModelCard.class).fingerprint());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
