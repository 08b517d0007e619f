package io.github.mnistgate.mnist.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate makes one verdict from every limit, with one line per violated limit and class. */
class GateTest {

    private static final List<String> DIGITS = io.github.mnistgate.mnist.data.Dataset.MNIST.classNames();

    /** 100 examples per class; class c is predicted right {@code right[c]} times, else as class (c + 1) % 10. */
    private static Metrics metrics(int... right) {
        int n = 100 * right.length;
        int[] actual = new int[n];
        int[] predicted = new int[n];
        for (int c = 0; c < right.length; c++) {
            for (int i = 0; i < 100; i++) {
                actual[c * 100 + i] = c;
                predicted[c * 100 + i] = i < right[c] ? c : (c + 1) % 10;
            }
        }
        return new Metrics(new Predictions(10, actual, predicted), 0.95);
    }

    @Test
    void everyViolatingClassGetsItsOwnLine() {
        Metrics m = metrics(99, 95, 99, 90, 99, 99, 99, 99, 96, 99);
        Gate gate = new Gate(
                List.of(Limit.parse("0.9"), Limit.of(1, "recall", "each", "0.97", null, DIGITS)), GateMode.ESTIMATE);
        Verdict v = gate.check(m);
        assertFalse(v.passed());
        assertEquals(
                List.of(
                        "recall of class 1 is 0.9500, but expected minimum is 0.9700",
                        "recall of class 3 is 0.9000, but expected minimum is 0.9700",
                        "recall of class 8 is 0.9600, but expected minimum is 0.9700"),
                v.violations());
        assertEquals(11, v.checks().size(), "accuracy once, recall per class");
        assertEquals(List.of("test accuracy >= 0.9000", "recall of each class >= 0.9700"), v.limits());
        assertEquals(0.9, gate.minAccuracy());
    }

    @Test
    void metricsComeFromTheConfusionMatrix() {
        Metrics m = metrics(99, 95, 99, 90, 99, 99, 99, 99, 96, 99);
        assertEquals(974 / 1000.0, m.accuracy(), 1e-12);
        assertEquals(0.95, m.recall(1), 1e-12);
        // Class 2 receives class 1's five misses: 99 right of 104 predicted.
        assertEquals(99 / 104.0, m.precision(2), 1e-12);
        assertEquals(2 * (99 / 104.0) * 0.99 / (99 / 104.0 + 0.99), m.f1(2), 1e-12);
        assertTrue(m.recallInterval(3).contains(0.9));
        assertEquals(100, m.support(7));
    }

    @Test
    void undefinedFiguresAreNaNAndNotChecked() {
        int[] actual = {0, 0, 1, 1};
        int[] predicted = {0, 0, 0, 0};
        Metrics m = new Metrics(new Predictions(10, actual, predicted), 0.95);
        assertTrue(Double.isNaN(m.precision(1)), "class 1 was never predicted");
        assertEquals(0.0, m.f1(1), "present but never predicted: F1 0");
        assertTrue(Double.isNaN(m.f1(5)), "absent from the test set");
        Verdict v = new Gate(List.of(Limit.of(1, "precision", "1", "0.5", null, DIGITS)), GateMode.ESTIMATE).check(m);
        assertTrue(v.passed(), "as in JaCoCo, an undefined value is not held against a limit");
    }

    @Test
    void noLimitsPassAndSaySo() {
        Verdict v = Gate.none().check(metrics(50, 50, 50, 50, 50, 50, 50, 50, 50, 50));
        assertTrue(v.passed());
        assertTrue(v.checks().isEmpty());
    }
}
