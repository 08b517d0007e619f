package io.github.mnistgate.mnist.tuning;

/** Where a trial stands. A trial found {@code RUNNING} when a search starts was interrupted, and runs again. */
public enum TrialStatus {
    RUNNING,
    COMPLETED,
    FAILED
}
