package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.DatasetFile;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads a {@code .tgz}/{@code .tar.gz}/{@code .tar}/{@code .zip} archive in one pass and extracts the
 * entries named like wanted dataset files, decompressed, into the scratch folder under names of our own
 * choosing. The entries' own paths are never used to write, and entries that try to escape (absolute paths,
 * {@code ..}) are refused anyway, with a warning; links are ignored; no entry is read past the size its file
 * can have.
 */
final class ArchiveExtractor {

    private final SourceContext context;
    private final Path target;
    private final Map<DatasetFile, List<Candidate>> found = new EnumMap<>(DatasetFile.class);
    private int extracted;

    private ArchiveExtractor(SourceContext context, Path target) {
        this.context = context;
        this.target = target;
    }

    /** Extracts what the archive has of the wanted files; the result serves them from the scratch folder. */
    static OpenedSource extract(Path archive, SourceContext context) throws IOException {
        Path target = Files.createDirectories(context.scratch().resolve("extracted"));
        ArchiveExtractor extractor = new ArchiveExtractor(context, target);
        Format format = Format.of(archive);
        try {
            switch (format) {
                case ZIP -> extractor.readZip(archive);
                case TAR_GZ -> extractor.readTar(archive, true);
                case TAR -> extractor.readTar(archive, false);
                default -> throw new IOException("not a folder, nor a .tgz, .tar.gz or .zip archive");
            }
        } catch (EOFException e) {
            throw new IOException("truncated " + format.label + " archive" + detail(e), e);
        } catch (IOException e) {
            if (e.getMessage() != null) {
                throw e;
            }
            throw new IOException(
                    "cannot read " + format.label + " archive (" + e.getClass().getSimpleName() + ")", e);
        } catch (RuntimeException e) {
            // Archive readers throw some of these on malformed input: a damaged archive, not a bug of ours.
            throw new IOException(
                    "cannot read " + format.label + " archive (" + e.getClass().getSimpleName() + detail(e) + ")", e);
        }
        Map<DatasetFile, List<Candidate>> result = extractor.found;
        return file -> result.getOrDefault(file, List.of());
    }

    private void readTar(Path archive, boolean gzipped) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
                InputStream unzipped = gzipped ? new GzipCompressorInputStream(raw, true) : raw;
                TarArchiveInputStream tar = new TarArchiveInputStream(unzipped)) {
            for (TarArchiveEntry entry; (entry = tar.getNextTarEntry()) != null; ) {
                if (entry.isSymbolicLink() || entry.isLink()) {
                    skipLink(entry.getName());
                } else if (entry.isFile()) {
                    consider(entry.getName(), entry.getSize(), tar);
                }
            }
        } catch (IllegalArgumentException e) {
            // commons-compress reports some malformed headers this way
            throw new IOException("cannot read tar archive " + archive + ": " + e.getMessage(), e);
        }
    }

    private void readZip(Path archive) throws IOException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.isDirectory() && wantedFile(entry.getName()).isPresent()) {
                    // java.util.zip does not expose Unix symlink flags; a link entry's content (the target's
                    // path) simply fails verification.
                    try (InputStream in = zip.getInputStream(entry)) {
                        consider(entry.getName(), entry.getSize(), in);
                    }
                }
            }
        }
    }

    private Optional<DatasetFile> wantedFile(String entryName) {
        return FileNames.match(entryName).filter(context.wanted()::contains);
    }

    private void skipLink(String name) {
        if (FileNames.match(name).isPresent()) {
            context.log().warn("ignoring link entry '" + name + "' in archive: links are never followed");
        }
    }

    /** Extracts one entry if it is a wanted file; {@code size} is the size the archive declares, or -1. */
    private void consider(String name, long size, InputStream in) throws IOException {
        Optional<DatasetFile> match = wantedFile(name);
        if (match.isEmpty()) {
            return;
        }
        DatasetFile file = match.get();
        if (FileNames.isUnsafeEntryPath(name)) {
            context.log().warn("ignoring archive entry '" + name + "': its path leads outside the archive");
            return;
        }
        long limit = Payloads.limitFor(context.spec().expected(file).size());
        List<Candidate> candidates = found.computeIfAbsent(file, f -> new ArrayList<>());
        if (size > Payloads.MAX_FILE_BYTES) {
            candidates.add(Candidate.failed(
                    name, new IOException("entry declares " + size + " bytes, more than any dataset file: refused")));
            return;
        }
        Path out = target.resolve(++extracted + "-" + file.fileName());
        try {
            Payloads.copyDecompressed(in, out, limit);
            candidates.add(Candidate.of(name, out));
        } catch (IOException e) {
            // A bad entry (too large, corrupt gzip) fails only itself; the archive may hold a good copy too.
            Files.deleteIfExists(out);
            candidates.add(Candidate.failed(name, e));
        }
    }

    private static String detail(Exception e) {
        return e.getMessage() == null ? "" : ": " + e.getMessage();
    }

    /** Told apart by content, since downloads and npm tarballs do not always carry the right name. */
    enum Format {
        ZIP("zip"),
        TAR_GZ("tar.gz"),
        TAR("tar"),
        UNKNOWN("unknown");

        final String label;

        Format(String label) {
            this.label = label;
        }

        static Format of(Path file) throws IOException {
            byte[] head = new byte[512];
            int n;
            try (InputStream in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            }
            if (n >= 4
                    && head[0] == 'P'
                    && head[1] == 'K'
                    && (head[2] == 3 || head[2] == 5)
                    && (head[3] == 4 || head[3] == 6)) {
                return ZIP;
            }
            if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
                return TAR_GZ;
            }
            if (n >= 262 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII).equals("ustar")) {
                return TAR;
            }
            return UNKNOWN;
        }
    }
}
