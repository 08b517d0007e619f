package io.github.mnistgate.mnist.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the topics in {@code docs/} link only inside the repository, and every link resolves: to a file that
 * is there and, with a {@code #fragment}, to a heading of that file (as a Markdown renderer makes its anchors).
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** {@code [text](target)} and {@code ![alt](target)}, outside code. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyLinkOfTheDocsResolvesInsideTheRepository() throws IOException {
        List<Path> pages = pages();
        assertTrue(pages.size() >= 6, "the README and the docs/ topics: " + pages);
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            for (String target : links(page)) {
                links++;
                String problem = problem(page, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(page) + ": (" + target + ") " + problem);
                }
            }
        }
        assertTrue(links >= 20, "the scan saw the links: " + links);
        assertEquals(List.of(), broken);
    }

    /**
     * No sentence of the README or a topic runs over 45 words. Code blocks, tables and headings are left out; a list
     * item starts a sentence; a sentence ends at '.', '!' or '?' followed by a space and a capital, a backtick or a
     * bracket.
     */
    @Test
    void noSentenceRunsOverFortyFiveWords() throws IOException {
        List<String> tooLong = new ArrayList<>();
        int sentences = 0;
        for (Path page : pages()) {
            for (String sentence : sentences(Files.readString(page))) {
                sentences++;
                int words = sentence.trim().split("\\s+").length;
                if (words > 45) {
                    tooLong.add(ROOT.relativize(page) + " (" + words + " words): " + sentence);
                }
            }
        }
        assertTrue(sentences > 300, "the scan saw the sentences: " + sentences);
        assertEquals(List.of(), tooLong);
    }

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z`(\\[*_\"])");
    private static final Pattern LIST_ITEM = Pattern.compile("^(- |\\* |\\d+\\. ).*");

    static List<String> sentences(String markdown) {
        List<String> out = new ArrayList<>();
        StringBuilder block = new StringBuilder();
        boolean fenced = false;
        for (String raw : (markdown + "\n\n").split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            boolean breaks = line.isEmpty()
                    || line.startsWith("|")
                    || line.startsWith("#")
                    || LIST_ITEM.matcher(line).matches();
            if (fenced || breaks) {
                if (!block.isEmpty()) {
                    out.addAll(List.of(SENTENCE_END.split(block.toString())));
                    block.setLength(0);
                }
                if (fenced || line.isEmpty() || line.startsWith("|") || line.startsWith("#")) {
                    continue;
                }
            }
            block.append(block.isEmpty() ? "" : " ").append(line);
        }
        return out;
    }

    @Test
    void theReadmeStaysShort() throws IOException {
        long lines = Files.readAllLines(ROOT.resolve("README.md")).size();
        assertTrue(lines <= 260, "README.md has " + lines + " lines; topics belong in docs/");
    }

    /**
     * Every setting of every goal, as the plugin descriptor has it, stands in {@code docs/reference.md}: a
     * {@code mnist.*} property in a table row with its default value, a POM-only element by its name.
     */
    @Test
    void theReferenceNamesEverySettingWithItsDefault() throws Exception {
        Path descriptor = Path.of("target/classes/META-INF/maven/plugin.xml");
        assertTrue(
                Files.isRegularFile(descriptor),
                "the build made the plugin descriptor: " + descriptor.toAbsolutePath());
        List<String> reference = Files.readAllLines(ROOT.resolve("docs/reference.md"));
        org.w3c.dom.Document xml = javax.xml.parsers.DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(descriptor.toFile());
        Set<String> inherited =
                Set.of("locale", "outputFormat", "outputTimestamp", "siteDirectory", "resultsDirectory");
        List<String> missing = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        org.w3c.dom.NodeList configurations = xml.getElementsByTagName("configuration");
        for (int m = 0; m < configurations.getLength(); m++) {
            org.w3c.dom.NodeList entries = configurations.item(m).getChildNodes();
            for (int i = 0; i < entries.getLength(); i++) {
                if (!(entries.item(i) instanceof org.w3c.dom.Element e)
                        || inherited.contains(e.getTagName())
                        || !seen.add(e.getTagName())) {
                    continue;
                }
                String expression = e.getTextContent().trim();
                if (!expression.startsWith("${mnist.")) {
                    continue; // read-only ${project} and the like
                }
                String property = expression.substring(2, expression.length() - 1);
                String fallback = e.getAttribute("default-value").replace("${user.home}", "~");
                String shown = fallback.isEmpty() ? "none" : "`" + fallback + "`";
                boolean found =
                        reference.stream().anyMatch(l -> l.startsWith("| `" + property + "` |") && l.contains(shown));
                if (!found) {
                    missing.add(property + " (default " + shown + ")");
                }
            }
        }
        for (String pomOnly : List.of("layers", "limits", "hyperParameters", "sparkConf")) {
            if (reference.stream().noneMatch(l -> l.startsWith("| `<" + pomOnly + ">` |"))) {
                missing.add("<" + pomOnly + ">");
            }
        }
        assertTrue(seen.size() > 40, "the scan saw the settings: " + seen);
        assertEquals(List.of(), missing, "settings docs/reference.md lacks, or shows with another default");
    }

    private static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    /** The link targets of a page, leaving out what stands in code blocks and code spans. */
    static List<String> links(Path page) throws IOException {
        List<String> out = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", ""));
            while (m.find()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static String problem(Path page, String target) throws IOException {
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return "leads outside the repository";
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!resolved.startsWith(ROOT)) {
            return "leads outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "names no file of the repository";
        }
        if (fragment != null && !anchors(resolved).contains(fragment)) {
            return "names no heading of " + ROOT.relativize(resolved) + "; its anchors: " + anchors(resolved);
        }
        return null;
    }

    /** The anchors a renderer gives a page's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        if (!page.toString().endsWith(".md")) {
            return anchors;
        }
        boolean fenced = false;
        for (String line : Files.readAllLines(page)) {
            if (line.trim().startsWith("```")) {
                fenced = !fenced;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                String base = m.group(1)
                        .toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-');
                String anchor = base;
                for (int n = 1; !anchors.add(anchor); n++) {
                    anchor = base + "-" + n;
                }
            }
        }
        return anchors;
    }
}
