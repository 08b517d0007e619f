package io.github.mnistgate.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The checks every model zip goes through before Deeplearning4j restores it, and its model card. A zip made by the
 * plugin holds DL4J's own entries and {@code model-card.json}, nothing else: DL4J reads {@code preprocessor.bin} and
 * {@code normalizer.bin} with Java deserialization, which can run code from whoever made the file.
 */
public final class ModelArchive {

    /** The model card's entry. */
    public static final String CARD = "model-card.json";

    /** What DL4J writes for a MultiLayerNetwork. */
    public static final Set<String> DL4J_ENTRIES = Set.of(
            ModelSerializer.CONFIGURATION_JSON,
            ModelSerializer.COEFFICIENTS_BIN,
            ModelSerializer.UPDATER_BIN,
            ModelSerializer.NO_PARAMS_MARKER);

    private ModelArchive() {}

    /**
     * Fails unless {@code zip} is a zip holding DL4J's configuration and nothing but DL4J's entries and {@code ours}
     * (null for none).
     */
    public static void check(Path zip, String ours) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile in = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                names.add(entries.nextElement().getName());
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(zip + " is not a model zip (" + e.getMessage() + ")", e);
        }
        for (String name : names) {
            if (!DL4J_ENTRIES.contains(name) && !name.equals(ours)) {
                throw new IOException(zip + " holds the entry '" + name + "'; a model zip may hold only "
                        + new TreeSet<>(DL4J_ENTRIES) + (ours == null ? "" : " and " + ours) + " (DL4J reads"
                        + " preprocessor.bin and normalizer.bin with Java deserialization, which can run code from"
                        + " whoever made the file)");
            }
        }
        if (!names.contains(ModelSerializer.CONFIGURATION_JSON)) {
            throw new IOException(zip + " is not a model zip: it has no " + ModelSerializer.CONFIGURATION_JSON);
        }
    }

    /** The bytes of the model card, or null when the zip has none. */
    public static byte[] card(Path zip) throws IOException {
        try (ZipFile in = new ZipFile(zip.toFile())) {
            ZipEntry entry = in.getEntry(CARD);
            if (entry == null) {
                return null;
            }
            try (InputStream data = in.getInputStream(entry)) {
                return data.readAllBytes();
            }
        }
    }
}
