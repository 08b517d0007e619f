package io.github.mnistgate.mnist.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Wilson's interval and the normal quantiles against published values. */
class IntervalsTest {

    @ParameterizedTest(name = "{0}/{1} at {2}")
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion", Table I, method 3 (Wilson).
    @CsvSource({
        "81, 263, 0.95, 0.2553, 0.3662",
        "15, 148, 0.95, 0.0624, 0.1605",
        "0, 20, 0.95, 0.0000, 0.1611",
        "1, 29, 0.95, 0.0061, 0.1718",
    })
    void wilsonMatchesNewcombesTable(int successes, int trials, double confidence, double low, double high) {
        Interval i = Wilson.interval(successes, trials, confidence);
        assertEquals(low, i.low(), 0.00005);
        assertEquals(high, i.high(), 0.00005);
        assertEquals("wilson", i.method());
        assertEquals(confidence, i.confidence());
    }

    @Test
    void anAccuracyOf99PercentOnTenThousandImagesIsAboutTwoTenthsOfAPointEitherWay() {
        Interval i = Wilson.interval(9900, 10_000, 0.95);
        assertEquals(0.9879, i.low(), 0.00005);
        assertEquals(0.9918, i.high(), 0.00005);
        assertEquals("95% interval 0.9879 to 0.9918", i.describe());
        assertTrue(Wilson.interval(9900, 10_000, 0.99).low() < i.low(), "a higher level widens it");
        assertEquals(1.0, Wilson.interval(10, 10, 0.95).high());
        assertNull(Wilson.interval(0, 0, 0.95), "no trials, no interval");
    }

    @Test
    void normalQuantilesAreTheTabulatedOnes() {
        assertEquals(1.959964, Confidence.z(0.95), 1e-6);
        assertEquals(2.575829, Confidence.z(0.99), 1e-6);
        assertEquals(1.644854, Confidence.z(0.90), 1e-6);
        assertEquals(-3.090232, Confidence.normalQuantile(0.001), 1e-6);
    }

    @Test
    void confidenceIsAFractionOrAPercentage() {
        assertEquals(0.95, Confidence.parse("confidence", "0.95"));
        assertEquals(0.99, Confidence.parse("confidence", "99%"));
        assertEquals("99.5%", Confidence.percent(0.995));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "0.3", "100%", "abc", "", "-0.95", "0.99999"})
    void anInvalidConfidenceNamesSettingValueAndWhatIsAllowed(String text) {
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> Confidence.parse("confidence", text));
        assertEquals(
                "Invalid confidence '" + text + "': use a confidence level from 0.5 to 0.9999 such as 0.95, or a"
                        + " percentage such as 95%",
                e.getMessage());
        assertEquals("mnist.confidence", e.property());
    }
}
