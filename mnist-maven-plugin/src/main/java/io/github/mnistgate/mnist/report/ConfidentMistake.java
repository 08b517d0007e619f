package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.IdxImages;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.evaluation.Predictions;

import java.util.Arrays;
import java.util.List;

/**
 * A test image the model got wrong with a high probability, with its pixels, as {@code mistakes.json} holds
 * it, so that the report can show it without the dataset at hand.
 *
 * @param index  its position in the test set
 * @param pixels the 784 bytes of the image (base64 in JSON)
 */
public record ConfidentMistake(int index, int label, String labelName, int predicted, String predictedName,
                               double probability, byte[] pixels) {

    /** How many the report shows. */
    public static final int COUNT = 25;

    public static List<ConfidentMistake> of(Predictions predictions, LabelledImages test, List<String> classNames) {
        IdxImages images = test.images();
        return predictions.confidentMistakes(COUNT).stream().map(m -> {
            int from = images.offset(m.index());
            return new ConfidentMistake(m.index(), m.label(), classNames.get(m.label()), m.predicted(),
                    classNames.get(m.predicted()), Math.round(m.probability() * 10_000) / 10_000.0,
                    Arrays.copyOfRange(images.raw(), from, from + IdxImages.PIXELS));
        }).toList();
    }
}
