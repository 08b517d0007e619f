package io.github.mnistgate.mnist.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Running out of memory is explained, with what to change; other failures are left alone. */
class NotEnoughMemoryExceptionTest {

    /**
     * A real refusal of native memory, in a JVM of its own whose JavaCPP limit is far below the allocation, as in IT
     * {@code native-memory-exhausted}. (An allocation larger than the machine, which malloc itself refuses, stops
     * any JVM in libnd4j 1.0.0-M2.1, both its oneDNN builds alike; the JavaCPP limit is what turns memory that runs
     * out into an exception.)
     */
    @Test
    void aRealNativeAllocationFailureIsExplained() throws Exception {
        Process child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-Dorg.bytedeco.javacpp.maxPhysicalBytes=64m",
                        "-D" + NativeBackend.EXTENSION + "=" + System.getProperty(NativeBackend.EXTENSION, ""),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Allocate.class.getName())
                .redirectErrorStream(true)
                .start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(2, TimeUnit.MINUTES));
        assertEquals(0, child.exitValue(), output);
        assertTrue(
                output.contains("not enough native memory")
                        && output.contains("-Dmnist.batchSize, now 64")
                        && output.contains("org.bytedeco.javacpp.maxPhysicalBytes"),
                output);
    }

    /** The child: allocates 400 MB of floats through ND4J and prints how the failure is explained. */
    public static final class Allocate {
        public static void main(String[] args) {
            NativeBackend.prepare();
            try {
                Nd4j.create(DataType.FLOAT, 100L, 1_000_000L);
                System.out.println("allocated: the limit did not hold");
            } catch (Throwable failure) {
                System.out.println(NotEnoughMemoryException.of(failure, 64)
                        .map(Throwable::getMessage)
                        .orElse("not recognised: " + failure));
            }
        }
    }

    @Test
    void heapExhaustionSaysToRaiseXmx() {
        String message = NotEnoughMemoryException.of(new OutOfMemoryError("Java heap space"), 128)
                .orElseThrow()
                .getMessage();
        assertTrue(
                message.contains("heap") && message.contains("MAVEN_OPTS=-Xmx") && message.contains("now 128"),
                message);
    }

    @Test
    void outsideTrainingNoBatchSizeIsAdvised() {
        assertEquals(
                "the JVM ran out of heap memory (Java heap space). Give Maven more, e.g. MAVEN_OPTS=-Xmx4g",
                NotEnoughMemoryException.of(new OutOfMemoryError("Java heap space"))
                        .orElseThrow()
                        .getMessage());
        String nativeMessage = NotEnoughMemoryException.of(new RuntimeException("std::bad_alloc"))
                .orElseThrow()
                .getMessage();
        assertTrue(nativeMessage.contains("Make the model smaller, or allow more"), nativeMessage);
    }

    @Test
    void otherFailuresAreNotMistakenForMemory() {
        assertTrue(NotEnoughMemoryException.of(new IllegalStateException("shape mismatch"), 64)
                .isEmpty());
        assertTrue(NotEnoughMemoryException.of(new RuntimeException((String) null), 64)
                .isEmpty());
    }
}
