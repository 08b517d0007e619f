package io.github.mnistgate.mnist.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code mnist.retryDelays} and {@code mnist.lockTimeout} as users write them. */
class DurationSettingsTest {

    @Test
    void retryDelaysInTheTimeoutsSyntax() {
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(800)), Durations.retryDelays("200ms,800ms"));
        assertEquals(
                List.of(Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofMinutes(1)),
                Durations.retryDelays(" 1s , 2.5s,1m "));
        assertEquals(List.of(Duration.ZERO), Durations.retryDelays("0s"));
        assertEquals(List.of(Duration.ofSeconds(3)), Durations.retryDelays("3"));
        assertEquals(List.of(Duration.ofMinutes(10)), Durations.retryDelays("10m"));
        assertEquals(
                Collections.nCopies(10, Duration.ofSeconds(1)),
                Durations.retryDelays(String.join(",", Collections.nCopies(10, "1s"))));
    }

    @Test
    void noneOrEmptyMeansASingleAttempt() {
        assertEquals(List.of(), Durations.retryDelays("none"));
        assertEquals(List.of(), Durations.retryDelays(" NONE "));
        assertEquals(List.of(), Durations.retryDelays(""));
        assertEquals(List.of(), Durations.retryDelays(null));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"1s,,2s", "-1s", "1s;2s", "10m1s", "601s", "1d", "1s,2s,3s,4s,5s,6s,7s,8s,9s,10s,11s", "none,1s"
            })
    void badRetryDelaysNameTheSettingTheValueAndTheAllowedForm(String value) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Durations.retryDelays(value));
        assertEquals("retryDelays", e.setting());
        assertTrue(e.getMessage().startsWith("Invalid retryDelays '" + value + "': "), e.getMessage());
        assertTrue(
                e.getMessage()
                        .contains("use comma-separated pauses such as 1s,2s,4s (at most 10 of them, each from"
                                + " 0s to 10m), or none for a single attempt"),
                e.getMessage());
    }

    @Test
    void lockTimeoutFromAMillisecondTo24Hours() {
        assertEquals(Duration.ofMinutes(30), Durations.timeout("lockTimeout", "30m", 24 * 3600));
        assertEquals(Duration.ofHours(24), Durations.timeout("lockTimeout", "24h", 24 * 3600));
        assertEquals(
                Duration.ofMillis(1),
                Durations.timeout("lockTimeout", "0.1ms", 24 * 3600),
                "never rounded down to no wait");
        for (String bad : List.of("0", "0s", "25h", "soon", "")) {
            InvalidSettingException e =
                    assertThrows(InvalidSettingException.class, () -> Durations.timeout("lockTimeout", bad, 24 * 3600));
            assertEquals("lockTimeout", e.setting());
            assertTrue(e.getMessage().startsWith("Invalid lockTimeout '" + bad + "': "), e.getMessage());
        }
    }

    @Test
    void aTinyTimeoutIsNeverRoundedDownToZeroWhichWouldMeanWaitForever() {
        assertEquals(Duration.ofMillis(1), Durations.timeout("connectTimeout", "0.0001s", 3600));
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> Durations.timeout("readTimeout", "2h", 3600));
        assertEquals("Invalid readTimeout '2h': must be more than 0s and at most 1h", e.getMessage());
    }
}
