package io.github.mnistgate.mnist.evaluation;

import java.util.Arrays;

/**
 * What a model predicted for each test example, beside the true label, in test-set order. Two models'
 * predictions on the same test set pair up example by example, which is what McNemar's test needs.
 */
public record Predictions(int classes, int[] actual, int[] predicted) {

    public Predictions {
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException(actual.length + " labels but " + predicted.length + " predictions");
        }
    }

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
        return o instanceof Predictions p && p.classes == classes && Arrays.equals(p.actual, actual)
                && Arrays.equals(p.predicted, predicted);
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
