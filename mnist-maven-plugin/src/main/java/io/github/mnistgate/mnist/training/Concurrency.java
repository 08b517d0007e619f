package io.github.mnistgate.mnist.training;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a shard's thread, with its failure rethrown as it was thrown there. */
final class Concurrency {

    private Concurrency() {
    }

    static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
