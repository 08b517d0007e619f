package com.example.consumer;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restores the published model with stock DL4J and checks it scores what its evaluation.json and model card say. */
class PublishedModelTest {

    @Test
    void publishedModelScoresTheAccuracyItWasPublishedWith() throws Exception {
        MultiLayerNetwork model = ModelSerializer.restoreMultiLayerNetwork(new File(System.getProperty("model.file")));
        byte[] images = Files.readAllBytes(Path.of(System.getProperty("mnist.testImages")));
        byte[] labels = Files.readAllBytes(Path.of(System.getProperty("mnist.testLabels")));
        int n = ByteBuffer.wrap(labels, 4, 4).getInt();
        assertEquals(10_000, n);

        int correct = 0;
        for (int from = 0; from < n; from += 500) {
            int rows = Math.min(500, n - from);
            float[] pixels = new float[rows * 784];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (images[16 + from * 784 + i] & 0xff) / 255f; // [N, 784], scaled to [0, 1]
            }
            INDArray probabilities = model.output(Nd4j.create(pixels, new long[] {rows, 784}));
            assertArrayEquals(new long[] {rows, 10}, probabilities.shape());
            INDArray predicted = probabilities.argMax(1);
            for (int r = 0; r < rows; r++) {
                if (predicted.getInt(r) == labels[8 + from + r]) {
                    correct++;
                }
            }
        }
        double accuracy = correct / (double) n;

        String json = Files.readString(Path.of(System.getProperty("published.evaluation")));
        Matcher m = Pattern.compile("\"accuracy\"\\s*:\\s*([0-9.Ee-]+)").matcher(json);
        assertTrue(m.find(), json);
        double published = Double.parseDouble(m.group(1));
        System.out.printf("restored model: accuracy %.4f on %d test images; evaluation.json says %.4f%n",
                accuracy, n, published);
        assertEquals(published, accuracy, 0.5 / n, "same predictions as the plugin's evaluation");
        assertTrue(accuracy >= 0.99, "the published model passed the 0.99 gate");

        // The model card inside the published zip carries the evaluation it passed its gate with.
        String card;
        try (ZipFile zip = new ZipFile(System.getProperty("model.file"))) {
            card = new String(zip.getInputStream(zip.getEntry("model-card.json")).readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher evaluated = Pattern.compile("\"evaluation\"\\s*:\\s*\\{[^{]*?\"accuracy\"\\s*:\\s*([0-9.Ee-]+)").matcher(card);
        assertTrue(evaluated.find(), card);
        assertEquals(accuracy, Double.parseDouble(evaluated.group(1)), 0.5 / n, "the card knows the model's test accuracy");
        assertTrue(card.contains("\"passed\" : true"), card);
    }
}
