package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.util.BuildLog;
import org.apache.maven.plugin.logging.Log;

/** The core's log, written to Maven's, each line marked as the plugin's. */
final class MavenBuildLog implements BuildLog {

    static final String PREFIX = "[mnist] ";

    private final Log log;

    MavenBuildLog(Log log) {
        this.log = log;
    }

    @Override
    public void info(String message) {
        log.info(PREFIX + message);
    }

    @Override
    public void warn(String message) {
        log.warn(PREFIX + message);
    }

    @Override
    public void debug(String message) {
        log.debug(PREFIX + message);
    }
}
