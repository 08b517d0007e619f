package io.github.mnistgate.mnist.training;

import io.github.mnistgate.runtime.ImageShape;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The minibatches of one training set with {@link Augmentation} applied, drawn anew every epoch. Each image's draw is
 * seeded by the seed, the epoch and the image's place in the epoch, so a run repeats to the bit and a resumed run draws
 * what an uninterrupted one would.
 */
final class AugmentedBatches {

    /** The arrays {@link #pixels} and {@link #labelRows} view: an NIO view does not keep ND4J's memory alive. */
    @SuppressWarnings("UnusedVariable") // held, not read
    private final INDArray features;

    @SuppressWarnings("UnusedVariable") // held, not read
    private final INDArray labels;

    private final FloatBuffer pixels;
    private final FloatBuffer labelRows;
    private final int classes;
    /** One image as read and as augmented, reused from image to image. */
    private final float[] image;

    private final float[] augmented;
    private final ImageShape shape;
    private final Augmentation augmentation;
    private final long seed;
    /** One minibatch per size, its arrays reused, so that the steps' views of them stay valid. */
    private final Map<Integer, Batch> batches = new HashMap<>();

    /** A minibatch's features and labels, which the step takes as {@code rows} 0 to n - 1. */
    record Batch(INDArray features, INDArray labels, int[] rows) {}

    AugmentedBatches(INDArray features, INDArray labels, ImageShape shape, Augmentation augmentation, long seed) {
        if (features.size(1) != shape.size()) {
            throw new IllegalArgumentException(
                    "features of " + features.size(1) + " values are no " + shape + " images");
        }
        INDArray flatFeatures = HostArray.isFlat(features) ? features : features.dup('c');
        INDArray flatLabels = HostArray.isFlat(labels)
                ? labels
                : labels.castTo(DataType.FLOAT).dup('c');
        this.features = flatFeatures;
        this.labels = flatLabels;
        this.pixels = flatFeatures.data().asNioFloat();
        this.labelRows = flatLabels.data().asNioFloat();
        this.classes = (int) labels.size(1);
        this.image = new float[shape.size()];
        this.augmented = new float[shape.size()];
        this.shape = shape;
        this.augmentation = augmentation;
        this.seed = seed;
    }

    /** The training images {@code rows}, the {@code first}-th to be drawn in {@code epoch}, each augmented. */
    Batch batch(int[] rows, int epoch, int first) {
        Batch batch = batches.computeIfAbsent(
                rows.length,
                n -> new Batch(
                        Nd4j.createUninitialized(DataType.FLOAT, n, shape.size()),
                        Nd4j.createUninitialized(DataType.FLOAT, n, classes),
                        IntStream.range(0, n).toArray()));
        FloatBuffer out = batch.features().data().asNioFloat();
        FloatBuffer labelsOut = batch.labels().data().asNioFloat();
        int size = shape.size();
        // One image at a time on this thread, between steps: it takes a few percent of a convolution step's time
        // (bench/augmentation.sh), and threads of its own would take cores from the step's.
        for (int i = 0; i < rows.length; i++) {
            pixels.duplicate().position(rows[i] * size).get(image);
            augmentation.apply(image, 0, shape, random(epoch, first + i), augmented, 0);
            out.position(i * size);
            out.put(augmented);
            labelsOut.position(i * classes);
            labelsOut.put(labelRows.duplicate().position(rows[i] * classes).limit(rows[i] * classes + classes));
        }
        return batch;
    }

    /** The draw of the {@code index}-th image of {@code epoch}. */
    private SplittableRandom random(int epoch, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index);
    }
}
