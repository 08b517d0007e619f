package io.github.mnistgate.mnist.util;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.deeplearning4j.util.CrashReportingUtil;
import org.junit.jupiter.api.Test;

/**
 * The jars the plugin excludes from DL4J's dependencies (fastutil, oshi with jna and threetenbp, gson,
 * commons-codec and commons-net) are really absent from the class path every test here runs on, so every training, tuning,
 * evaluation and fetch test is also a test without them; and the one path in DL4J that would need oshi, the memory
 * crash dump on native out-of-memory, is switched off. IT {@code native-memory-exhausted} runs out of native memory
 * inside training in a real build and checks that no crash dump and no missing class shows.
 */
class DependencyExclusionsTest {

    @Test
    void theExcludedJarsAreAbsent() {
        for (String name : List.of(
                "it.unimi.dsi.fastutil.doubles.DoubleArrayList",
                "oshi.SystemInfo",
                "com.sun.jna.Native",
                "com.sun.jna.platform.win32.Kernel32",
                "org.threeten.bp.Instant",
                "com.google.gson.Gson",
                "org.apache.commons.codec.binary.Base64",
                "org.apache.commons.net.util.Base64")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
        }
    }

    @Test
    void theMemoryCrashDumpThatNeedsOshiIsOff() {
        NativeBackend.prepare();
        assertFalse(CrashReportingUtil.isCrashDumpsEnabled());
    }
}
