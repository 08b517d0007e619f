package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.DatasetInfo;
import io.github.mnistgate.mnist.data.IdxImages;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.evaluation.Predictions;
import io.github.mnistgate.runtime.ImageShape;
import java.util.List;

/**
 * A test image the model got wrong with a high probability, with its pixels, as {@code mistakes.json} holds
 * it, so that the report can show it without the dataset at hand.
 *
 * @param index      its position in the test set
 * @param pixels     the image's bytes (base64 in JSON): MNIST's 784, channel after channel for RGB
 * @param shape      the image's shape; null in files written before it was recorded (MNIST's then)
 * @param inkIsLight whether the report draws it inverted, as MNIST's are ({@link DatasetPictures})
 */
public record ConfidentMistake(
        int index,
        int label,
        String labelName,
        int predicted,
        String predictedName,
        double probability,
        byte[] pixels,
        ImageShape shape,
        Boolean inkIsLight) {

    /** How many the report shows. */
    public static final int COUNT = 25;

    public static List<ConfidentMistake> of(Predictions predictions, LabelledImages test, DatasetInfo dataset) {
        IdxImages images = test.images();
        List<String> classNames = dataset.classNames();
        return predictions.confidentMistakes(COUNT).stream()
                .map(m -> new ConfidentMistake(
                        m.index(),
                        m.label(),
                        classNames.get(m.label()),
                        m.predicted(),
                        classNames.get(m.predicted()),
                        Math.round(m.probability() * 10_000) / 10_000.0,
                        images.image(m.index()),
                        images.shape(),
                        dataset.inkIsLight()))
                .toList();
    }

    /** The shape, MNIST's where the file recorded none. */
    public ImageShape shapeOrMnist() {
        return shape == null ? ImageShape.MNIST : shape;
    }
}
