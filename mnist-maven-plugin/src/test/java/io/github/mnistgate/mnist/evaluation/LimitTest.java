package io.github.mnistgate.mnist.evaluation;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LimitTest {

    @Test
    void fractionAndPercentageMeanTheSame() {
        assertEquals(0.99, Limit.parse("0.99").minimum(), 1e-12);
        assertEquals(0.99, Limit.parse("99%").minimum(), 1e-12);
        assertEquals(0.995, Limit.parse(" 99.5 % ").minimum(), 1e-12);
        assertEquals(1.0, Limit.parse("100%").minimum(), 1e-12);
        assertEquals(0.0, Limit.parse("0").minimum(), 1e-12);
    }

    @Test
    void violationMessageIsTheContractsWording() {
        assertEquals("test accuracy is 0.9412, but expected minimum is 0.9500",
                Limit.parse("0.95").check(0.9412).orElseThrow());
        assertEquals("test accuracy is 0.9899, but expected minimum is 0.9900",
                Limit.parse("99%").check(0.98994).orElseThrow());
    }

    @Test
    void accuracyAtOrAboveTheMinimumPasses() {
        assertTrue(Limit.parse("0.95").check(0.95).isEmpty());
        assertTrue(Limit.parse("0.95").check(0.99).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "-0.1", "101%", "abc", "", "%", "0.9.9", "NaN", "Infinity"})
    void invalidThresholdsNameTheSettingValueAndWhatIsAllowed(String text) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Limit.parse(text));
        assertTrue(e.getMessage().startsWith("Invalid minAccuracy '" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("0.99") && e.getMessage().contains("99%"), e.getMessage());
        assertEquals("mnist.minAccuracy", e.property());
    }
}
