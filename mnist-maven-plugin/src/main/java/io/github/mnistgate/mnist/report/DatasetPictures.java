package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.runtime.ImageShape;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Dataset images as pictures a person looks at: MNIST's light strokes on dark are drawn dark on white, as on paper;
 * the user's own images as they are. Small images are enlarged by whole pixels, so each stays sharp.
 */
final class DatasetPictures {

    private DatasetPictures() {}

    /** The image of {@code shape} at {@code offset} in {@code pixels} (channel planes, each row-major), at its size. */
    static BufferedImage of(byte[] pixels, int offset, ImageShape shape, boolean inkIsLight) {
        int w = shape.width();
        int h = shape.height();
        int plane = w * h;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < plane; p++) {
            int r = pixels[offset + p] & 0xff;
            int g = shape.isRgb() ? pixels[offset + plane + p] & 0xff : r;
            int b = shape.isRgb() ? pixels[offset + 2 * plane + p] & 0xff : r;
            if (inkIsLight) {
                r = 255 - r;
                g = 255 - g;
                b = 255 - b;
            }
            image.setRGB(p % w, p / w, (r << 16) | (g << 8) | b);
        }
        return image;
    }

    /**
     * The width and height a picture of {@code shape} takes within a {@code box}-pixel square: enlarged by the largest
     * whole factor that fits, or shrunk to fit.
     */
    static int[] fit(ImageShape shape, int box) {
        int side = Math.max(shape.width(), shape.height());
        if (side <= box) {
            int scale = box / side;
            return new int[] {shape.width() * scale, shape.height() * scale};
        }
        return new int[] {Math.max(1, shape.width() * box / side), Math.max(1, shape.height() * box / side)};
    }

    /** Draws the image into {@code target} at x, y, {@code w} by {@code h} pixels. */
    static void draw(BufferedImage target, BufferedImage image, int x, int y, int w, int h) {
        Graphics2D g = target.createGraphics();
        try {
            boolean enlarging = w >= image.getWidth() && h >= image.getHeight();
            g.setRenderingHint(
                    RenderingHints.KEY_INTERPOLATION,
                    enlarging
                            ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
                            : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, x, y, w, h, null);
        } finally {
            g.dispose();
        }
    }

    /** One image alone, as a PNG within a {@code box}-pixel square. */
    static void writePng(byte[] pixels, ImageShape shape, boolean inkIsLight, int box, Path target) throws IOException {
        int[] size = fit(shape, box);
        BufferedImage png = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
        draw(png, of(pixels, 0, shape, inkIsLight), 0, 0, size[0], size[1]);
        write(png, target);
    }

    static void write(BufferedImage image, Path target) throws IOException {
        // In memory, not through a cache file in java.io.tmpdir that a killed build would leave behind.
        ImageIO.setUseCache(false);
        AtomicFiles.write(target, out -> ImageIO.write(image, "png", out));
    }
}
