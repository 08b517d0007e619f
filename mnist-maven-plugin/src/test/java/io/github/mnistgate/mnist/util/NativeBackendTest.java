package io.github.mnistgate.mnist.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class NativeBackendTest {

    private static Predicate<String> builds(String... extensions) {
        return Set.of(extensions)::contains;
    }

    @Test
    void theAvx2BuildRunsWhereTheCpuHasAvx2AndTheGenericOneElsewhere() {
        assertEquals("-onednn-avx2", NativeBackend.extensionFor(builds("-onednn-avx2"), true));
        assertEquals("-onednn-avx2", NativeBackend.extensionFor(builds("-onednn-avx2", "-onednn"), true));
        assertEquals("-onednn", NativeBackend.extensionFor(builds("-onednn-avx2", "-onednn"), false));
        assertEquals("-onednn", NativeBackend.extensionFor(builds("-onednn"), true));
        assertNull(NativeBackend.extensionFor(builds(""), true), "macOS, Windows, ARM: the plain build");
        assertNull(NativeBackend.extensionFor(builds("-onednn-avx2"), false), "no build fits; unusableBuild says so");
    }

    @Test
    void aCpuWithoutAvx2AndOnlyTheAvx2BuildFailsSayingWhatToAdd() {
        Optional<String> why = NativeBackend.unusableBuild(
                builds("-onednn-avx2"), false, null, "linux-x86_64", "Intel(R) Celeron(R) N4020", "1.0.0-M2.1");
        assertEquals(
                "this CPU (Intel(R) Celeron(R) N4020) has no AVX2, and the plugin's native build for linux-x86_64"
                        + " (linux-x86_64-onednn-avx2) needs it. Add org.nd4j:nd4j-native:1.0.0-M2.1:linux-x86_64-onednn to the"
                        + " plugin's <dependencies> in your POM: it runs on any x86-64 CPU, and the plugin then chooses it by"
                        + " itself",
                why.orElseThrow());
        assertTrue(
                NativeBackend.unusableBuild(builds("-onednn-avx2"), false, "-onednn-avx2", "linux-x86_64", "c", "v")
                        .isPresent(),
                "asked for by -Djavacpp.platform.extension");
    }

    @Test
    void aBuildThatRunsHereIsNoProblem() {
        assertTrue(NativeBackend.unusableBuild(builds("-onednn-avx2"), true, null, "linux-x86_64", "c", "v")
                .isEmpty());
        assertTrue(NativeBackend.unusableBuild(
                        builds("-onednn-avx2", "-onednn"), false, "-onednn", "linux-x86_64", "c", "v")
                .isEmpty());
        assertTrue(NativeBackend.unusableBuild(builds(""), false, null, "macosx-x86_64", "c", "v")
                .isEmpty());
    }

    @Test
    void thisMachineRunsTheBuildThePluginShipsForIt() {
        assumeTrue(CpuInfo.hasAvx2() && "linux-x86_64".equals(org.bytedeco.javacpp.Loader.getPlatform()));
        assertTrue(NativeBackend.buildPresent("-onednn-avx2"));
        assertEquals("-onednn-avx2", NativeBackend.extensionFor(NativeBackend::buildPresent, true));
        assertEquals(Optional.empty(), NativeBackend.unusableBuild());
    }
}
