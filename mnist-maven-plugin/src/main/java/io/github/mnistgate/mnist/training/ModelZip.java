package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.runtime.ModelArchive;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Writes a DL4J model zip with one entry of ours added, atomically: DL4J writes to a temporary file, its
 * entries (in DL4J's order) and ours are copied to a second one with fixed times, which is renamed over the target. Both temporary files are
 * named after the target, so the next write sweeps any that a killed build left.
 */
final class ModelZip {

    /** Every entry's time: the start of 1980-02-01, a date every zip format holds without extra fields. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 2, 1, 0, 0);

    private ModelZip() {}

    /**
     * Restores a network with DL4J, after checking that the zip holds nothing but DL4J's own entries and
     * {@code ours} (null for none): nothing in it is read with Java deserialization.
     */
    static MultiLayerNetwork read(Path zip, String ours, boolean withUpdater) throws IOException {
        ModelArchive.check(zip, ours);
        return ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), withUpdater);
    }

    static void write(MultiLayerNetwork network, boolean withUpdater, String entry, byte[] content, Path target)
            throws IOException {
        Path dl4j = AtomicFiles.newTempBesideSweepingStale(target);
        try {
            ModelSerializer.writeModel(network, dl4j.toFile(), withUpdater);
            copyReplacing(dl4j, entry, content, target);
        } finally {
            Files.deleteIfExists(dl4j);
        }
    }

    /** Replaces (or adds) one entry of a zip, atomically: a reader sees the old zip or the new one. */
    static void replaceEntry(Path zip, String entry, byte[] content) throws IOException {
        copyReplacing(zip, entry, content, zip);
    }

    /** An entry stamped with a fixed time, so that the same content gives the same zip on every build. */
    private static ZipEntry entry(String name) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTimeLocal(ENTRY_TIME);
        return entry;
    }

    /** Writes {@code source}'s entries but {@code entry}, then {@code entry} with {@code content}, as {@code target}. */
    private static void copyReplacing(Path source, String entry, byte[] content, Path target) throws IOException {
        Path complete =
                Files.createTempFile(target.toAbsolutePath().getParent(), "." + target.getFileName() + ".", ".tmp");
        try {
            try (ZipFile in = new ZipFile(source.toFile());
                    OutputStream file = Files.newOutputStream(complete);
                    ZipOutputStream out = new ZipOutputStream(file)) {
                for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                    ZipEntry e = entries.nextElement();
                    if (e.getName().equals(entry)) {
                        continue;
                    }
                    out.putNextEntry(entry(e.getName()));
                    try (InputStream data = in.getInputStream(e)) {
                        data.transferTo(out);
                    }
                    out.closeEntry();
                }
                out.putNextEntry(entry(entry));
                out.write(content);
                out.closeEntry();
            }
            AtomicFiles.moveInto(complete, target);
        } finally {
            Files.deleteIfExists(complete);
        }
    }
}
