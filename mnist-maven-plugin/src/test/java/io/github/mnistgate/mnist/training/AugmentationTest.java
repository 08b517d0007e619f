package io.github.mnistgate.mnist.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentationTest {

    private static final ImageShape SHAPE = new ImageShape(1, 4, 5);

    @TempDir
    Path dir;

    /** 0.0, 0.05, 0.10 ... row-major: every pixel tells where it lies. */
    private static float[] ramp() {
        float[] image = new float[SHAPE.size()];
        for (int i = 0; i < image.length; i++) {
            image[i] = i / 20f;
        }
        return image;
    }

    private static float[] apply(Augmentation a, float[] image, long seed) {
        float[] out = new float[image.length];
        a.apply(image, 0, SHAPE, new SplittableRandom(seed), out, 0);
        return out;
    }

    @Test
    void theSettingReadsAsKerasNamesItAndSaysItBack() {
        Augmentation a = Augmentation.parse("randomFlip=horizontal, randomTranslation=0.1,randomBrightness=0.2");
        assertEquals("horizontal", a.flip());
        assertEquals(0.1, a.translation());
        assertEquals("randomFlip=horizontal,randomTranslation=0.1,randomBrightness=0.2", a.describe());
        assertEquals(a, Augmentation.parse(a.describe()));
        assertTrue(Augmentation.parse("none").none());
        assertTrue(Augmentation.parse(" ").none());
        assertEquals("none", Augmentation.NONE.describe());
    }

    @Test
    void anyValueMayNameAHyperparameterThatTheRunsValuesFillIn() {
        AugmentationSetting setting =
                new AugmentationSetting("randomFlip=hp:flip, randomRotation=hp:turn,randomZoom=0.1");
        assertEquals(java.util.List.of("flip", "turn"), setting.references());
        assertEquals(
                "randomFlip=vertical,randomRotation=0.05,randomZoom=0.1",
                setting.resolve(java.util.Map.of("flip", "vertical", "turn", 0.05))
                        .describe());
        InvalidSettingException missing = assertThrows(
                InvalidSettingException.class, () -> setting.resolve(java.util.Map.of("flip", "vertical")));
        assertTrue(
                missing.getMessage().contains("it refers to hyperparameter 'turn', which is not defined"),
                missing.getMessage());
        InvalidSettingException outOfRange = assertThrows(
                InvalidSettingException.class,
                () -> setting.resolve(java.util.Map.of("flip", "vertical", "turn", 0.9)));
        assertTrue(outOfRange.getMessage().contains("<randomRotation> '0.9'"), outOfRange.getMessage());
        assertThrows(InvalidSettingException.class, () -> new AugmentationSetting("randomZoom=hp:z,randomZoom=2"));
        TrainingSettings tuned = new TrainingSettings(
                        1, 32, 0, new HyperParameterValues(Optimizer.ADAM, 1e-3, 1, java.util.Map.of("turn", 0.1)))
                .withAugmentation(new AugmentationSetting("randomRotation=hp:turn"));
        assertEquals(0.1, tuned.augmentation().rotation(), "the trial's or the tuned value");
    }

    @Test
    void badValuesFailNamingTheLayerAndWhatIsAllowed() {
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> Augmentation.parse("randomFlip=diagonal"));
        assertEquals("augmentation", e.setting());
        assertTrue(e.getMessage().contains("<randomFlip> 'diagonal': use horizontal, vertical or"), e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> Augmentation.parse("randomRotation=0.7"));
        assertTrue(e.getMessage().contains("<randomRotation> '0.7': a fraction of a full turn from 0 to 0.5"));
        e = assertThrows(InvalidSettingException.class, () -> Augmentation.parse("randomShear=0.1"));
        assertTrue(e.getMessage().contains("'randomShear=0.1' is not layer=value; use randomFlip, randomRotation"));
        e = assertThrows(InvalidSettingException.class, () -> Augmentation.parse("randomZoom=lots"));
        assertTrue(e.getMessage().contains("<randomZoom> 'lots': give a number"), e.getMessage());
    }

    @Test
    void aHorizontalFlipMirrorsTheRowsOrLeavesTheImageAsItIs() {
        Augmentation flip = Augmentation.parse("randomFlip=horizontal");
        float[] image = ramp();
        float[] mirrored = new float[image.length];
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                mirrored[y * 5 + x] = image[y * 5 + 4 - x];
            }
        }
        int flipped = 0;
        for (long seed = 0; seed < 40; seed++) {
            float[] out = apply(flip, image, seed);
            boolean same = java.util.Arrays.equals(out, image);
            assertTrue(same || java.util.Arrays.equals(out, mirrored), "mirrored or unchanged");
            flipped += same ? 0 : 1;
        }
        assertTrue(flipped > 10 && flipped < 30, "about half the draws flip: " + flipped);
    }

    @Test
    void geometricChangesMovePixelsAndKeepThemInRangeReflectingAtTheEdges() {
        assertEquals(0, Augmentation.reflect(0, 5));
        assertEquals(4, Augmentation.reflect(4, 5));
        assertEquals(4, Augmentation.reflect(5, 5), "d c b a | a b c d | d c b a");
        assertEquals(0, Augmentation.reflect(-1, 5));
        assertEquals(1, Augmentation.reflect(-2, 5));
        for (String setting : new String[] {"randomRotation=0.2", "randomZoom=0.3", "randomTranslation=0.3"}) {
            Augmentation a = Augmentation.parse(setting);
            float[] out = apply(a, ramp(), 7);
            assertFalse(java.util.Arrays.equals(out, ramp()), setting + " moves the pixels");
            for (float v : out) {
                assertTrue(v >= 0 && v <= 0.95f + 1e-6f, setting + ": within the image's values: " + v);
            }
            assertArrayEquals(out, apply(a, ramp(), 7), setting + ": the same draw gives the same image");
            assertNotEquals(java.util.Arrays.toString(out), java.util.Arrays.toString(apply(a, ramp(), 8)));
        }
    }

    @Test
    void contrastKeepsTheMeanAndBrightnessShiftsItByAtMostItsFactor() {
        float[] gray = new float[SHAPE.size()];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = 0.4f + (i % 2) * 0.2f; // 0.4 and 0.6: mean 0.5, no clipping within a factor of 2
        }
        float[] contrasted = apply(Augmentation.parse("randomContrast=0.5"), gray, 3);
        assertEquals(0.5, mean(contrasted), 1e-6);
        assertNotEquals(0.2f, contrasted[1] - contrasted[0], 1e-4f);
        float[] brighter = apply(Augmentation.parse("randomBrightness=0.2"), gray, 3);
        double shift = mean(brighter) - 0.5;
        assertTrue(Math.abs(shift) <= 0.2 && shift != 0, "shifted by " + shift);
        assertEquals(0.2f, brighter[1] - brighter[0], 1e-6f, "the contrast stays");
    }

    private static double mean(float[] values) {
        double sum = 0;
        for (float v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /**
     * Real training: augmentation changes the trained parameters (the images differ every epoch), the same seed gives
     * the same model byte for byte, and the setting enters the fingerprint and the card.
     */
    @Test
    void trainingWithAugmentationIsSeededAndRecorded() throws IOException {
        MnistData data = new MnistData(Dataset.MNIST, IdxFiles.learnable(600, 1), IdxFiles.learnable(200, 2));
        Augmentation every = Augmentation.parse("randomFlip=horizontal_and_vertical,randomRotation=0.05,"
                + "randomZoom=0.1,randomTranslation=0.1,randomContrast=0.2,randomBrightness=0.1");
        TrainingSettings plain =
                new TrainingSettings(2, 32, 0, new HyperParameterValues(Optimizer.ADAM, 1e-3, 3), Kernels.AUTO);
        ModelCard without = train(data, plain, "plain");
        ModelCard first = train(data, plain.withAugmentation(every), "first");
        ModelCard second = train(data, plain.withAugmentation(every), "second");

        assertArrayEquals(Files.readAllBytes(dir.resolve("first.zip")), Files.readAllBytes(dir.resolve("second.zip")));
        assertFalse(java.util.Arrays.equals(
                Files.readAllBytes(dir.resolve("plain.zip")), Files.readAllBytes(dir.resolve("first.zip"))));
        assertEquals(every.describe(), first.hyperParameters().get("augmentation"));
        assertEquals(first.fingerprint(), second.fingerprint());
        assertNotEquals(without.fingerprint(), first.fingerprint());
        assertEquals(null, without.hyperParameters().get("augmentation"));
    }

    private ModelCard train(MnistData data, TrainingSettings settings, String name) throws IOException {
        return new TrainingJob(BuildLog.silent())
                .run(
                        data,
                        ModelSpec.cnn(),
                        settings,
                        "the POM",
                        dir.resolve(name + ".zip"),
                        dir.resolve(name + ".json"));
    }
}
