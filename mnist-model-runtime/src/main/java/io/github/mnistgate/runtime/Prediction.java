package io.github.mnistgate.runtime;

/**
 * One class a model gave an image, with its probability.
 *
 * @param index the class's output index
 * @param label the class's name, from the model card
 */
public record Prediction(int index, String label, float probability) {}
