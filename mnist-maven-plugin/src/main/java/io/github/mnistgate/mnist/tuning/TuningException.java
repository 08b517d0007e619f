package io.github.mnistgate.mnist.tuning;

/**
 * A search that cannot go on: the tuning folder holds a different search, or too many trials in a row
 * failed. The message says what happened and what to do.
 */
public class TuningException extends Exception {

    private static final long serialVersionUID = 1L;

    public TuningException(String message) {
        super(message);
    }
}
