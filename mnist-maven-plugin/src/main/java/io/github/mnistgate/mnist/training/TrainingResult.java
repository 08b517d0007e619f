package io.github.mnistgate.mnist.training;

import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** A trained network and what each epoch measured. {@code stoppedEarly} when a listener ended it. */
public record TrainingResult(
        MultiLayerNetwork network, List<EpochMetrics> epochs, int examples, double seconds, boolean stoppedEarly) {

    public EpochMetrics last() {
        return epochs.get(epochs.size() - 1);
    }
}
