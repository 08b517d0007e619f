package io.github.mnistgate.mnist.training;

import java.util.List;
import java.util.Map;

/**
 * What a trained model is and how it came to be; stored inside the model zip as {@code model-card.json}
 * and beside it in {@code target/mnist/model-card.json}.
 */
public record ModelCard(
        String format,
        String input,
        String output,
        String dataset,
        Map<String, String> datasetSha256,
        String model,
        List<String> layers,
        long parameters,
        Map<String, Object> hyperParameters,
        String hyperParameterSource,
        long seed,
        int epochs,
        int trainExamples,
        List<EpochMetrics> history,
        double trainingSeconds,
        String dl4jVersion,
        String pluginVersion,
        String createdAt) {

    public static final String ENTRY = "model-card.json";
    public static final String FORMAT = "Deeplearning4j ModelSerializer zip (MultiLayerNetwork)";
    public static final String INPUT = "[N, 784] float32 pixels scaled to [0, 1], row-major 28x28";
    public static final String OUTPUT = "[N, 10] class probabilities (softmax)";
}
