package io.github.mnistgate.mnist.training;

import io.github.mnistgate.runtime.ImageShape;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The minibatches of one training set with {@link Augmentation} applied, drawn anew every epoch. Each image's draw is
 * seeded by the seed, the epoch and the image's place in the epoch, so a run repeats to the bit, a resumed run draws
 * what an uninterrupted one would, and the images of a minibatch are augmented in parallel without changing a draw.
 */
final class AugmentedBatches {

    private final INDArray features;
    private final INDArray labels;
    private final FloatBuffer pixels;
    private final ImageShape shape;
    private final Augmentation augmentation;
    private final long seed;
    /** One features array and one labels array per minibatch size, reused, so the steps' views of them stay valid. */
    private final Map<Integer, INDArray[]> buffers = new HashMap<>();

    AugmentedBatches(INDArray features, INDArray labels, ImageShape shape, Augmentation augmentation, long seed) {
        if (features.size(1) != shape.size()) {
            throw new IllegalArgumentException(
                    "features of " + features.size(1) + " values are no " + shape + " images");
        }
        this.features = HostArray.isFlat(features) ? features : features.dup('c');
        this.labels = labels;
        this.pixels = this.features.data().asNioFloat();
        this.shape = shape;
        this.augmentation = augmentation;
        this.seed = seed;
    }

    /**
     * The features and labels of the training images {@code rows}, the {@code first}-th to be drawn in {@code epoch},
     * each image augmented; the step takes them as rows 0 to {@code rows.length - 1}.
     */
    INDArray[] batch(int[] rows, int epoch, int first) {
        INDArray[] batch = buffers.computeIfAbsent(rows.length, n -> new INDArray[] {
            Nd4j.createUninitialized(org.nd4j.linalg.api.buffer.DataType.FLOAT, n, shape.size()),
            Nd4j.createUninitialized(labels.dataType(), n, labels.size(1))
        });
        FloatBuffer out = batch[0].data().asNioFloat();
        int size = shape.size();
        IntStream.range(0, rows.length).parallel().forEach(i -> {
            float[] image = new float[size];
            pixels.duplicate().position(rows[i] * size).get(image);
            float[] augmented = new float[size];
            augmentation.apply(image, 0, shape, random(epoch, first + i), augmented, 0);
            out.duplicate().position(i * size).put(augmented);
        });
        batch[1].assign(Nd4j.pullRows(labels, 1, rows));
        return batch;
    }

    /** The draw of the {@code index}-th image of {@code epoch}. */
    SplittableRandom random(int epoch, int index) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + index);
    }

    /** Rows 0 to {@code n - 1}. */
    static int[] firstRows(int n) {
        return IntStream.range(0, n).toArray();
    }
}
