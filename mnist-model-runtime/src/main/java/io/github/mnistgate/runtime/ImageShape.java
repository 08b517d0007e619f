package io.github.mnistgate.runtime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.io.Serializable;
import java.util.Locale;

/**
 * What one image is to a network: 1 (grayscale) or 3 (RGB) channels of {@code height} rows of {@code width}
 * pixels. The network takes it as {@code size()} floats: channel after channel, each row-major.
 */
public record ImageShape(int channels, int height, int width) implements Serializable {

    /** MNIST's and Fashion-MNIST's: one channel of 28x28. */
    public static final ImageShape MNIST = new ImageShape(1, 28, 28);

    /** The longest side an image may have. */
    public static final int MAX_SIDE = 1024;

    public ImageShape {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("an image has 1 channel (grayscale) or 3 (RGB), not " + channels);
        }
        if (height < 1 || width < 1 || height > MAX_SIDE || width > MAX_SIDE) {
            throw new IllegalArgumentException(
                    "an image is 1 to " + MAX_SIDE + " pixels high and wide, not " + width + "x" + height);
        }
    }

    /** Floats (or bytes) per image. */
    public int size() {
        return channels * height * width;
    }

    @JsonIgnore // derived from channels: not a field of its own in a model card
    public boolean isRgb() {
        return channels == 3;
    }

    /** e.g. {@code 28x28 grayscale}, {@code 64x48 RGB} (width first). */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%dx%d %s", width, height, isRgb() ? "RGB" : "grayscale");
    }
}
