package io.github.mnistgate.runtime;

import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.CrashReportingUtil;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model that mnist-maven-plugin published, ready to classify images: loaded from its zip (a file, or a resource on
 * the class path), with the input shape and class names its model card gives. Images go through
 * {@link ImagePixels}, as the plugin's training images did. Safe to share between threads: they take turns.
 *
 * <pre>
 * ImageClassifier model = ImageClassifier.load(Path.of("digits-classifier-1.0-model.zip"));
 * Prediction best = model.classify(ImageIO.read(file)).best();   // e.g. label "7", probability 0.998
 * </pre>
 */
public final class ImageClassifier {

    /** Images per call into the network: enough to keep the native code busy, little memory. */
    static final int BATCH = 256;

    static {
        // On native out-of-memory DL4J would write a crash dump through oshi, which this runtime leaves out.
        CrashReportingUtil.crashDumpsEnabled(false);
    }

    private final MultiLayerNetwork network;
    private final ModelDescription description;

    private ImageClassifier(MultiLayerNetwork network, ModelDescription description) {
        this.network = network;
        this.description = description;
    }

    /**
     * Loads a model zip.
     *
     * @throws IOException naming the file, when it is no model zip, holds entries that DL4J would read with Java
     *                     deserialization, or its card does not fit its network
     */
    public static ImageClassifier load(Path zip) throws IOException {
        return load(zip, zip.toString());
    }

    /** Loads a model zip that is a resource on the class path of the calling thread (or of this class). */
    public static ImageClassifier fromClasspath(String resource) throws IOException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return fromClasspath(resource, context != null ? context : ImageClassifier.class.getClassLoader());
    }

    /** Loads a model zip that is a resource of {@code loader}, e.g. {@code models/digits-model.zip}. */
    public static ImageClassifier fromClasspath(String resource, ClassLoader loader) throws IOException {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        Path copy = Files.createTempFile("mnist-model-", ".zip");
        try {
            try (InputStream in = loader.getResourceAsStream(name)) {
                if (in == null) {
                    throw new FileNotFoundException("no resource " + name + " on the class path");
                }
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return load(copy, "classpath:" + name);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static ImageClassifier load(Path zip, String where) throws IOException {
        ModelArchive.check(zip, ModelArchive.CARD);
        MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(zip.toFile(), false);
        return new ImageClassifier(network, ModelDescription.of(ModelArchive.card(zip), network, where));
    }

    /** What the model card says of the model. */
    public ModelDescription description() {
        return description;
    }

    public ImageShape inputShape() {
        return description.inputShape();
    }

    /** The classes, in the order of the model's outputs. */
    public List<String> classNames() {
        return description.classNames();
    }

    /** Classifies an image of any size and colour: it is converted to the model's input as in training. */
    public Classification classify(BufferedImage image) {
        return classifyAll(new float[][] {ImagePixels.floats(image, inputShape())})
                .get(0);
    }

    /**
     * Classifies one image given as the model takes it: {@code inputShape().size()} values in [0, 1], channel after
     * channel, each row-major.
     */
    public Classification classify(float[] pixels) {
        return classifyAll(new float[][] {pixels}).get(0);
    }

    /** Classifies images of any size and colour, in order. */
    public List<Classification> classifyAll(List<BufferedImage> images) {
        float[][] batch = new float[images.size()][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = ImagePixels.floats(images.get(i), inputShape());
        }
        return classifyAll(batch);
    }

    /**
     * Classifies images given as the model takes them (see {@link #classify(float[])}), in order.
     *
     * @throws IllegalArgumentException naming the first image that has the wrong number of values
     */
    public List<Classification> classifyAll(float[][] images) {
        int size = inputShape().size();
        for (int i = 0; i < images.length; i++) {
            if (images[i] == null || images[i].length != size) {
                throw new IllegalArgumentException(
                        "image " + i + " has " + (images[i] == null ? "no" : images[i].length)
                                + " values, but the model takes " + size + " (" + inputShape() + ")");
            }
        }
        List<Classification> out = new ArrayList<>(images.length);
        for (int from = 0; from < images.length; from += BATCH) {
            int rows = Math.min(BATCH, images.length - from);
            float[] flat = new float[rows * size];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(images[from + r], 0, flat, r * size, size);
            }
            INDArray probabilities;
            synchronized (network) {
                probabilities = network.output(Nd4j.create(flat, new long[] {rows, size}, DataType.FLOAT), false);
            }
            float[] all = probabilities.castTo(DataType.FLOAT).dup('c').data().asFloat();
            int classes = classNames().size();
            for (int r = 0; r < rows; r++) {
                float[] one = new float[classes];
                System.arraycopy(all, r * classes, one, 0, classes);
                out.add(new Classification(one, classNames()));
            }
        }
        return out;
    }
}
