package io.github.mnistgate.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class ImageClassifierTest {

    private static final ImageShape SHAPE = new ImageShape(1, 2, 3);
    private static final String CARD =
            "{\"dataset\":\"folder\",\"inputShape\":{\"channels\":1,\"height\":2,\"width\":3},"
                    + "\"classNames\":[\"cat\",\"dog\",\"fox\"],\"fingerprint\":\"abc\",\"evaluation\":{\"accuracy\":0.875}}";

    @TempDir
    Path dir;

    /**
     * Softmax over 6 pixels to 3 classes, class k weighing pixel k by 10 and the others by 0: the brightest of the
     * first three pixels wins.
     */
    static MultiLayerNetwork brightestPixel(int inputs, int classes) {
        MultiLayerNetwork network = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(inputs)
                        .nOut(classes)
                        .activation(Activation.SOFTMAX)
                        .build())
                .build());
        network.init();
        INDArray w = Nd4j.zeros(inputs, classes);
        for (int k = 0; k < classes; k++) {
            w.putScalar(k, k, 10);
        }
        network.setParams(Nd4j.concat(1, w.reshape('f', 1, inputs * classes), Nd4j.zeros(1, classes)));
        return network;
    }

    /** A model zip as the plugin writes it: DL4J's entries, then the card (none when null), plus {@code extra}. */
    Path zip(MultiLayerNetwork network, String card, Map<String, String> extra) throws IOException {
        Path dl4j = dir.resolve("dl4j.zip");
        ModelSerializer.writeModel(network, dl4j.toFile(), false);
        Path zip = dir.resolve("model-" + System.nanoTime() + ".zip");
        try (ZipFile in = new ZipFile(dl4j.toFile());
                OutputStream file = Files.newOutputStream(zip);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                out.putNextEntry(new ZipEntry(entry.getName()));
                try (InputStream data = in.getInputStream(entry)) {
                    data.transferTo(out);
                }
            }
            if (card != null) {
                extra = new java.util.LinkedHashMap<>(extra);
                extra.put(ModelArchive.CARD, card);
            }
            for (Map.Entry<String, String> e : extra.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return zip;
    }

    @Test
    void classifiesPixelsAndImagesWithTheCardsClassNames() throws IOException {
        ImageClassifier model = ImageClassifier.load(zip(brightestPixel(6, 3), CARD, Map.of()));
        assertEquals(SHAPE, model.inputShape());
        assertEquals(List.of("cat", "dog", "fox"), model.classNames());
        assertEquals(0.875, model.description().testAccuracy());
        assertEquals("folder", model.description().dataset());

        Classification c = model.classify(new float[] {0.1f, 0.9f, 0.5f, 0, 0, 0});
        assertEquals(new Prediction(1, "dog", c.probabilities()[1]), c.best());
        List<Prediction> top = c.top(3);
        assertEquals(
                List.of("dog", "fox", "cat"),
                top.stream().map(Prediction::label).toList());
        assertTrue(top.get(0).probability() > top.get(1).probability()
                && top.get(1).probability() > top.get(2).probability());
        float sum = 0;
        for (float p : c.probabilities()) {
            sum += p;
        }
        assertEquals(1f, sum, 1e-5f);
        assertEquals(c.probabilities()[2], c.probabilityOf("fox"));

        // A 6x4 picture, bright in its top right: shrunk to 3x2, the third pixel is the brightest.
        BufferedImage image = new BufferedImage(6, 4, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 2; y++) {
            for (int x = 4; x < 6; x++) {
                image.getRaster().setSample(x, y, 0, 255);
            }
        }
        assertEquals("fox", model.classify(image).best().label());
        assertEquals(
                List.of("fox", "fox"),
                model.classifyAll(List.of(image, image)).stream()
                        .map(r -> r.best().label())
                        .toList());
    }

    @Test
    void aBatchLargerThanOneCallGivesWhatEachImageGivesAlone() throws IOException {
        ImageClassifier model = ImageClassifier.load(zip(brightestPixel(6, 3), CARD, Map.of()));
        java.util.Random random = new java.util.Random(3);
        float[][] batch = new float[ImageClassifier.BATCH * 2 + 7][6];
        for (float[] image : batch) {
            for (int p = 0; p < image.length; p++) {
                image[p] = random.nextFloat();
            }
        }
        List<Classification> all = model.classifyAll(batch);
        assertEquals(batch.length, all.size());
        for (int i : new int[] {0, ImageClassifier.BATCH, batch.length - 1}) {
            assertArrayEquals(
                    model.classify(batch[i]).probabilities(), all.get(i).probabilities(), 1e-6f);
        }
    }

    @Test
    void loadsFromTheClassPath() throws IOException {
        Path zip = zip(brightestPixel(6, 3), CARD, Map.of());
        Path root = dir.resolve("classes/models");
        Files.createDirectories(root);
        Files.copy(zip, root.resolve("animals.zip"));
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()}, null)) {
            ImageClassifier model = ImageClassifier.fromClasspath("/models/animals.zip", loader);
            assertEquals(List.of("cat", "dog", "fox"), model.classNames());
            IOException missing =
                    assertThrows(IOException.class, () -> ImageClassifier.fromClasspath("models/none.zip", loader));
            assertTrue(missing.getMessage().contains("models/none.zip"), missing.getMessage());
        }
    }

    @Test
    void aModelWithoutCardIsReadFromItsNetwork() throws IOException {
        ImageClassifier mnistSized = ImageClassifier.load(zip(brightestPixel(784, 10), null, Map.of()));
        assertEquals(ImageShape.MNIST, mnistSized.inputShape());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), mnistSized.classNames());
        assertNull(mnistSized.description().testAccuracy());

        MultiLayerNetwork conv = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(4)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutionalFlat(8, 5, 3))
                .build());
        conv.init();
        assertEquals(
                new ImageShape(3, 8, 5),
                ImageClassifier.load(zip(conv, "{}", Map.of())).inputShape());

        IOException e =
                assertThrows(IOException.class, () -> ImageClassifier.load(zip(brightestPixel(50, 3), null, Map.of())));
        assertTrue(e.getMessage().contains("no inputShape"), e.getMessage());
    }

    @Test
    void refusesWhatItMustNotTrust() throws IOException {
        Path withSerializedJava = zip(brightestPixel(6, 3), CARD, Map.of("normalizer.bin", "x"));
        IOException e = assertThrows(IOException.class, () -> ImageClassifier.load(withSerializedJava));
        assertTrue(
                e.getMessage().contains("'normalizer.bin'") && e.getMessage().contains(withSerializedJava.toString()),
                e.getMessage());

        Path notZip = Files.writeString(dir.resolve("model.zip"), "hello");
        e = assertThrows(IOException.class, () -> ImageClassifier.load(notZip));
        assertTrue(e.getMessage().contains("is not a model zip"), e.getMessage());

        String twoNames = CARD.replace("\"cat\",", "");
        e = assertThrows(IOException.class, () -> ImageClassifier.load(zip(brightestPixel(6, 3), twoNames, Map.of())));
        assertTrue(e.getMessage().contains("names 2 classes, but its network has 3 outputs"), e.getMessage());

        ImageClassifier model = ImageClassifier.load(zip(brightestPixel(6, 3), CARD, Map.of()));
        IllegalArgumentException wrong = assertThrows(
                IllegalArgumentException.class, () -> model.classifyAll(new float[][] {new float[6], new float[5]}));
        assertEquals("image 1 has 5 values, but the model takes 6 (3x2 grayscale)", wrong.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> model.classify(new float[6]).top(4));
    }

    @Test
    void sharedBetweenThreadsItGivesEachTheSameAnswers() throws Exception {
        ImageClassifier model = ImageClassifier.load(zip(brightestPixel(6, 3), CARD, Map.of()));
        float[] image = {0.2f, 0.1f, 0.8f, 0, 0, 0};
        float[] alone = model.classify(image).probabilities();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        assertArrayEquals(alone, model.classify(image).probabilities());
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(List.of(), failures);
    }
}
