package io.github.mnistgate.mnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.ListLog;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report made from what real fetch, tune, train and evaluate runs write (on a small learnable dataset):
 * every section is there, every picture it names lies beside it and decodes, and it still comes out, with the
 * built-in glyphs, where the JVM has no fonts.
 */
class HtmlReportTest {

    private static final Pattern IMG = Pattern.compile("<img src=\"([^\"]+)\"");

    @TempDir
    static Path shared;

    static OutputFiles out;

    @BeforeAll
    static void build() throws Exception {
        out = ReportFixture.build(shared);
    }

    @Test
    void everySectionIsThereAndEveryPictureLoads() throws IOException {
        List<String> lines = new ArrayList<>();
        BuildLog log = ListLog.into(lines);
        io.github.mnistgate.mnist.data.MnistData data = new io.github.mnistgate.mnist.data.MnistData(
                io.github.mnistgate.mnist.data.Dataset.MNIST,
                io.github.mnistgate.mnist.data.IdxFiles.learnable(300, 1),
                io.github.mnistgate.mnist.data.IdxFiles.learnable(10, 2));
        AugmentationGrid.write(
                data.train(),
                data.dataset(),
                io.github.mnistgate.mnist.training.Augmentation.parse("randomFlip=horizontal,randomRotation=0.1"),
                1,
                out.augmentation());
        BufferedImage grid = ImageIO.read(out.augmentation().toFile());
        assertEquals(6 + 8 * (56 + 6) + 3 + 6, grid.getWidth(), "the original and 7 draws of it in each row");
        assertEquals(6 + 8 * (56 + 6), grid.getHeight(), "one row for each of the first 8 classes");
        Path index = HtmlReport.write(out, "app: mnist report", log);
        String html = Files.readString(index);

        assertEquals(out.report().resolve("index.html"), index);
        for (String section : List.of(
                "id=\"dataset\"",
                "id=\"training\"",
                "id=\"evaluation\"",
                "id=\"mistakes\"",
                "id=\"tuning\"",
                "id=\"baseline\"",
                "id=\"model-card\"")) {
            assertTrue(html.contains(section), section);
        }
        List<String> images = images(html);
        for (String file : List.of(
                "samples.png",
                "augmentation.png",
                "class-balance.png",
                "loss.png",
                "accuracy.png",
                "confusion.png",
                "per-class.png",
                "trials.png",
                "hp-units.png",
                "hp-learning_rate.png")) {
            assertTrue(images.contains(file), file + " in " + images);
        }
        long mistakes = images.stream().filter(f -> f.startsWith("mistake-")).count();
        assertTrue(mistakes > 0 && mistakes <= ConfidentMistake.COUNT, "mistakes shown: " + mistakes);
        for (String file : images) {
            BufferedImage image = ImageIO.read(out.report().resolve(file).toFile());
            assertTrue(image != null && image.getWidth() > 0, file + " decodes");
        }
        assertTrue(html.contains("Gate: <b>passed</b>"), "the verdict heads the page");
        assertTrue(html.contains("trial_"), "the results table names the trials");
        assertTrue(html.contains("(best)"), "the best trial is marked in the table");
        assertFalse(
                html.contains("http://") || html.contains("https://") || html.contains("<script"),
                "nothing is fetched from a network and nothing runs");
        assertEquals(List.of(), lines, "fonts exist here: no fallback note");
    }

    @Test
    void theMostConfidentMistakesComeFirstAndAreWrong() throws IOException {
        List<ConfidentMistake> mistakes =
                List.of(Json.mapper().readValue(out.mistakes().toFile(), ConfidentMistake[].class));
        assertFalse(mistakes.isEmpty());
        for (int i = 0; i < mistakes.size(); i++) {
            ConfidentMistake m = mistakes.get(i);
            assertTrue(m.label() != m.predicted(), "a mistake: " + m.index());
            assertEquals(784, m.pixels().length);
            if (i > 0) {
                assertTrue(mistakes.get(i - 1).probability() >= m.probability(), "surest first");
            }
        }
    }

    @Test
    void withoutFontsTheReportStillComesOutWithBuiltInGlyphsAndSaysSoOnce() throws IOException {
        List<String> lines = new ArrayList<>();
        BuildLog log = ListLog.into(lines);
        Path target = shared.resolve("no-fonts");
        HtmlReport.write(out, target, "app", log, false);
        HtmlReport.write(out, target, "app", log, false);
        Path grid = shared.resolve("glyph-samples.png");
        MnistData data = new MnistData(Dataset.MNIST, IdxFiles.learnable(100, 1), IdxFiles.learnable(10, 2));
        SampleGrid.write(data.train(), data.dataset(), 2, grid, false);

        for (String file : images(Files.readString(target.resolve("index.html")))) {
            assertTrue(ImageIO.read(target.resolve(file).toFile()).getWidth() > 0, file);
        }
        assertTrue(ImageIO.read(grid.toFile()).getWidth() > 0);
        long notes = lines.stream().filter(w -> w.contains("no usable fonts")).count();
        assertEquals(1, notes, "said once, though the report was written twice: " + lines);
    }

    @Test
    void aReportIsReplacedWholeAndLeavesNothingBeside() throws IOException {
        Path target = shared.resolve("replaced");
        HtmlReport.write(out, target, "app", BuildLog.silent(), true);
        Files.writeString(target.resolve("stale.png"), "from an older report");
        Files.createDirectories(shared.resolve(".replaced.12345")); // what a killed build left
        HtmlReport.write(out, target, "app", BuildLog.silent(), true);

        assertFalse(Files.exists(target.resolve("stale.png")));
        try (Stream<Path> siblings = Files.list(shared)) {
            assertEquals(
                    List.of(),
                    siblings.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith(".replaced"))
                            .toList());
        }
    }

    static List<String> images(String html) {
        List<String> files = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            files.add(m.group(1));
        }
        return files;
    }
}
