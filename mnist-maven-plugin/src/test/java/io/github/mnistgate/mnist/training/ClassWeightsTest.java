package io.github.mnistgate.mnist.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.ImageFolder;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.Evaluator;
import io.github.mnistgate.mnist.fetch.FetchedDataset;
import io.github.mnistgate.mnist.fetch.ImageFolderCache;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassWeightsTest {

    private static final List<String> PETS = List.of("cat", "dog", "fox");

    @TempDir
    Path dir;

    @Test
    void balancedIsScikitLearnsComputeClassWeight() {
        // compute_class_weight("balanced", classes=[0, 1, 2], y=[0]*6 + [1]*3 + [2]) = n / (classes * count)
        assertArrayEquals(
                new double[] {10.0 / 18, 10.0 / 9, 10.0 / 3},
                new ClassWeights("balanced").weights(PETS, new int[] {6, 3, 1}),
                1e-12);
        assertNull(ClassWeights.NONE.weights(PETS, new int[] {6, 3, 1}));
        assertNull(new ClassWeights(" ").weights(PETS, new int[] {6, 3, 1}), "blank is none");
    }

    @Test
    void weightsByIndexOrNameTheOthersWeighingOne() {
        assertArrayEquals(new double[] {1, 1, 5}, new ClassWeights("1,1,5").weights(PETS, null), 0);
        assertArrayEquals(new double[] {1, 0.5, 5}, new ClassWeights("fox=5, 1=0.5").weights(PETS, null), 0);
        ClassWeights trials = new ClassWeights("fox=5, 1=0.5").byIndex(PETS);
        assertEquals("2=5,1=0.5", trials.setting(), "as tuning trials take them, knowing no names");
        assertArrayEquals(new double[] {1, 0.5, 5}, trials.weights(3, null), 0);
        assertArrayEquals(
                new double[] {0.5, 2, 2}, new ClassWeights("balanced").weights(3, new int[] {4, 1, 1}), 1e-12);
        assertEquals(Map.of("cat", 1.0, "dog", 0.5, "fox", 5.0), ClassWeights.byName(new double[] {1, 0.5, 5}, PETS));
    }

    @Test
    void badWeightsFailNamingTheSettingAndWhatIsAllowed() {
        for (String bad : List.of("heavy", "1,0,1", "cat=-1", "=2", "1,1,x", "cat=2000")) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> new ClassWeights(bad));
            assertEquals("classWeights", e.setting(), bad);
            assertTrue(e.getMessage().contains("use none, balanced"), e.getMessage());
        }
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> new ClassWeights("1,2").weights(PETS, null));
        assertTrue(e.getMessage().contains("2 weights for 3 classes [cat, dog, fox]"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> new ClassWeights("wolf=2").weights(PETS, null));
        assertTrue(
                e.getMessage()
                        .contains("'wolf' is no class: use a class index from 0 to 2 or a name of [cat, dog, fox]"),
                e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> new ClassWeights("cat=2,3").weights(PETS, null));
        assertTrue(e.getMessage().contains("'3' names no class"), e.getMessage());
    }

    /**
     * A folder in which dogs are ten times rarer than cats, and the two overlap: each picture's brightness is its
     * class's plus seeded noise. Unweighted, the model calls an unclear picture a cat, as cats are the likelier; with
     * balanced weights it splits them evenly, and more dogs are found. The card records the weights.
     */
    @Test
    void balancedWeightsRaiseTheRecallOfAClassTenTimesRarer() throws IOException {
        Random random = new Random(11);
        writePictures(dir.resolve("images/train/cat"), 1000, 100, random);
        writePictures(dir.resolve("images/train/dog"), 100, 150, random);
        writePictures(dir.resolve("images/test/cat"), 300, 100, random);
        writePictures(dir.resolve("images/test/dog"), 300, 150, random);
        ImageFolder folder = ImageFolder.scan(
                new ImageFolder.Settings(dir.resolve("images"), ImageFolder.shape("8", "grayscale"), 0.2, 1));
        FetchedDataset fetched =
                ImageFolderCache.prepare(folder, dir.resolve("cache"), Duration.ofSeconds(10), BuildLog.silent());
        MnistData data = MnistData.read(fetched.dataset(), fetched.files());
        assertEquals(
                List.of(1000, 100),
                List.of(data.train().classCounts()[0], data.train().classCounts()[1]));

        double unweighted = dogRecall(data, ClassWeights.NONE, "none");
        double balanced = dogRecall(data, new ClassWeights("balanced"), "balanced");
        assertTrue(
                balanced > unweighted + 0.15,
                String.format(Locale.ROOT, "dogs found: %.3f unweighted, %.3f balanced", unweighted, balanced));

        ModelCard card = Json.read(dir.resolve("balanced.json"), ModelCard.class);
        assertEquals(Map.of("cat", 0.55, "dog", 5.5), card.hyperParameters().get("class_weights"));
        assertEquals(
                card.hyperParameters().get("class_weights"),
                card.trainingInputs().hyperParameters().get("class_weights"));
        ModelCard none = Json.read(dir.resolve("none.json"), ModelCard.class);
        assertNull(none.hyperParameters().get("class_weights"));
        assertTrue(!card.fingerprint().equals(none.fingerprint()), "the weights enter the fingerprint");
    }

    private double dogRecall(MnistData data, ClassWeights weights, String name) throws IOException {
        TrainingSettings settings = new TrainingSettings(
                        6, 32, 0, new HyperParameterValues(Optimizer.ADAM, 3e-3, 5), Kernels.AUTO)
                .withClassWeights(weights);
        Path model = dir.resolve(name + ".zip");
        new TrainingJob(BuildLog.silent())
                .run(data, ModelSpec.mlp(), settings, "the POM", model, dir.resolve(name + ".json"));
        return Evaluator.evaluate(
                        ModelFiles.read(model),
                        data.test().toDataSet(data.test().size()),
                        Kernels.AUTO)
                .recall(1);
    }

    /** {@code count} 8x8 gray pictures of the brightness {@code mean} plus noise (shared by the whole picture). */
    private static void writePictures(Path folder, int count, int mean, Random random) throws IOException {
        Files.createDirectories(folder);
        for (int i = 0; i < count; i++) {
            int level = (int) Math.round(mean + 30 * random.nextGaussian());
            BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
            for (int p = 0; p < 64; p++) {
                int v = level + random.nextInt(21) - 10;
                image.getRaster().setSample(p % 8, p / 8, 0, Math.max(0, Math.min(255, v)));
            }
            ImageIO.write(
                    image,
                    "png",
                    folder.resolve(String.format(Locale.ROOT, "%04d.png", i)).toFile());
        }
    }
}
