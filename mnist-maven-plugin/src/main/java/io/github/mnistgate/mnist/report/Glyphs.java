package io.github.mnistgate.mnist.report;

import java.awt.image.BufferedImage;

/**
 * Digits drawn from a 3x5 bitmap: the fallback for labels when the JVM has no fonts ({@link ReportFonts}).
 * Nothing else draws text by hand.
 */
final class Glyphs {

    /** 3x5 digits, one row of three bits per line. */
    private static final int[][] DIGITS = {
        {7, 5, 5, 5, 7}, {2, 6, 2, 2, 7}, {7, 1, 7, 4, 7}, {7, 1, 7, 1, 7}, {5, 5, 7, 1, 1},
        {7, 4, 7, 1, 7}, {7, 4, 7, 5, 7}, {7, 1, 1, 1, 1}, {7, 5, 7, 5, 7}, {7, 5, 7, 1, 7}
    };

    static final int WIDTH = 6;

    private Glyphs() {}

    /** Draws {@code digit} (0..9) with its top left corner at x, y, in 2x2 pixel blocks. */
    static void drawDigit(BufferedImage image, int digit, int x, int y, int rgb) {
        int[] glyph = DIGITS[digit];
        for (int row = 0; row < glyph.length; row++) {
            for (int col = 0; col < 3; col++) {
                if ((glyph[row] & (4 >> col)) != 0) {
                    for (int d = 0; d < 4; d++) {
                        image.setRGB(x + col * 2 + d % 2, y + row * 2 + d / 2, rgb);
                    }
                }
            }
        }
    }
}
