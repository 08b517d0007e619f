package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.IdxImages;
import io.github.mnistgate.mnist.data.LabelledImages;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A PNG a person can look at: one column per class, the first {@code rows} examples of that class from the
 * training set, the class name above each column in the JVM's fonts (the class index in {@link Glyphs} where
 * there are none).
 */
public final class SampleGrid {

    private static final int SCALE = 2;
    private static final int CELL = IdxImages.SIDE * SCALE;
    private static final int GAP = 6;
    private static final int HEADER = 20;
    private static final Color INK = new Color(0xC0392B);

    private SampleGrid() {
    }

    public static void write(LabelledImages split, List<String> classNames, int rows, Path target) throws IOException {
        int width = Dataset.CLASSES * (CELL + GAP) + GAP;
        int height = HEADER + rows * (CELL + GAP) + GAP;
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = png.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        for (int label = 0; label < Dataset.CLASSES; label++) {
            drawHeader(png, label, classNames.get(label), GAP + label * (CELL + GAP));
        }
        int[] placed = new int[Dataset.CLASSES];
        for (int i = 0; i < split.size(); i++) {
            int label = split.label(i);
            if (placed[label] >= rows) {
                continue;
            }
            int x = GAP + label * (CELL + GAP);
            int y = HEADER + placed[label] * (CELL + GAP);
            DigitImages.paint(png, split.images().raw(), split.images().offset(i), x, y, SCALE);
            placed[label]++;
        }
        DigitImages.write(png, target);
    }

    private static void drawHeader(BufferedImage png, int label, String name, int x) {
        if (!ReportFonts.available()) {
            Glyphs.drawDigit(png, label, x + CELL / 2 - Glyphs.WIDTH / 2, 5, INK.getRGB());
            return;
        }
        Graphics2D g = png.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(INK);
            // The largest size up to 12 at which the name fits its column (Fashion-MNIST's are long).
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, 12);
            FontMetrics metrics = g.getFontMetrics(font);
            while (metrics.stringWidth(name) > CELL + GAP - 2 && font.getSize() > 7) {
                font = font.deriveFont((float) font.getSize() - 1);
                metrics = g.getFontMetrics(font);
            }
            g.setFont(font);
            g.drawString(name, x + (CELL - metrics.stringWidth(name)) / 2, HEADER - 6);
        } finally {
            g.dispose();
        }
    }
}
