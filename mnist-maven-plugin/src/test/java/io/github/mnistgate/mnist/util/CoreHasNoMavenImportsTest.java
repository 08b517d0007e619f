package io.github.mnistgate.mnist.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The core (everything but the mojo package) must stay usable without Maven. */
class CoreHasNoMavenImportsTest {

    private static final Path MAIN = Path.of("src/main/java/io/github/mnistgate/mnist");

    @Test
    void onlyThePluginPackageImportsTheMavenApi() throws IOException {
        assertTrue(Files.isDirectory(MAIN), "run from the module folder: " + MAIN.toAbsolutePath());
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Path> offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !MAIN.relativize(p).startsWith("plugin"))
                    .filter(CoreHasNoMavenImportsTest::importsMaven)
                    .toList();
            assertEquals(List.of(), offenders);
        }
        try (Stream<Path> core = Files.walk(MAIN)) {
            assertTrue(core.filter(p -> p.toString().endsWith(".java")).count() > 20, "the scan saw the sources");
        }
    }

    private static boolean importsMaven(Path file) {
        try {
            return Files.readAllLines(file).stream()
                    .anyMatch(l ->
                            l.startsWith("import org.apache.maven") || l.startsWith("import static org.apache.maven"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
