package io.github.mnistgate.mnist.util;

import java.util.Locale;
import java.util.Optional;

/**
 * Training or evaluation ran out of memory: the JVM heap, or native memory, where ND4J keeps its arrays (JavaCPP
 * refuses allocations beyond {@code org.bytedeco.javacpp.maxBytes} / {@code maxPhysicalBytes}; libnd4j reports
 * {@code std::bad_alloc}). Says which it was and what to change, instead of a stack trace or a JVM crash.
 */
public final class NotEnoughMemoryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private NotEnoughMemoryException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The explained failure, if {@code failure} (or one of its causes) is running out of memory, outside training. */
    public static Optional<NotEnoughMemoryException> of(Throwable failure) {
        return of(failure, "");
    }

    /**
     * The explained failure, if {@code failure} (or one of its causes) is running out of memory in training or
     * evaluation, which minibatches of {@code batchSize} examples drive.
     */
    public static Optional<NotEnoughMemoryException> of(Throwable failure, int batchSize) {
        return of(failure, " or lower the batch size (-Dmnist.batchSize, now " + batchSize + ")");
    }

    private static Optional<NotEnoughMemoryException> of(Throwable failure, String batchAdvice) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage();
            String lower = message.toLowerCase(Locale.ROOT);
            boolean nativeMemory = lower.contains("bad_alloc")
                    || lower.contains("allocation failed")
                    || lower.contains("physical memory usage is too high")
                    || lower.contains("cannot allocate")
                    || lower.contains("failed to allocate");
            if (nativeMemory) {
                return Optional.of(new NotEnoughMemoryException(
                        "not enough native memory for ND4J's arrays ("
                                + message.lines().findFirst().orElse("")
                                + "). Make the model smaller"
                                + batchAdvice
                                + ", or allow more: ND4J may use up to the JVM's -Xmx off the heap"
                                + " unless -Dorg.bytedeco.javacpp.maxBytes and -Dorg.bytedeco.javacpp.maxPhysicalBytes say"
                                + " otherwise; set them in MAVEN_OPTS",
                        failure));
            }
            if (t instanceof OutOfMemoryError) {
                return Optional.of(new NotEnoughMemoryException(
                        "the JVM ran out of heap memory (" + message + "). Give Maven more, e.g. MAVEN_OPTS=-Xmx4g"
                                + batchAdvice,
                        failure));
            }
        }
        return Optional.empty();
    }
}
