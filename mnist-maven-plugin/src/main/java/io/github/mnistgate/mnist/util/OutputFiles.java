package io.github.mnistgate.mnist.util;

import java.nio.file.Path;

/** Where each goal writes under {@code target/mnist/}, in one place so the goals find each other's files. */
public record OutputFiles(Path directory) {

    public Path datasetSummary() {
        return directory.resolve("dataset.json");
    }

    public Path samples() {
        return directory.resolve("samples.png");
    }

    /** The training images beside augmented draws of them, written by {@code mnist:train} when it augments. */
    public Path augmentation() {
        return directory.resolve("augmentation.png");
    }

    public Path modelCard() {
        return directory.resolve("model-card.json");
    }

    public Path evaluationJson() {
        return directory.resolve("evaluation.json");
    }

    public Path evaluationMarkdown() {
        return directory.resolve("evaluation.md");
    }

    public Path comparisonJson() {
        return directory.resolve("comparison.json");
    }

    /** The test images the model got wrong with the highest probability, with their pixels. */
    public Path mistakes() {
        return directory.resolve("mistakes.json");
    }

    /** The HTML report's folder: {@code index.html} and its pictures. */
    public Path report() {
        return directory.resolve("report");
    }

    /** The test-set predictions of ONNX model files, one JSON file per model's SHA-256. */
    public Path scores() {
        return directory.resolve("scores");
    }

    public Path tuning() {
        return directory.resolve("tuning");
    }

    public Path checkpoints() {
        return directory.resolve("checkpoints");
    }

    public Path bestHyperParameters() {
        return tuning().resolve("best-hyperparameters.json");
    }
}
