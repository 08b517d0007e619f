package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.DatasetInfo;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.training.Augmentation;
import io.github.mnistgate.runtime.ImageShape;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A PNG of what augmentation does: one row per class (at most {@link #ROWS}), its first training image on the left,
 * then {@link #DRAWS} augmented versions of it, drawn as training draws them, behind a red line.
 */
public final class AugmentationGrid {

    static final int ROWS = 8;
    static final int DRAWS = 7;
    private static final int BOX = 56;
    private static final int GAP = 6;
    private static final int LINE = 3;
    private static final Color INK = new Color(0xC0392B);

    private AugmentationGrid() {}

    public static void write(
            LabelledImages train, DatasetInfo dataset, Augmentation augmentation, long seed, Path target)
            throws IOException {
        ImageShape shape = train.images().shape();
        int[] cell = DatasetPictures.fit(shape, BOX);
        int rows = Math.min(ROWS, dataset.classes());
        int width = GAP + (cell[0] + GAP) * (DRAWS + 1) + LINE + GAP;
        int height = GAP + rows * (cell[1] + GAP);
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = png.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(INK);
            g.fillRect(GAP + cell[0] + GAP / 2, 0, LINE, height);
        } finally {
            g.dispose();
        }
        byte[] raw = train.images().raw();
        int size = shape.size();
        SplittableRandom draws = new SplittableRandom(seed);
        for (int row = 0, found = 0; row < train.size() && found < rows; row++) {
            if (train.label(row) != found) {
                continue; // the first image of each class, in class order
            }
            int y = GAP + found * (cell[1] + GAP);
            int offset = train.images().offset(row);
            draw(png, bytesAt(raw, offset, size), shape, dataset.inkIsLight(), GAP, y, cell);
            float[] image = new float[size];
            for (int i = 0; i < size; i++) {
                image[i] = (raw[offset + i] & 0xff) / 255f;
            }
            float[] changed = new float[size];
            for (int d = 0; d < DRAWS; d++) {
                augmentation.apply(image, 0, shape, draws.split(), changed, 0);
                byte[] bytes = new byte[size];
                for (int i = 0; i < size; i++) {
                    bytes[i] = (byte) Math.round(changed[i] * 255);
                }
                int x = GAP + (cell[0] + GAP) * (d + 1) + LINE;
                draw(png, bytes, shape, dataset.inkIsLight(), x, y, cell);
            }
            found++;
            row = -1; // the next class may come first anywhere: search again from the start
        }
        DatasetPictures.write(png, target);
    }

    private static byte[] bytesAt(byte[] raw, int offset, int size) {
        byte[] out = new byte[size];
        System.arraycopy(raw, offset, out, 0, size);
        return out;
    }

    private static void draw(
            BufferedImage png, byte[] pixels, ImageShape shape, boolean inkIsLight, int x, int y, int[] cell) {
        DatasetPictures.draw(png, DatasetPictures.of(pixels, 0, shape, inkIsLight), x, y, cell[0], cell[1]);
    }
}
