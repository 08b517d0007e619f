package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.util.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Checks a file against its expected size and SHA-256: size first, since it costs nothing. */
final class FileCheck {

    private FileCheck() {}

    /** Empty when the file is exactly as expected. */
    static Optional<Mismatch> check(Path file, DatasetSpec.Expected expected) throws IOException {
        long size = Files.size(file);
        if (size != expected.size()) {
            return Optional.of(new Mismatch(size, null, expected, looksLikeHtml(file)));
        }
        String sha = sha256(file);
        if (!sha.equals(expected.sha256())) {
            return Optional.of(new Mismatch(size, sha, expected, looksLikeHtml(file)));
        }
        return Optional.empty();
    }

    static String sha256(Path file) throws IOException {
        return Sha256.ofFile(file);
    }

    static String sha256(byte[] bytes) {
        return Sha256.of(bytes);
    }

    /** A server's error or login page delivered with status 200 is the usual cause of a wrong download. */
    private static boolean looksLikeHtml(Path file) throws IOException {
        byte[] head = new byte[256];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String text = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1)
                .stripLeading()
                .toLowerCase(java.util.Locale.ROOT);
        return text.startsWith("<!doctype html")
                || text.startsWith("<html")
                || text.startsWith("<?xml")
                || text.startsWith("<head")
                || text.startsWith("<body");
    }
}
