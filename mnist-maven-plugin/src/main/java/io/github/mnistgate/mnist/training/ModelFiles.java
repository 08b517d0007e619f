package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.Json;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
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
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            ModelSerializer.writeModel(network, tmp.toFile(), false);
            byte[] cardJson = Json.mapper().writeValueAsBytes(card);
            try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + tmp.toUri()), Map.of())) {
                Files.write(zip.getPath(ModelCard.ENTRY), cardJson);
            }
            AtomicFiles.moveInto(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static MultiLayerNetwork read(Path model) throws IOException {
        return ModelSerializer.restoreMultiLayerNetwork(model.toFile(), false);
    }

    /** The model card stored in a model zip. */
    public static ModelCard readCard(Path model) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(model, Map.of());
             InputStream in = Files.newInputStream(zip.getPath(ModelCard.ENTRY))) {
            return Json.mapper().readValue(in, ModelCard.class);
        }
    }
}
