package io.github.mnistgate.mnist.util;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

/**
 * The exclusive right to write one folder of a cache shared by builds: a dataset folder while its missing files
 * are fetched, so that builds sharing a cache fetch each file once, or the model cache while a model is stored
 * and old ones evicted. Two levels:
 * <ul>
 * <li>between processes, an OS lock ({@link FileChannel#tryLock()}) on {@code <folder>/.lock}; the OS drops
 *     it when the process ends, so a killed build leaves no stale lock;</li>
 * <li>within one JVM (parallel modules of {@code mvn -T}, possibly in different class loaders), a token under
 *     a system property named after the lock file: Java refuses a second lock on a file the JVM already locks,
 *     and on Linux closing any channel of the file would drop the lock another thread holds, so only the
 *     token's owner ever opens the lock file. System properties are the one map every class loader shares.</li>
 * </ul>
 * Readers need no lock: cached files only ever appear whole, by an atomic rename.
 */
public final class FolderLock implements AutoCloseable {

    public static final String FILE_NAME = ".lock";
    // Unchanged since the class moved from the fetch package: builds of either version still exclude each other.
    private static final String PROPERTY_PREFIX = "io.github.mnistgate.mnist.fetch.lock:";
    private static final long POLL_MILLIS = 100;

    private final String key;
    private final String token;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(String key, String token, FileChannel channel, FileLock lock) {
        this.key = key;
        this.token = token;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Waits (logging once) until the folder's lock is free, at most {@code timeout}.
     *
     * @param activity what the holder does, for the messages: {@code fetching mnist}, {@code storing a model}
     * @throws IOException naming the folder and the lock file when the wait timed out
     */
    public static FolderLock acquire(Path folder, String activity, Duration timeout, BuildLog log) throws IOException {
        Files.createDirectories(folder);
        Path lockFile = folder.resolve(FILE_NAME).toAbsolutePath().normalize();
        String key = PROPERTY_PREFIX + lockFile;
        String token = UUID.randomUUID().toString();
        Properties properties = System.getProperties();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean logged = false;
        while (true) {
            if (properties.putIfAbsent(key, token) == null) {
                FolderLock acquired = null;
                try {
                    acquired = tryOsLock(key, token, lockFile);
                } finally {
                    if (acquired == null) {
                        properties.remove(key, token);
                    }
                }
                if (acquired != null) {
                    return acquired;
                }
            }
            if (!logged) {
                log.info("waiting for another build " + activity + " into " + folder);
                logged = true;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new IOException("gave up after waiting " + describe(timeout) + " for another build " + activity
                        + " into " + folder + " (it holds " + lockFile + "; the lock goes away when that"
                        + " build ends, even if it is killed)");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the lock on " + lockFile);
            }
        }
    }

    /** The OS lock, or null when another process holds it. */
    private static FolderLock tryOsLock(String key, String token, Path lockFile) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new FolderLock(key, token, channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // Code outside this class locks the file in this JVM: treat it as held.
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        channel.close();
        return null;
    }

    private static String describe(Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toMillis() + " ms";
    }

    @Override
    public void close() throws IOException {
        try {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        } finally {
            System.getProperties().remove(key, token);
        }
    }
}
