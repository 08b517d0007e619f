package io.github.mnistgate.mnist.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mnistgate.mnist.model.OnnxExport;
import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Writes and reads model zips. A model is written to a temporary file, completed with its model card,
 * and only then renamed into place, so a killed build never leaves a half-written model under the name
 * a later build (or {@code install}) would trust.
 */
public final class ModelFiles {

    private ModelFiles() {}

    public static void write(MultiLayerNetwork network, ModelCard card, Path target) throws IOException {
        ModelZip.write(network, false, ModelCard.ENTRY, zipped(card), target);
    }

    /** Replaces the model card inside a model zip (with the evaluation, once it ran), atomically. */
    public static void replaceCard(Path model, ModelCard card) throws IOException {
        ModelZip.replaceEntry(model, ModelCard.ENTRY, zipped(card));
    }

    /**
     * The card as the zip holds it: without the clock's figures (when it was made, how many seconds training, its
     * epochs and the evaluation took), so the same training gives the same bytes. {@code target/mnist/} keeps them.
     */
    static byte[] zipped(ModelCard card) throws IOException {
        ObjectNode tree = Json.mapper().valueToTree(card);
        tree.remove(List.of("createdAt", "trainingSeconds"));
        for (JsonNode epoch : tree.path("history")) {
            ((ObjectNode) epoch).remove(List.of("seconds", "examplesPerSecond"));
        }
        if (tree.get("evaluation") instanceof ObjectNode evaluation) {
            evaluation.remove("seconds");
        }
        return Json.mapper().writeValueAsBytes(tree);
    }

    /** {@code <buildDirectory>/<finalName>-model.zip}: where a project's model is written and attached from. */
    public static Path modelFile(Path buildDirectory, String finalName) {
        return buildDirectory.resolve(finalName + "-model.zip");
    }

    /** {@code <buildDirectory>/<finalName>-model.onnx}: the same model as ONNX. */
    public static Path onnxFile(Path buildDirectory, String finalName) {
        return buildDirectory.resolve(finalName + "-model.onnx");
    }

    /**
     * Writes the model zip's network as ONNX ({@link OnnxExport}), whole by a rename.
     *
     * @throws InvalidSettingException naming {@code onnx}, when a layer or activation has no ONNX operator
     */
    public static void writeOnnx(Path model, Path target) throws IOException {
        ModelCard card = readCard(model);
        ImageShape shape = card.inputShape() == null ? ImageShape.MNIST : card.inputShape();
        byte[] onnx;
        try {
            onnx = OnnxExport.export(read(model), shape, card.classNames());
        } catch (OnnxExport.UnsupportedLayerException e) {
            throw new InvalidSettingException(
                    "onnx", true, e.getMessage() + "; set mnist.onnx=false to build without the ONNX file");
        }
        AtomicFiles.write(target, out -> out.write(onnx));
    }

    /** Whether the file is a zip (so a model zip, not ONNX), by its first four bytes. */
    public static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    /** Restores a model zip, refusing one that holds anything DL4J would read with Java deserialization. */
    public static MultiLayerNetwork read(Path model) throws IOException {
        return ModelZip.read(model, ModelCard.ENTRY, false);
    }

    /** Restores a network with its updater state (a tuning trial's checkpoint), with the same check as {@link #read}. */
    public static MultiLayerNetwork readWithUpdater(Path zip) throws IOException {
        return ModelZip.read(zip, null, true);
    }

    /** The model card stored in a model zip. */
    public static ModelCard readCard(Path model) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(model, Map.of());
                InputStream in = Files.newInputStream(zip.getPath(ModelCard.ENTRY))) {
            return Json.mapper().readValue(in, ModelCard.class);
        }
    }
}
