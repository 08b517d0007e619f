package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A fake four-file dataset of a few hundred bytes per file (IDX-like headers, random content), with its own
 * expected sizes and checksums, so that fetching can be tested without the real 55 MB.
 */
final class TinyDataset {

    static final String ID = "tiny";

    final Map<DatasetFile, byte[]> content = new EnumMap<>(DatasetFile.class);
    final DatasetSpec spec;

    @SuppressWarnings("EnumOrdinal") // a different size for each file
    TinyDataset() {
        Map<DatasetFile, DatasetSpec.Expected> expected = new EnumMap<>(DatasetFile.class);
        Random random = new Random(42);
        for (DatasetFile file : DatasetFile.values()) {
            int count = 3 + file.ordinal();
            ByteBuffer b = ByteBuffer.allocate(file.isImages() ? 16 + count * 28 : 8 + count);
            b.putInt(file.isImages() ? 0x803 : 0x801).putInt(count);
            if (file.isImages()) {
                b.putInt(28).putInt(28);
            }
            byte[] bytes = b.array();
            for (int i = b.position(); i < bytes.length; i++) {
                bytes[i] = (byte) (file.isImages() ? random.nextInt(256) : random.nextInt(10));
            }
            content.put(file, bytes);
            expected.put(file, new DatasetSpec.Expected(bytes.length, FileCheck.sha256(bytes)));
        }
        spec = new DatasetSpec(Dataset.MNIST, ID, expected);
    }

    byte[] bytes(DatasetFile file) {
        return content.get(file);
    }

    static FetchSettings.Builder settings(Path cache) {
        return FetchSettings.builder(cache)
                .connectTimeout(java.time.Duration.ofSeconds(2))
                .readTimeout(java.time.Duration.ofSeconds(5))
                .retryDelays(java.util.List.of(java.time.Duration.ofMillis(10), java.time.Duration.ofMillis(40)))
                .lockTimeout(java.time.Duration.ofSeconds(30));
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** Entry name to content, in order, for archives. */
    Map<String, byte[]> entries(String prefix, boolean gz) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (DatasetFile file : DatasetFile.values()) {
            entries.put(prefix + file.fileName() + (gz ? ".gz" : ""), gz ? gzip(bytes(file)) : bytes(file));
        }
        return entries;
    }

    static Path tarGz(Path archive, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    /** A tar.gz with one symbolic link entry among the given ones. */
    static Path tarGzWithLink(Path archive, String linkName, String linkTarget, Map<String, byte[]> entries)
            throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive));
                TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry link = new TarArchiveEntry(linkName, TarConstants.LF_SYMLINK, true);
            link.setLinkName(linkTarget);
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey(), true);
                entry.setSize(e.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(e.getValue());
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    static Path zip(Path archive, Map<String, byte[]> entries) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return archive;
    }

    static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }

    /** Every file of the fetched dataset holds exactly this dataset's bytes. */
    void assertAllCached(FetchedDataset fetched) throws IOException {
        for (DatasetFile f : DatasetFile.values()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    bytes(f), Files.readAllBytes(fetched.file(f)), f.fileName());
        }
    }
}
