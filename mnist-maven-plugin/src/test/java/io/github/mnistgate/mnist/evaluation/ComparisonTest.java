package io.github.mnistgate.mnist.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** McNemar's exact test and the comparison with a baseline on paired predictions. */
class ComparisonTest {

    @Test
    void mcNemarsOneSidedPValueIsTheBinomialTail() {
        assertEquals(1.0, McNemar.pValueOfDrop(0, 0), "no discordant pair: nothing to test");
        assertEquals(1 / 32.0, McNemar.pValueOfDrop(0, 5), 1e-12);
        assertEquals(1.0, McNemar.pValueOfDrop(5, 0), 1e-12);
        assertEquals((45 + 10 + 1) / 1024.0, McNemar.pValueOfDrop(2, 8), 1e-12);
        assertEquals(638 / 1024.0, McNemar.pValueOfDrop(5, 5), 1e-12, "a tie: above one half, as a one-sided tail is");
        double large = McNemar.pValueOfDrop(1000, 1100);
        assertTrue(large > 0 && large < 0.02, "thousands of pairs stay finite: " + large);
    }

    /** {@code n} examples of which the first {@code right} are predicted right. */
    private static Predictions firstRight(int n, int right) {
        int[] actual = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            actual[i] = i % 10;
            predicted[i] = i < right ? actual[i] : (actual[i] + 1) % 10;
        }
        return new Predictions(10, actual, predicted);
    }

    @Test
    void theSameModelPassesWithPOne() {
        Predictions same = firstRight(10_000, 9932);
        Comparison c =
                Comparison.of("com.example:digits-classifier:1.0", same, same, RegressionRule.parse("0", "0.05"), 0.95);
        assertEquals(0, c.candidateOnlyCorrect());
        assertEquals(0, c.baselineOnlyCorrect());
        assertEquals(1.0, c.pValue());
        assertEquals(0.0, c.delta());
        assertTrue(c.passed());
        assertNull(c.violation());
        assertTrue(
                c.deltaInterval().contains(0)
                        && c.deltaInterval().high() - c.deltaInterval().low() < 0.001,
                c.deltaInterval().toString());
        assertEquals(0.0, c.perClass().get(3).delta());
    }

    @Test
    void aClearlyWeakerModelFailsNamingTheBaseline() {
        Comparison c = Comparison.of(
                "com.example:digits-classifier:1.2",
                firstRight(10_000, 9932),
                firstRight(10_000, 9811),
                RegressionRule.parse("0.2%", "0.05"),
                0.95);
        assertEquals(0, c.candidateOnlyCorrect());
        assertEquals(121, c.baselineOnlyCorrect());
        assertFalse(c.passed());
        assertEquals(
                "test accuracy is 0.9811, 0.0121 below the baseline com.example:digits-classifier:1.2 (0.9932), more"
                        + " than the allowed 0.0020 (McNemar p = 0.0000)",
                c.violation());
        assertTrue(
                c.deltaInterval().high() < 0 && c.deltaInterval().contains(-0.0121),
                c.deltaInterval().toString());
        assertEquals("newcombe-paired-score", c.deltaInterval().method());
    }

    @ParameterizedTest(name = "drop of {0} images, maxRegression {1}, significance {2}: passed {3}")
    @CsvSource({
        "20, 0.002, 0.05, true", // exactly the allowed 0.2 points: not more than allowed
        "21, 0.002, 0.05, false", // beyond it, and 21 pairs all going to the baseline: p < 0.05
        "3, 0, 0.05, true", // 3 discordant pairs: p = 0.125, noise
        "3, 0, none, false", // point values only: any drop fails
    })
    void aDropFailsOnlyBeyondTheAllowanceAndWhenSignificant(int drop, String max, String significance, boolean passed) {
        Predictions baseline = firstRight(10_000, 9900);
        Predictions candidate = firstRight(10_000, 9900 - drop);
        Comparison c = Comparison.of("g:a:1", baseline, candidate, RegressionRule.parse(max, significance), 0.95);
        assertEquals(passed, c.passed(), c.toString());
    }

    @Test
    void invalidRegressionSettingsNameSettingValueAndWhatIsAllowed() {
        InvalidSettingException max =
                assertThrows(InvalidSettingException.class, () -> RegressionRule.parse("2", "0.05"));
        assertEquals(
                "Invalid maxRegression '2': use a fraction from 0 to 1 such as 0.002, or a percentage such as 0.2%",
                max.getMessage());
        InvalidSettingException level =
                assertThrows(InvalidSettingException.class, () -> RegressionRule.parse("0", "0.9"));
        assertEquals(
                "Invalid significance '0.9': use a level above 0 and at most 0.5 such as 0.05 (or 5%), or none to"
                        + " compare point values only",
                level.getMessage());
        assertEquals("mnist.significance", level.property());
        assertThrows(InvalidSettingException.class, () -> RegressionRule.parse("0", "0"));
    }
}
