package io.github.mnistgate.mnist.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every POM snippet of the README stands in a project that CI builds, so a snippet that stops passing its own gate
 * fails the build: the "Add it to your pom" snippet verbatim in the {@code readme-quickstart} IT (an empty project
 * around it), the gate's settings in the sample project, the model's dependency in the sample consumer, and the image
 * folder's settings verbatim in the {@code readme-image-folder} IT, whose setup draws a user's own images, and the
 * model file's settings in the {@code gate-pytorch-model} IT, whose setup trains it with PyTorch.
 */
class ReadmeSnippetsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern XML_BLOCK = Pattern.compile("```xml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->");
    private static final Pattern PROJECT_VERSION =
            Pattern.compile("<artifactId>mnist-maven-plugin-aggregator</artifactId>\\s*<version>([^<]+)</version>");

    @Test
    void everySnippetStandsInAProjectThatCiBuilds() throws IOException {
        List<String> snippets = snippets();
        assertEquals(5, snippets.size(), "the README's POM snippets: " + snippets);
        String version = projectVersion();
        int checked = 0;
        for (String snippet : snippets) {
            if (snippet.contains("<goal>evaluate</goal>")) {
                assertTrue(
                        snippet.contains("<version>" + version + "</version>"),
                        "the snippet names the plugin's version " + version);
                String asBuilt =
                        snippet.replace("<version>" + version + "</version>", "<version>@project.version@</version>");
                assertContainsInOrder(ROOT.resolve("src-it/readme-quickstart/pom.xml"), lines(asBuilt), true);
            } else if (snippet.contains("<baseline>")) {
                assertContainsInOrder(ROOT.resolve("sample-project/pom.xml"), elements(snippet), false);
            } else if (snippet.contains("<classifier>model</classifier>")) {
                assertContainsInOrder(ROOT.resolve("sample-consumer/pom.xml"), lines(snippet), true);
            } else if (snippet.contains("<modelFile>")) {
                assertContainsInOrder(
                        ROOT.resolve("src-it/gate-pytorch-model/pytorch-1.1/pom.xml"), elements(snippet), false);
            } else if (snippet.contains("<imageDirectory>")) {
                assertContainsInOrder(ROOT.resolve("src-it/readme-image-folder/pom.xml"), lines(snippet), true);
            } else {
                throw new AssertionError("a README snippet no test builds:\n" + snippet);
            }
            checked++;
        }
        assertEquals(5, checked);
    }

    private static List<String> snippets() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> found = new ArrayList<>();
        Matcher m = XML_BLOCK.matcher(readme);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String projectVersion() throws IOException {
        Matcher m = PROJECT_VERSION.matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(m.find(), "the aggregator's version");
        return m.group(1);
    }

    /** Each line without its comment and indentation; blank ones left out. */
    private static List<String> lines(String xml) {
        List<String> lines = new ArrayList<>();
        for (String line : xml.split("\n", -1)) {
            String bare = COMMENT.matcher(line).replaceAll("").strip();
            if (!bare.isEmpty()) {
                lines.add(bare);
            }
        }
        return lines;
    }

    /** The snippet's settings: its lines but the enclosing {@code <configuration>} element. */
    private static List<String> elements(String xml) {
        List<String> lines = lines(xml);
        return lines.subList(1, lines.size() - 1);
    }

    /** The lines appear in {@code project} in this order: one after another where {@code adjacent}. */
    private static void assertContainsInOrder(Path project, List<String> expected, boolean adjacent)
            throws IOException {
        List<String> actual = lines(Files.readString(project));
        for (int start = 0; start < actual.size(); start++) {
            int at = start;
            int matched = 0;
            while (at < actual.size() && matched < expected.size()) {
                if (actual.get(at).equals(expected.get(matched))) {
                    matched++;
                } else if (adjacent) {
                    break;
                }
                at++;
            }
            if (matched == expected.size()) {
                return;
            }
        }
        throw new AssertionError(ROOT.relativize(project) + " lacks the README's lines " + expected);
    }
}
