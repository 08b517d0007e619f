package io.github.mnistgate.mnist.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Copies a file's content to disk, gunzipping it when it starts with the gzip magic bytes (whatever its
 * name says) and refusing to write more than a bound, so a zip bomb or an endless response cannot fill
 * the disk.
 */
final class Payloads {

    /** No file of any supported dataset comes near this (the largest is 47 MB). */
    static final long MAX_FILE_BYTES = 100L * 1024 * 1024;
    /** Read a little past the expected size, so that "too large" can be told from "exactly right". */
    static final long MARGIN_BYTES = 64L * 1024;

    private static final int BUFFER = 1 << 16;

    private Payloads() {}

    /** The most bytes worth reading for a file expected to have {@code expectedSize} bytes. */
    static long limitFor(long expectedSize) {
        return Math.min(expectedSize + MARGIN_BYTES, MAX_FILE_BYTES);
    }

    /**
     * Writes the (decompressed) content to {@code target}.
     *
     * @return the number of bytes written
     * @throws TooLargeException when the content exceeds {@code limit} bytes; what was written is left for
     *                           the caller to delete
     */
    static long copyDecompressed(InputStream raw, Path target, long limit) throws IOException {
        InputStream buffered = new BufferedInputStream(raw, BUFFER);
        try (OutputStream out = Files.newOutputStream(target)) {
            // Only the first gzip member: the real files have one, and trailing bytes are no concern of ours.
            // (Opened inside the try: a gzip header cut short is reported as truncated content too.)
            InputStream in = isGzip(buffered) ? new GzipCompressorInputStream(buffered, false) : buffered;
            byte[] buffer = new byte[BUFFER];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new TooLargeException(limit);
                }
                out.write(buffer, 0, n);
            }
            return total;
        } catch (java.io.EOFException e) {
            throw new IOException("truncated content" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"), e);
        } catch (IOException e) {
            if (e.getMessage() != null) {
                throw e;
            }
            throw new IOException("cannot read content (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    static boolean isGzip(InputStream in) throws IOException {
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        return b1 == 0x1f && b2 == 0x8b;
    }

    /** Content larger than any file it could be. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long limit) {
            super("larger than " + limit + " bytes (decompressed), more than the expected file: refused");
        }
    }
}
