package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.DatasetInfo;
import io.github.mnistgate.mnist.data.LabelledImages;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A PNG a person can look at: one column per class, the first {@code rows} examples of that class from the
 * training set, the class name above each column in the JVM's fonts (the class index in {@link Glyphs} where
 * there are none). More than {@link #COLUMNS} classes continue in further bands below.
 */
public final class SampleGrid {

    /** Each image within a square of this many pixels: MNIST's 28x28 at twice its size. */
    private static final int BOX = 56;

    static final int COLUMNS = 10;
    private static final int GAP = 6;
    private static final int HEADER = 20;
    private static final Color INK = new Color(0xC0392B);

    private SampleGrid() {}

    /** The grid, its labels drawn with the machine's fonts if it has any. */
    public static void write(LabelledImages split, DatasetInfo dataset, int rows, Path target) throws IOException {
        write(split, dataset, rows, target, ReportFonts.machineHasFonts());
    }

    /** The grid, its labels drawn with fonts or, without, as class numbers in built-in glyphs. */
    public static void write(LabelledImages split, DatasetInfo dataset, int rows, Path target, boolean fonts)
            throws IOException {
        int classes = dataset.classes();
        int[] cell = DatasetPictures.fit(split.images().shape(), BOX);
        int columns = Math.min(classes, COLUMNS);
        int bands = (classes + COLUMNS - 1) / COLUMNS;
        int bandHeight = HEADER + rows * (cell[1] + GAP);
        int width = columns * (cell[0] + GAP) + GAP;
        int height = bands * bandHeight + GAP;
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = png.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
        } finally {
            g.dispose();
        }
        for (int label = 0; label < classes; label++) {
            drawHeader(
                    png, label, dataset.classNames().get(label), x(label, cell), y(label, bandHeight), cell[0], fonts);
        }
        int[] placed = new int[classes];
        for (int i = 0; i < split.size(); i++) {
            int label = split.label(i);
            if (placed[label] >= rows) {
                continue;
            }
            DatasetPictures.draw(
                    png,
                    DatasetPictures.of(
                            split.images().image(i), 0, split.images().shape(), dataset.inkIsLight()),
                    x(label, cell),
                    y(label, bandHeight) + HEADER + placed[label] * (cell[1] + GAP),
                    cell[0],
                    cell[1]);
            placed[label]++;
        }
        DatasetPictures.write(png, target);
    }

    private static int x(int label, int[] cell) {
        return GAP + (label % COLUMNS) * (cell[0] + GAP);
    }

    private static int y(int label, int bandHeight) {
        return (label / COLUMNS) * bandHeight;
    }

    private static void drawHeader(BufferedImage png, int label, String name, int x, int y, int width, boolean fonts) {
        if (!fonts) {
            String digits = Integer.toString(label);
            int left = x + width / 2 - digits.length() * Glyphs.WIDTH / 2;
            for (int d = 0; d < digits.length(); d++) {
                Glyphs.drawDigit(png, digits.charAt(d) - '0', left + d * Glyphs.WIDTH, y + 5, INK.getRGB());
            }
            return;
        }
        Graphics2D g = png.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(INK);
            // The largest size up to 12 at which the name fits its column (Fashion-MNIST's are long).
            Font font = new Font(Font.SANS_SERIF, Font.BOLD, 12);
            FontMetrics metrics = g.getFontMetrics(font);
            while (metrics.stringWidth(name) > width + GAP - 2 && font.getSize() > 7) {
                font = font.deriveFont((float) font.getSize() - 1);
                metrics = g.getFontMetrics(font);
            }
            g.setFont(font);
            g.drawString(name, x + (width - metrics.stringWidth(name)) / 2, y + HEADER - 6);
        } finally {
            g.dispose();
        }
    }
}
