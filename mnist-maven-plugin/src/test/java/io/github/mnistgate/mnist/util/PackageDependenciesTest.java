package io.github.mnistgate.mnist.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The plugin's packages depend on each other in one direction only: no cycles. And no two classes share a simple
 * name, so none needs its full name where both are used.
 */
class PackageDependenciesTest {

    private static final Path MAIN = Path.of("src/main/java/io/github/mnistgate/mnist");
    private static final Pattern USE = Pattern.compile("io\\.github\\.mnistgate\\.mnist\\.([a-z]+)\\.[A-Z]");

    @Test
    void packagesFormNoCycle() throws IOException {
        Map<String, Set<String>> uses = dependencies();
        assertTrue(uses.size() >= 8, "the scan saw the packages: " + uses.keySet());
        List<String> cycles = new ArrayList<>();
        for (String start : uses.keySet()) {
            if (reaches(uses, start, start, new HashSet<>())) {
                cycles.add(start);
            }
        }
        assertEquals(List.of(), cycles, "packages on a cycle; dependencies: " + uses);
    }

    @Test
    void noTwoClassesShareASimpleName() throws IOException {
        Map<String, List<String>> byName = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .forEach(file -> byName.computeIfAbsent(file.getFileName().toString(), k -> new ArrayList<>())
                            .add(MAIN.relativize(file).toString()));
        }
        assertTrue(byName.size() > 100, "the scan saw the classes: " + byName.size());
        byName.values().removeIf(paths -> paths.size() == 1);
        assertEquals(Map.of(), byName);
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (next.equals(target) || (seen.add(next) && reaches(uses, next, target, seen))) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            files.filter(p -> p.toString().endsWith(".java")).forEach(file -> {
                String pkg = MAIN.relativize(file).getName(0).toString();
                Set<String> mine = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = USE.matcher(read(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        mine.add(m.group(1));
                    }
                }
            });
        }
        return uses;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
