package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.DatasetFile;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code file:} URI or plain path: a folder holding the files anywhere inside (plain or gzipped), an
 * archive holding them, or a single dataset file. Which one is decided when opened, from what is there.
 */
final class LocalSource extends Source {

    /** Deep enough for any sensible layout, shallow enough that pointing at a home folder ends soon. */
    private static final int MAX_DEPTH = 12;

    private final Path path;

    LocalSource(String location, Path path) {
        super(location);
        this.path = path;
    }

    Path path() {
        return path;
    }

    @Override
    public boolean isNetwork() {
        return false;
    }

    @Override
    OpenedSource open(SourceContext context) throws IOException {
        if (Files.isDirectory(path)) {
            return scanFolder(context);
        }
        if (!Files.exists(path)) {
            throw new IOException("no such file or folder");
        }
        Optional<DatasetFile> single = FileNames.match(path.getFileName().toString());
        if (single.isPresent()) {
            List<Candidate> one = List.of(Candidate.of(path.getFileName().toString(), path));
            return file -> file == single.get() ? one : List.of();
        }
        return ArchiveExtractor.extract(path, context);
    }

    private OpenedSource scanFolder(SourceContext context) throws IOException {
        Map<DatasetFile, List<Path>> found = new EnumMap<>(DatasetFile.class);
        // Links are followed: this is the user's own disk; loops are detected by the walker and skipped.
        Files.walkFileTree(path, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()) {
                    FileNames.match(file.getFileName().toString())
                            .filter(context.wanted()::contains)
                            .ifPresent(f -> found.computeIfAbsent(f, k -> new ArrayList<>())
                                    .add(file));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                context.log().debug("cannot read " + file + ": " + e);
                return FileVisitResult.CONTINUE;
            }
        });
        Map<DatasetFile, List<Candidate>> candidates = new EnumMap<>(DatasetFile.class);
        found.forEach((file, paths) -> candidates.put(
                file,
                paths.stream()
                        .sorted()
                        .map(p -> Candidate.of(path.relativize(p).toString(), p))
                        .toList()));
        return file -> candidates.getOrDefault(file, List.of());
    }
}
