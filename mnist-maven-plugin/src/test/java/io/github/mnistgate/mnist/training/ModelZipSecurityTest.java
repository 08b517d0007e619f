package io.github.mnistgate.mnist.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model zips hold only what we put there, and loading one never runs code that came inside it. */
class ModelZipSecurityTest {

    /** Stands for a deserialization gadget: reading it runs code chosen by whoever wrote the file. */
    static final class Payload implements Serializable {
        private static final long serialVersionUID = 1L;
        static volatile boolean ran;

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            in.defaultReadObject();
            ran = true;
        }
    }

    @TempDir
    Path dir;

    private Path writtenModel() throws IOException {
        TrainingResult trained = CheckpointTest.trainInProcess(1);
        Path model = dir.resolve("m-model.zip");
        ModelFiles.write(trained.network(), KilledTrainingTest.card(trained), model);
        return model;
    }

    private static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                names.add(e.nextElement().getName());
            }
        }
        return names;
    }

    @Test
    void aModelZipHoldsDl4jsEntriesAndTheModelCardOnly() throws IOException {
        assertEquals(
                Set.of("configuration.json", "coefficients.bin", "model-card.json"),
                Set.copyOf(entries(writtenModel())));
    }

    @Test
    void aZipWithAJavaSerializedEntryIsRefusedBeforeDl4jReadsIt() throws Exception {
        Path model = writtenModel();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new Payload());
        }
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + model.toUri()), Map.of())) {
            Files.write(zip.getPath(ModelSerializer.PREPROCESSOR_BIN), bytes.toByteArray());
        }

        Payload.ran = false;
        IOException e = assertThrows(IOException.class, () -> ModelFiles.read(model));
        assertTrue(
                e.getMessage().contains("'preprocessor.bin'") && e.getMessage().contains("Java deserialization"),
                e.getMessage());
        assertFalse(Payload.ran, "nothing in the zip was deserialized");

        // What the check prevents: DL4J itself deserializes the entry, running the payload's code.
        try {
            ModelSerializer.restoreMultiLayerNetwork(model.toFile(), false);
        } catch (RuntimeException ignored) {
            // the payload is not a DataSetPreProcessor; it ran before that was found out
        }
        assertTrue(Payload.ran, "stock DL4J runs readObject of preprocessor.bin");
    }

    @Test
    void somethingThatIsNotAModelZipIsReportedByName() throws IOException {
        Path notZip = Files.writeString(dir.resolve("x-model.zip"), "<html>");
        IOException e = assertThrows(IOException.class, () -> ModelFiles.read(notZip));
        assertTrue(
                e.getMessage().contains("x-model.zip") && e.getMessage().contains("not a model zip"), e.getMessage());
        MultiLayerNetwork ok = ModelFiles.read(writtenModel());
        assertTrue(ok.numParams() > 0);
    }
}
