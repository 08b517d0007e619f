package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.DatasetInfo;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.training.Augmentation;
import io.github.mnistgate.runtime.ImagePixels;
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
        int size = shape.size();
        SplittableRandom draws = new SplittableRandom(seed);
        byte[] bytes = new byte[size];
        float[] changed = new float[size];
        for (int label = 0; label < rows; label++) {
            int first = firstOf(train, label);
            if (first < 0) {
                continue; // a class with no training image keeps its row empty
            }
            int y = GAP + label * (cell[1] + GAP);
            byte[] original = train.images().image(first);
            boolean ink = dataset.inkIsLight();
            DatasetPictures.draw(png, DatasetPictures.of(original, 0, shape, ink), GAP, y, cell[0], cell[1]);
            float[] image = ImagePixels.scaled(original);
            for (int d = 0; d < DRAWS; d++) {
                augmentation.apply(image, 0, shape, draws.split(), changed, 0);
                for (int i = 0; i < size; i++) {
                    bytes[i] = (byte) Math.round(changed[i] * 255);
                }
                int x = GAP + (cell[0] + GAP) * (d + 1) + LINE;
                DatasetPictures.draw(png, DatasetPictures.of(bytes, 0, shape, ink), x, y, cell[0], cell[1]);
            }
        }
        DatasetPictures.write(png, target);
    }

    /** The index of the first training image of class {@code label}; -1 for none. */
    private static int firstOf(LabelledImages train, int label) {
        for (int i = 0; i < train.size(); i++) {
            if (train.label(i) == label) {
                return i;
            }
        }
        return -1;
    }
}
