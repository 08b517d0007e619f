package io.github.mnistgate.mnist.util;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A configuration element no goal reads fails, with the closest real name and the list of all of them. */
class UnknownSettingExceptionTest {

    private static final Set<String> KNOWN = Set.of("minAccuracy", "epochs", "batchSize", "layers");

    @Test
    void aMisspelledNameFailsSuggestingTheRealOne() {
        UnknownSettingException e = assertThrows(
                UnknownSettingException.class,
                () -> UnknownSettingException.check(List.of("epochs", "minAcuracy"), KNOWN));
        assertTrue(
                e.getMessage()
                        .startsWith("Unknown setting <minAcuracy> in the plugin's <configuration>; did you mean"
                                + " <minAccuracy>? The settings are: batchSize, epochs, layers, minAccuracy"),
                e.getMessage());
    }

    @Test
    void aNameFarFromEveryRealOneListsThemWithoutAGuess() {
        UnknownSettingException e =
                assertThrows(UnknownSettingException.class, () -> UnknownSettingException.check(List.of("gpu"), KNOWN));
        assertTrue(
                e.getMessage().startsWith("Unknown setting <gpu> in the plugin's <configuration>. The settings are:"),
                e.getMessage());
    }

    @Test
    void knownNamesPass() {
        assertDoesNotThrow(() -> UnknownSettingException.check(List.of("layers", "epochs"), KNOWN));
    }
}
