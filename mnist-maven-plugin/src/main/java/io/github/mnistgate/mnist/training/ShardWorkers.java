package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.NativeBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The threads that compute every shard of a minibatch but the first (which runs on the calling thread), each with
 * its own count of native threads, as {@link ShardedStep} and {@link DenseStep} use them.
 */
final class ShardWorkers implements AutoCloseable {

    private final List<ExecutorService> workers = new ArrayList<>();

    /** Threads for shards 1 to {@code shards - 1}, each running ND4J's ops on {@code nativeThreads} threads. */
    ShardWorkers(int shards, int nativeThreads) {
        for (int i = 1; i < shards; i++) {
            int index = i;
            ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "mnist-shard-" + index);
                t.setDaemon(true);
                return t;
            });
            workers.add(worker);
            await(worker.submit(() -> {
                NativeBackend.threadsOnThisThread(nativeThreads);
                return null;
            }));
        }
    }

    /** Starts {@code work} on the thread of shard {@code shard} (1 or more). */
    <T> Future<T> submit(int shard, Callable<T> work) {
        return workers.get(shard - 1).submit(work);
    }

    /** Runs {@code work} on every shard thread and waits for all of it. */
    void onEach(java.util.function.IntConsumer work) {
        startOnEach(work).forEach(ShardWorkers::await);
    }

    /** Runs {@code work} for shard 0 on the calling thread and for every other shard on its thread; waits for all. */
    void onAll(java.util.function.IntConsumer work) {
        List<Future<Object>> pending = startOnEach(work);
        work.accept(0);
        pending.forEach(ShardWorkers::await);
    }

    private List<Future<Object>> startOnEach(java.util.function.IntConsumer work) {
        List<Future<Object>> pending = new ArrayList<>();
        for (int i = 1; i <= workers.size(); i++) {
            int shard = i;
            pending.add(submit(shard, () -> {
                work.accept(shard);
                return null;
            }));
        }
        return pending;
    }

    /** The shards there are threads for, the calling thread's included. */
    int shards() {
        return workers.size() + 1;
    }

    /** Where each of {@code count} shards of {@code rows} examples starts, and the end: {@code count + 1} bounds. */
    static int[] bounds(int rows, int count) {
        int[] bounds = new int[count + 1];
        for (int i = 0; i <= count; i++) {
            bounds[i] = (int) ((long) rows * i / count);
        }
        return bounds;
    }

    /** Waits for a shard's work, with its failure rethrown as it was thrown there. */
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

    /** Lets the threads finish what they were given and end. */
    @Override
    public void close() {
        for (ExecutorService worker : workers) {
            worker.shutdown();
        }
        for (ExecutorService worker : workers) {
            try {
                worker.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
