package io.github.mnistgate.mnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.DatasetSummary;
import io.github.mnistgate.mnist.data.ImageFolder;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.Gate;
import io.github.mnistgate.mnist.evaluation.GateMode;
import io.github.mnistgate.mnist.evaluation.Limit;
import io.github.mnistgate.mnist.fetch.FetchedDataset;
import io.github.mnistgate.mnist.fetch.ImageFolderCache;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.LayerSpec;
import io.github.mnistgate.mnist.model.LayerType;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.training.ModelCard;
import io.github.mnistgate.mnist.training.TrainingJob;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Folders;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.OutputFiles;
import io.github.mnistgate.runtime.ImageClassifier;
import io.github.mnistgate.runtime.ImageShape;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole build of the core on a folder of RGB images of another size and more than ten classes, named by colour:
 * converted, trained with a small convolution network, gated by a class's name, reported, and classified back through
 * the runtime. The report is left in {@code target/image-folder-report/} to look at.
 */
class ImageFolderBuildTest {

    private static final String[] COLOURS = {
        "red", "orange", "yellow", "lime", "green", "teal", "cyan", "sky", "blue", "violet", "magenta", "pink"
    };

    @TempDir
    Path dir;

    /** A 20x14 picture of the colour of its class as a blob on a dark noisy background, seeded. */
    private static BufferedImage picture(int colour, Random random) {
        BufferedImage image = new BufferedImage(20, 14, BufferedImage.TYPE_INT_RGB);
        Color c = Color.getHSBColor(colour / (float) COLOURS.length, 0.9f, 1f);
        int cx = 5 + random.nextInt(10);
        int cy = 4 + random.nextInt(6);
        for (int y = 0; y < 14; y++) {
            for (int x = 0; x < 20; x++) {
                boolean blob = (x - cx) * (x - cx) + (y - cy) * (y - cy) <= 12;
                int noise = random.nextInt(40);
                image.setRGB(
                        x,
                        y,
                        blob
                                ? new Color(
                                                Math.min(255, c.getRed() + noise / 4),
                                                Math.min(255, c.getGreen() + noise / 4),
                                                Math.min(255, c.getBlue() + noise / 4))
                                        .getRGB()
                                : new Color(noise, noise, noise).getRGB());
            }
        }
        return image;
    }

    @Test
    void rgbImagesOfTwelveNamedClassesTrainGateReportAndClassifyThroughTheRuntime() throws Exception {
        Path images = dir.resolve("images");
        Random random = new Random(5);
        for (int k = 0; k < COLOURS.length; k++) {
            Path folder = Files.createDirectories(images.resolve(COLOURS[k]));
            for (int i = 0; i < 30; i++) {
                ImageIO.write(
                        picture(k, random),
                        "png",
                        folder.resolve(String.format(Locale.ROOT, "%03d.png", i))
                                .toFile());
            }
        }
        ImageShape shape = ImageFolder.shape("16x12", "rgb");
        ImageFolder folder = ImageFolder.scan(new ImageFolder.Settings(images, shape, 0.25, 3));
        FetchedDataset fetched =
                ImageFolderCache.prepare(folder, dir.resolve("cache"), Duration.ofSeconds(10), BuildLog.silent());
        MnistData data = MnistData.read(fetched.dataset(), fetched.files());
        assertEquals(List.of(COLOURS).stream().sorted().toList(), data.dataset().classNames());
        assertEquals(12 * 30, data.train().size() + data.test().size());

        Path kept = Path.of("target/image-folder-report");
        Folders.deleteTree(kept);
        OutputFiles out = new OutputFiles(kept.resolve("mnist"));
        Json.write(out.datasetSummary(), DatasetSummary.of(data));
        SampleGrid.write(data.train(), data.dataset(), 3, out.samples());
        ModelSpec spec = new ModelSpec(
                ModelSpec.CUSTOM,
                List.of(
                        LayerSpec.of(LayerType.CONV2D, "filters", "8", "kernel", "3"),
                        LayerSpec.of(LayerType.MAXPOOL, "size", "2"),
                        LayerSpec.of(LayerType.DENSE, "units", "32"),
                        LayerSpec.of(LayerType.OUTPUT)),
                java.util.Map.of());
        Path model = kept.resolve("colours-model.zip");
        new TrainingJob(BuildLog.silent())
                .run(
                        data,
                        spec,
                        new TrainingSettings(8, 16, 0, new HyperParameterValues(Optimizer.ADAM, 3e-3, 7)),
                        "the POM",
                        model,
                        out.modelCard());
        List<String> names = data.dataset().classNames();
        EvaluationJob.Outcome outcome = new EvaluationJob(BuildLog.silent())
                .runOnModel(
                        model,
                        data,
                        EvaluationJob.Settings.of(new Gate(
                                List.of(Limit.parse("0.8"), Limit.of(1, "recall", "green", "0.5", null, names)),
                                GateMode.ESTIMATE)),
                        null,
                        out);
        HtmlReport.write(out, "colours: mnist report", BuildLog.silent());

        assertTrue(
                outcome.report().accuracy() >= 0.8,
                "learns the colours: " + outcome.report().accuracy());
        assertEquals(List.of(), outcome.violations());
        assertTrue(
                outcome.report().limits().contains("recall of class " + names.indexOf("green") + " (green) >= 0.5000"),
                outcome.report().limits().toString());
        ModelCard card = Json.read(out.modelCard(), ModelCard.class);
        assertEquals(new ImageShape(3, 12, 16), card.inputShape());
        assertEquals(names, card.classNames());
        assertEquals("[N, 576] float32 pixels scaled to [0, 1], R, G and B planes, each row-major 16x12", card.input());
        String html = Files.readString(out.report().resolve("index.html"));
        assertTrue(html.contains("folder, 12 classes, 16x12 RGB uint8"), html);

        // The published zip, through the runtime: a picture of each colour, at its own size, is classified as it.
        ImageClassifier classifier = ImageClassifier.load(model);
        assertEquals(names, classifier.classNames());
        assertEquals(new ImageShape(3, 12, 16), classifier.inputShape());
        List<String> wrong = new ArrayList<>();
        Random fresh = new Random(99);
        int right = 0;
        for (int k = 0; k < COLOURS.length; k++) {
            for (int i = 0; i < 5; i++) {
                String got = classifier.classify(picture(k, fresh)).best().label();
                if (got.equals(COLOURS[k])) {
                    right++;
                } else {
                    wrong.add(COLOURS[k] + " as " + got);
                }
            }
        }
        assertTrue(right >= 48, right + " of 60 new pictures right; wrong: " + wrong);
    }
}
