package io.github.mnistgate.mnist.fetch;

/**
 * How a file differs from what was expected: its size, or (when the size is right) its SHA-256.
 * {@code foundSha256} is null when the size already differs and the hash was not computed.
 */
public record Mismatch(long foundSize, String foundSha256, DatasetSpec.Expected expected, boolean looksLikeHtml) {

    public boolean sizeDiffers() {
        return foundSize != expected.size();
    }

    /** e.g. {@code size 1234 bytes, expected 7840016 (an HTML/XML page, not the file)}. */
    public String describe() {
        String what = sizeDiffers()
                ? "size " + foundSize + " bytes, expected " + expected.size()
                : "sha256 " + foundSha256 + ", expected " + expected.sha256();
        return looksLikeHtml ? what + " (an HTML/XML page, not the file)" : what;
    }
}
