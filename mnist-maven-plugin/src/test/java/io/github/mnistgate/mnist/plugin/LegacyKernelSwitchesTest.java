package io.github.mnistgate.mnist.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.util.ListLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each switch from before {@code mnist.kernels} still works: it warns, naming mnist.kernels, and maps onto it. */
class LegacyKernelSwitchesTest {

    @ParameterizedTest(name = "-D{0}={1} with kernels={2} -> {3}")
    @CsvSource({
        "mnist.convStep, false, auto, dl4j",
        "mnist.denseStep, false, auto, dl4j",
        "mnist.inferencePass, FALSE, auto, dl4j",
        "mnist.dataParallel, false, auto, dl4j",
        "mnist.convStep, true, auto, auto",
        "mnist.convStep, true, dl4j, dl4j",
        "mnist.pooling, stock, auto, auto",
        "mnist.forwardReuse, false, auto, auto",
        "mnist.firstLayerWeightsOnly, false, auto, auto",
    })
    void anOldSwitchWarnsAndMapsOntoKernels(String name, String value, String configured, String expected) {
        Properties properties = new Properties();
        properties.setProperty(name, value);
        List<String> log = new ArrayList<>();
        Kernels kernels = LegacyKernelSwitches.apply(Kernels.fromId(configured), properties, ListLog.into(log));
        assertEquals(Kernels.fromId(expected), kernels);
        assertEquals(1, log.size(), log.toString());
        assertTrue(log.get(0).startsWith("-D" + name + "=" + value + " "), log.get(0));
        assertTrue(log.get(0).contains("mnist.kernels"), log.get(0));
    }

    @ParameterizedTest(name = "kernels={0}")
    @CsvSource({"auto", "dl4j"})
    void withoutOldSwitchesTheSettingStandsAndNothingIsLogged(String configured) {
        List<String> log = new ArrayList<>();
        Properties properties = new Properties();
        properties.setProperty("mnist.epochs", "3");
        assertEquals(
                Kernels.fromId(configured),
                LegacyKernelSwitches.apply(Kernels.fromId(configured), properties, ListLog.into(log)));
        assertTrue(log.isEmpty(), log.toString());
    }
}
