package io.github.mnistgate.mnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real, headless Chromium, opened from {@code file:}: every image loads, the console shows
 * no error, and a screenshot is kept for a person to look at. The report is a fresh one from the real jobs, or
 * the one in {@code MNIST_REPORT_DIR} (CI checks the sample project's). Without Chromium the test is skipped,
 * unless {@code MNIST_BROWSER_TEST=required} (as in CI), which fails it instead.
 */
class ReportBrowserTest {

    @TempDir
    static Path dir;

    static Path report;
    static Path screenshot;
    static HeadlessChromium browser;

    @BeforeAll
    static void open() throws Exception {
        Optional<Path> chromium = HeadlessChromium.find();
        if (chromium.isEmpty() && "required".equals(System.getenv("MNIST_BROWSER_TEST"))) {
            fail(
                    "MNIST_BROWSER_TEST=required, but no chromium on the PATH (apt-get install chromium, or set MNIST_CHROMIUM)");
        }
        assumeTrue(chromium.isPresent(), "no chromium on this machine: the browser check is skipped");
        String given = System.getenv("MNIST_REPORT_DIR");
        if (given != null && !given.isBlank()) {
            report = Path.of(given).toAbsolutePath();
            screenshot = report.resolveSibling("report-screenshot.png");
        } else {
            OutputFiles out = ReportFixture.build(dir);
            HtmlReport.write(out, "report check: mnist report", BuildLog.silent());
            report = out.report();
            screenshot = Path.of("target/report-screenshot.png").toAbsolutePath();
        }
        assertTrue(Files.isRegularFile(report.resolve("index.html")), report + "/index.html exists");
        browser = new HeadlessChromium(chromium.get(), 1280, 900);
    }

    @AfterAll
    static void close() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void everyImageLoadsTheConsoleIsCleanAndAScreenshotIsKept() throws Exception {
        browser.open(report.resolve("index.html").toUri());

        List<String> broken = brokenImages();
        int count = browser.evaluate("document.images.length").asInt();
        assertTrue(count >= 8, "the report shows its pictures: " + count);
        assertEquals(List.of(), broken, "images that did not load");
        assertEquals(List.of(), browser.errors(), "console errors");
        List<String> sections = new ArrayList<>();
        browser.evaluate("Array.from(document.querySelectorAll('section[id]')).map(s => s.id)")
                .forEach(s -> sections.add(s.asText()));
        assertTrue(
                sections.containsAll(List.of("dataset", "training", "evaluation", "mistakes", "tuning", "model-card")),
                "sections: " + sections);

        browser.screenshot(screenshot, 0.5);
        BufferedImage shot = ImageIO.read(screenshot.toFile());
        assertTrue(
                shot.getWidth() >= 600 && shot.getHeight() > shot.getWidth(),
                "a whole-page screenshot: " + shot.getWidth() + "x" + shot.getHeight() + " in " + screenshot);
        System.out.println("report screenshot: " + screenshot + " (" + Files.size(screenshot) / 1024 + " KB)");
    }

    /** The check can fail: a report with a picture missing shows it as broken and as a console error. */
    @Test
    void aMissingPictureIsCaught() throws Exception {
        Path copy = dir.resolve("broken-report");
        copyTree(report, copy);
        Files.delete(copy.resolve("confusion.png"));
        browser.open(copy.resolve("index.html").toUri());

        assertEquals(List.of("confusion.png"), brokenImages());
        assertFalse(browser.errors().isEmpty(), "the failed load is an error in the console");
    }

    private static List<String> brokenImages() throws IOException, InterruptedException {
        JsonNode images = browser.evaluate(
                "Array.from(document.images).map(i => [i.getAttribute('src')," + " i.complete && i.naturalWidth > 0])");
        List<String> broken = new ArrayList<>();
        images.forEach(i -> {
            if (!i.get(1).asBoolean()) {
                broken.add(i.get(0).asText());
            }
        });
        return broken;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
