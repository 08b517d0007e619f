package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.util.BuildLog;
import java.nio.file.Path;
import java.time.Duration;

/** Run in a child JVM by {@link ConcurrentFetchTest}: takes a dataset folder's lock, says so, holds it a while. */
public final class LockHolder {

    static final String LOCKED = "LOCKED";

    private LockHolder() {}

    @SuppressWarnings("try") // the lock is held for the block, never read
    public static void main(String[] args) throws Exception {
        try (io.github.mnistgate.mnist.util.FolderLock lock = io.github.mnistgate.mnist.util.FolderLock.acquire(
                Path.of(args[0]), "fetching tiny", Duration.ofSeconds(20), BuildLog.silent())) {
            System.out.println(LOCKED);
            System.out.flush();
            Thread.sleep(Long.parseLong(args[1]));
        }
    }
}
