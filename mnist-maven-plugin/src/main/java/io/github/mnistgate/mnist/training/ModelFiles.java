package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes and reads model zips. A model is written to a temporary file, completed with its model card,
 * and only then renamed into place, so a killed build never leaves a half-written model under the name
 * a later build (or {@code install}) would trust.
 */
public final class ModelFiles {

    private ModelFiles() {
    }

    public static void write(MultiLayerNetwork network, ModelCard card, Path target) throws IOException {
        ModelZip.write(network, false, ModelCard.ENTRY, Json.mapper().writeValueAsBytes(card), target);
    }

    /** Replaces the model card inside a model zip (with the evaluation, once it ran), atomically. */
    public static void replaceCard(Path model, ModelCard card) throws IOException {
        ModelZip.replaceEntry(model, ModelCard.ENTRY, Json.mapper().writeValueAsBytes(card));
    }

    /** {@code <buildDirectory>/<finalName>-model.zip}: where a project's model is written and attached from. */
    public static Path modelFile(Path buildDirectory, String finalName) {
        return buildDirectory.resolve(finalName + "-model.zip");
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
