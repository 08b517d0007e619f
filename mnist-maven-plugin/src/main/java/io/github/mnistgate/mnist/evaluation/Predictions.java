package io.github.mnistgate.mnist.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What a model predicted for each test example, beside the true label, in test-set order. Two models'
 * predictions on the same test set pair up example by example, which is what McNemar's test needs.
 *
 * @param probability the probability the model gave its predicted class, per example; null when not known
 */
public record Predictions(int classes, int[] actual, int[] predicted, float[] probability) {

    public Predictions {
        if (actual.length != predicted.length || (probability != null && probability.length != actual.length)) {
            throw new IllegalArgumentException(actual.length + " labels but " + predicted.length + " predictions");
        }
    }

    /** Predictions without probabilities. */
    public Predictions(int classes, int[] actual, int[] predicted) {
        this(classes, actual, predicted, null);
    }

    /**
     * The wrong predictions the model was surest of, surest first (ties by test-set order): what a person
     * should look at first.
     */
    public List<Mistake> confidentMistakes(int count) {
        if (probability == null) {
            return List.of();
        }
        List<Mistake> wrong = new ArrayList<>();
        for (int i = 0; i < actual.length; i++) {
            if (!correct(i)) {
                wrong.add(new Mistake(i, actual[i], predicted[i], probability[i]));
            }
        }
        wrong.sort(Comparator.comparingDouble(Mistake::probability).reversed().thenComparingInt(Mistake::index));
        return List.copyOf(wrong.subList(0, Math.min(count, wrong.size())));
    }

    /** One test example the model got wrong: its index in the test set, true and predicted class. */
    public record Mistake(int index, int label, int predicted, double probability) {}

    public int size() {
        return actual.length;
    }

    public boolean correct(int example) {
        return actual[example] == predicted[example];
    }

    public int correctCount() {
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            n += correct(i) ? 1 : 0;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Predictions p
                && p.classes == classes
                && Arrays.equals(p.actual, actual)
                && Arrays.equals(p.predicted, predicted)
                && Arrays.equals(p.probability, probability);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(actual) + Arrays.hashCode(predicted);
    }

    @Override
    public String toString() {
        return "Predictions[" + actual.length + " examples, " + correctCount() + " correct]";
    }
}
