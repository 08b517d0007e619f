package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.IdxImages;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.util.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A PNG a person can look at: one column per class, the first {@code rows} examples of that class
 * from the training set, each with its label drawn above it. Labels use a built-in pixel font so no
 * system fonts (absent on many build servers) are needed.
 */
public final class SampleGrid {

    private static final int SCALE = 2;
    private static final int CELL = IdxImages.SIDE * SCALE;
    private static final int LABEL_HEIGHT = 14;
    private static final int GAP = 4;

    /** 3x5 digits, one row of three bits per line. */
    private static final int[][] DIGITS = {
            {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
            {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7}};

    private SampleGrid() {
    }

    public static void write(LabelledImages split, int rows, Path target) throws IOException {
        int width = Dataset.CLASSES * (CELL + GAP) + GAP;
        int height = rows * (CELL + LABEL_HEIGHT + GAP) + GAP;
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        fill(png, 0, 0, width, height, 0xFFFFFF);
        int[] placed = new int[Dataset.CLASSES];
        for (int i = 0; i < split.size(); i++) {
            int label = split.label(i);
            if (placed[label] >= rows) {
                continue;
            }
            int x = GAP + label * (CELL + GAP);
            int y = GAP + placed[label] * (CELL + LABEL_HEIGHT + GAP);
            drawDigit(png, label, x + CELL / 2 - 3, y + 2);
            drawImage(png, split.images(), i, x, y + LABEL_HEIGHT);
            placed[label]++;
        }
        // In memory, not through a cache file in java.io.tmpdir that a killed build would leave behind.
        ImageIO.setUseCache(false);
        AtomicFiles.write(target, out -> ImageIO.write(png, "png", out));
    }

    private static void drawImage(BufferedImage png, IdxImages images, int index, int x, int y) {
        for (int p = 0; p < IdxImages.PIXELS; p++) {
            int ink = 255 - images.pixel(index, p); // dark strokes on white, as on paper
            int rgb = (ink << 16) | (ink << 8) | ink;
            fill(png, x + (p % IdxImages.SIDE) * SCALE, y + (p / IdxImages.SIDE) * SCALE, SCALE, SCALE, rgb);
        }
    }

    private static void drawDigit(BufferedImage png, int digit, int x, int y) {
        int[] glyph = DIGITS[digit];
        for (int row = 0; row < glyph.length; row++) {
            for (int col = 0; col < 3; col++) {
                if ((glyph[row] & (4 >> col)) != 0) {
                    fill(png, x + col * 2, y + row * 2, 2, 2, 0xC0392B);
                }
            }
        }
    }

    private static void fill(BufferedImage png, int x, int y, int w, int h, int rgb) {
        for (int dy = 0; dy < h; dy++) {
            for (int dx = 0; dx < w; dx++) {
                png.setRGB(x + dx, y + dy, rgb);
            }
        }
    }
}
