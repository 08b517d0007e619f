package io.github.mnistgate.mnist.tuning;

import java.io.IOException;

/**
 * Where the search's trials run: in the build itself ({@link LocalTrialExecutor}) or elsewhere (Spark tasks). The
 * driver loop in {@link Tuner} is the same for all: it starts trials while there is room and takes each as it
 * finishes, so the oracle, the trial store and the budget never know where a trial ran.
 */
public interface TrialExecutor extends AutoCloseable {

    /** Opens the executor for a search that runs up to {@code capacity} trials at once. */
    @FunctionalInterface
    interface Factory {
        /**
         * @param runHere trains and scores a trial in this JVM, recording every epoch in the trial store (what a
         *                local executor calls; a remote one runs the trial elsewhere instead)
         */
        TrialExecutor open(int capacity, LocalRun runHere) throws IOException;
    }

    /** Trains and scores one trial in this JVM. */
    @FunctionalInterface
    interface LocalRun {
        Trial run(Trial trial) throws IOException;
    }

    /** A trial that ended (completed or failed), and its place in the search's list of trials. */
    record Finished(int index, Trial trial) {}

    /** Starts the trial; {@link #next()} later hands it back ended. */
    void start(int index, Trial trial) throws IOException;

    /** Trials started and not yet handed back. */
    int running();

    /** Waits for the next trial to end. */
    Finished next() throws IOException;

    /** Stops what still runs and frees what the executor holds. */
    @Override
    void close();
}
