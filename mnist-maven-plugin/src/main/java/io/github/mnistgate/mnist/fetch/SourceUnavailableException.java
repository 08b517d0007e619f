package io.github.mnistgate.mnist.fetch;

import java.io.IOException;

/** The whole source cannot deliver anything (npm failed, the proxy refused us): no use asking it for more files. */
class SourceUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    SourceUnavailableException(String message) {
        super(message);
    }

    SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
