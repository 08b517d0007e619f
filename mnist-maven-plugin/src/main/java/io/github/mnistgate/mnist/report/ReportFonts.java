package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.util.BuildLog;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this JVM can draw text. A bare container may have no font files at all, and then Java2D fails on the
 * first string it draws; the report must still come out, so pictures are then drawn without text (charts) or
 * with {@link Glyphs} (labels), and the HTML around them carries the words.
 */
public final class ReportFonts {

    /** {@code builtin} draws as if the machine had no fonts (to try the fallback where fonts exist). */
    public static final String PROPERTY = "mnist.report.fonts";

    private static final AtomicBoolean NOTED = new AtomicBoolean();
    private static volatile Boolean probed;
    /** Tests set it, in place of the JVM-wide switch: {@code true} draws as if the machine had no fonts. */
    private static volatile Boolean builtinForTests;

    private ReportFonts() {}

    /** True when real fonts can be used. */
    public static boolean available() {
        if (builtinForTests != null ? builtinForTests : "builtin".equals(System.getProperty(PROPERTY))) {
            return false;
        }
        Boolean result = probed;
        if (result == null) {
            result = probe();
            probed = result;
        }
        return result;
    }

    /**
     * For tests: {@code true} draws as without fonts, {@code false} with the machine's, null follows {@link #PROPERTY};
     * and the fallback's note may be said again.
     */
    static void useBuiltinGlyphsForTests(Boolean builtin) {
        builtinForTests = builtin;
        NOTED.set(false);
    }

    /** Says once per JVM, when there are no fonts, that the built-in glyphs are used. */
    public static void noteFallbackOnce(BuildLog log) {
        if (!available() && NOTED.compareAndSet(false, true)) {
            log.warn("this JVM has no usable fonts (install fontconfig and a font package such as fonts-dejavu-core):"
                    + " the report's pictures use built-in digit glyphs and charts without text");
        }
    }

    private static boolean probe() {
        try {
            if (GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames().length == 0) {
                return false;
            }
            BufferedImage image = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = image.createGraphics();
            try {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                g.drawString("0123", 1, 15);
                return g.getFontMetrics().stringWidth("0123") > 0;
            } finally {
                g.dispose();
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Error | RuntimeException e) {
            return false; // "Fontconfig head is null", "No fonts found", a missing libfontconfig
        }
    }
}
