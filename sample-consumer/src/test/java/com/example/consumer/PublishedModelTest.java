package com.example.consumer;

import io.github.mnistgate.runtime.Classification;
import io.github.mnistgate.runtime.ImageClassifier;
import io.github.mnistgate.runtime.ImageShape;
import io.github.mnistgate.runtime.Prediction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Classifies the MNIST test set with the published model through mnist-model-runtime, as an application would, and
 * checks that it scores exactly what the plugin's evaluation.json and the zip's model card say.
 */
class PublishedModelTest {

    private static byte[] images;
    private static byte[] labels;
    private static int n;

    @BeforeAll
    static void readTestSet() throws IOException {
        images = Files.readAllBytes(Path.of(System.getProperty("mnist.testImages")));
        labels = Files.readAllBytes(Path.of(System.getProperty("mnist.testLabels")));
        n = ByteBuffer.wrap(labels, 4, 4).getInt();
        assertEquals(10_000, n);
    }

    /** Test image {@code i} as a picture: 28x28, 8-bit gray, as a PNG of it would read. */
    private static BufferedImage picture(int i) {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(images, 16 + i * 784, 16 + (i + 1) * 784));
        return image;
    }

    @Test
    void theModelFromTheClassPathScoresTheAccuracyItWasPublishedWith() throws IOException {
        ImageClassifier model = ImageClassifier.fromClasspath("models/digits-classifier-model.zip");
        assertEquals(ImageShape.MNIST, model.inputShape());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), model.classNames());

        float[][] pixels = new float[n][784];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < 784; p++) {
                pixels[i][p] = (images[16 + i * 784 + p] & 0xff) / 255f; // [0, 1], row-major
            }
        }
        List<Classification> all = model.classifyAll(pixels);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            if (all.get(i).best().index() == labels[8 + i]) {
                correct++;
            }
        }
        double accuracy = correct / (double) n;

        String json = Files.readString(Path.of(System.getProperty("published.evaluation")));
        Matcher m = Pattern.compile("\"accuracy\"\\s*:\\s*([0-9.Ee-]+)").matcher(json);
        assertTrue(m.find(), json);
        double published = Double.parseDouble(m.group(1));
        System.out.printf("published model through the runtime: accuracy %.4f on %d test images; evaluation.json says"
                + " %.4f, its model card %.4f%n", accuracy, n, published, model.description().testAccuracy());
        assertEquals(published, accuracy, 0.5 / n, "the same predictions as the plugin's evaluation");
        assertEquals(accuracy, model.description().testAccuracy(), 0.5 / n, "the card knows the model's test accuracy");
        assertTrue(accuracy >= 0.99, "the published model passed the 0.99 gate");
    }

    @Test
    void picturesAreClassifiedAsTheirPixelsAre() throws IOException {
        ImageClassifier model = ImageClassifier.load(Path.of(System.getProperty("model.file")));
        List<BufferedImage> pictures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            pictures.add(picture(i));
        }
        List<Classification> fromPictures = model.classifyAll(pictures);
        int correct = 0;
        for (int i = 0; i < pictures.size(); i++) {
            float[] pixels = new float[784];
            for (int p = 0; p < 784; p++) {
                pixels[p] = (images[16 + i * 784 + p] & 0xff) / 255f;
            }
            Classification fromPixels = model.classify(pixels);
            assertArrayEquals(fromPixels.probabilities(), fromPictures.get(i).probabilities(), 1e-6f, "image " + i);
            List<Prediction> top = fromPictures.get(i).top(3);
            assertTrue(top.get(0).probability() >= top.get(1).probability()
                    && top.get(1).probability() >= top.get(2).probability(), top.toString());
            correct += top.get(0).label().equals(Integer.toString(labels[8 + i])) ? 1 : 0;
        }
        assertTrue(correct >= 195, correct + " of 200 pictures classified right");
        System.out.printf("first test picture: %s, then %s%n", model.classify(picture(0)).best(),
                model.classify(picture(0)).top(3).subList(1, 3));
    }
}
