package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mnist.retryDelays} and {@code mnist.lockTimeout} as users write them. */
class FetchSettingParsingTest {

    @Test
    void retryDelaysInTheTimeoutsSyntax() {
        assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(800)), AbstractMnistMojo.retryDelays("200ms,800ms"));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofMinutes(1)),
                AbstractMnistMojo.retryDelays(" 1s , 2.5s,1m "));
        assertEquals(List.of(Duration.ZERO), AbstractMnistMojo.retryDelays("0s"));
        assertEquals(List.of(Duration.ofSeconds(3)), AbstractMnistMojo.retryDelays("3"));
        assertEquals(List.of(Duration.ofMinutes(10)), AbstractMnistMojo.retryDelays("10m"));
        assertEquals(Collections.nCopies(10, Duration.ofSeconds(1)),
                AbstractMnistMojo.retryDelays(String.join(",", Collections.nCopies(10, "1s"))));
    }

    @Test
    void noneOrEmptyMeansASingleAttempt() {
        assertEquals(List.of(), AbstractMnistMojo.retryDelays("none"));
        assertEquals(List.of(), AbstractMnistMojo.retryDelays(" NONE "));
        assertEquals(List.of(), AbstractMnistMojo.retryDelays(""));
        assertEquals(List.of(), AbstractMnistMojo.retryDelays(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1s,,2s", "-1s", "1s;2s", "10m1s", "601s", "1d", "1s,2s,3s,4s,5s,6s,7s,8s,9s,10s,11s", "none,1s"})
    void badRetryDelaysNameTheSettingTheValueAndTheAllowedForm(String value) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> AbstractMnistMojo.retryDelays(value));
        assertEquals("retryDelays", e.setting());
        assertTrue(e.getMessage().startsWith("Invalid retryDelays '" + value + "': "), e.getMessage());
        assertTrue(e.getMessage().contains("use comma-separated pauses such as 1s,2s,4s (at most 10 of them, each from"
                + " 0s to 10m), or none for a single attempt"), e.getMessage());
    }

    @Test
    void lockTimeoutFromAMillisecondTo24Hours() {
        assertEquals(Duration.ofMinutes(30), AbstractMnistMojo.lockTimeout("30m"));
        assertEquals(Duration.ofHours(24), AbstractMnistMojo.lockTimeout("24h"));
        assertEquals(Duration.ofMillis(1), AbstractMnistMojo.lockTimeout("0.1ms"), "never rounded down to no wait");
        for (String bad : List.of("0", "0s", "25h", "soon", "")) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> AbstractMnistMojo.lockTimeout(bad));
            assertEquals("lockTimeout", e.setting());
            assertTrue(e.getMessage().startsWith("Invalid lockTimeout '" + bad + "': "), e.getMessage());
        }
    }
}
