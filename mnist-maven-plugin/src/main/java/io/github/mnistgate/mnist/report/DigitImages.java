package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.IdxImages;
import io.github.mnistgate.mnist.util.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Dataset images as pictures: dark strokes on white, as on paper, each pixel a square of {@code scale}. */
final class DigitImages {

    private DigitImages() {
    }

    /** Paints 784 pixels (0 = background, 255 = ink) with its top left corner at x, y. */
    static void paint(BufferedImage target, byte[] pixels, int offset, int x, int y, int scale) {
        for (int p = 0; p < IdxImages.PIXELS; p++) {
            int ink = 255 - (pixels[offset + p] & 0xff);
            int rgb = (ink << 16) | (ink << 8) | ink;
            int px = x + (p % IdxImages.SIDE) * scale;
            int py = y + (p / IdxImages.SIDE) * scale;
            for (int d = 0; d < scale * scale; d++) {
                target.setRGB(px + d % scale, py + d / scale, rgb);
            }
        }
    }

    /** One image alone, as a PNG. */
    static void writePng(byte[] pixels, int scale, Path target) throws IOException {
        BufferedImage image = new BufferedImage(IdxImages.SIDE * scale, IdxImages.SIDE * scale,
                BufferedImage.TYPE_INT_RGB);
        paint(image, pixels, 0, 0, 0, scale);
        write(image, target);
    }

    static void write(BufferedImage image, Path target) throws IOException {
        // In memory, not through a cache file in java.io.tmpdir that a killed build would leave behind.
        ImageIO.setUseCache(false);
        AtomicFiles.write(target, out -> ImageIO.write(image, "png", out));
    }
}
