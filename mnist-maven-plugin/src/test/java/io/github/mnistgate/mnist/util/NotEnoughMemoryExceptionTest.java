package io.github.mnistgate.mnist.util;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Running out of memory is explained, with what to change; other failures are left alone. */
class NotEnoughMemoryExceptionTest {

    @Test
    void aRealNativeAllocationFailureIsExplained() {
        NativeBackend.prepare();
        // 4 TB of floats: more than any machine this runs on, refused by the native allocator at once.
        Throwable failure = assertThrows(Throwable.class, () -> Nd4j.create(DataType.FLOAT, 1_000_000L, 1_000_000L));
        Optional<NotEnoughMemoryException> explained = NotEnoughMemoryException.of(failure, 64);
        assertTrue(explained.isPresent(), () -> "not recognised: " + failure);
        String message = explained.get().getMessage();
        assertTrue(message.contains("not enough native memory") && message.contains("-Dmnist.batchSize, now 64")
                && message.contains("org.bytedeco.javacpp.maxPhysicalBytes"), message);
    }

    @Test
    void heapExhaustionSaysToRaiseXmx() {
        String message = NotEnoughMemoryException.of(new OutOfMemoryError("Java heap space"), 128).orElseThrow().getMessage();
        assertTrue(message.contains("heap") && message.contains("MAVEN_OPTS=-Xmx") && message.contains("now 128"), message);
    }

    @Test
    void otherFailuresAreNotMistakenForMemory() {
        assertTrue(NotEnoughMemoryException.of(new IllegalStateException("shape mismatch"), 64).isEmpty());
        assertTrue(NotEnoughMemoryException.of(new RuntimeException((String) null), 64).isEmpty());
    }
}
