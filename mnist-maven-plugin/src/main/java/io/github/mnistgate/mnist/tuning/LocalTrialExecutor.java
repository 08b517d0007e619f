package io.github.mnistgate.mnist.tuning;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Trials in the build itself: one at a time on the calling thread, or side by side on threads of their own. */
public final class LocalTrialExecutor {

    /** How trials side by side run here, for the log. */
    public static final String SIDE_BY_SIDE = "each on its own share of the threads";

    private LocalTrialExecutor() {}

    /**
     * The local executor for {@code capacity} trials at once; each trial thread first runs {@code onTrialThread} (to
     * take its share of the native threads).
     */
    public static TrialExecutor.Factory factory(Runnable onTrialThread) {
        return (capacity, runHere) ->
                capacity == 1 ? new Inline(runHere) : new Threads(capacity, runHere, onTrialThread);
    }

    /** One trial at a time on the calling thread, exactly as a search without parallelism runs. */
    private static final class Inline implements TrialExecutor {
        private final LocalRun runHere;
        private int index = -1;
        private Trial trial;

        Inline(LocalRun runHere) {
            this.runHere = runHere;
        }

        @Override
        public void start(int index, Trial trial) {
            this.index = index;
            this.trial = trial;
        }

        @Override
        public int running() {
            return trial == null ? 0 : 1;
        }

        @Override
        public Finished next() throws IOException {
            Trial t = trial;
            trial = null;
            return new Finished(index, runHere.run(t));
        }

        @Override
        public void close() {}
    }

    /** Several trials at once, each on a thread of its own. */
    private static final class Threads implements TrialExecutor {
        private final LocalRun runHere;
        private final ExecutorService executor;
        private final CompletionService<Finished> completion;
        private int running;

        Threads(int size, LocalRun runHere, Runnable onTrialThread) {
            this.runHere = runHere;
            AtomicInteger n = new AtomicInteger();
            executor = Executors.newFixedThreadPool(size, r -> {
                Thread t = new Thread(
                        () -> {
                            onTrialThread.run();
                            r.run();
                        },
                        "mnist-trial-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            completion = new ExecutorCompletionService<>(executor);
        }

        @Override
        public void start(int index, Trial trial) {
            completion.submit(() -> new Finished(index, runHere.run(trial)));
            running++;
        }

        @Override
        public int running() {
            return running;
        }

        @Override
        public Finished next() throws IOException {
            try {
                Future<Finished> done = completion.take();
                running--;
                return done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a trial");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                throw new IllegalStateException(e.getCause());
            }
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
