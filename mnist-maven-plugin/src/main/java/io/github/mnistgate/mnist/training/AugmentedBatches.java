package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.data.Examples;
import io.github.mnistgate.runtime.ImageShape;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;

/**
 * The minibatches of one training set with {@link Augmentation} applied, drawn anew every epoch. Each image's draw is
 * seeded by the seed, the epoch and the image's place in the epoch, so a run repeats to the bit and a resumed run draws
 * what an uninterrupted one would.
 */
final class AugmentedBatches {

    private final ImageShape shape;
    private final Augmentation augmentation;
    private final long seed;
    /** One image as read and as augmented, reused from image to image. */
    private final float[] image;

    private final float[] augmented;
    /** Made with the first minibatch, which gives the number of classes. */
    private Examples.BatchArrays batches;

    AugmentedBatches(ImageShape shape, Augmentation augmentation, long seed) {
        this.shape = shape;
        this.augmentation = augmentation;
        this.seed = seed;
        this.image = new float[shape.size()];
        this.augmented = new float[shape.size()];
    }

    /** The images of {@code read}, the {@code first}-th to be drawn in {@code epoch} on, each augmented. */
    Examples.Batch batch(Examples.Batch read, int epoch, int first) {
        int[] rows = read.rows();
        int size = shape.size();
        if (read.features().size(1) != size) {
            throw new IllegalArgumentException(
                    "features of " + read.features().size(1) + " values are no " + shape + " images");
        }
        int classes = (int) read.labels().size(1);
        if (batches == null) {
            batches = new Examples.BatchArrays(size, classes);
        }
        Examples.Batch batch = batches.of(rows.length);
        FloatBuffer pixels = read.features().data().asNioFloat();
        FloatBuffer labelRows = read.labels().data().asNioFloat();
        FloatBuffer out = batch.features().data().asNioFloat();
        FloatBuffer labelsOut = batch.labels().data().asNioFloat();
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
