package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.util.BuildLog;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Whether this JVM can draw text. A bare container may have no font files at all, and then Java2D fails on the
 * first string it draws; the report must still come out, so pictures are then drawn without text (charts) or
 * with {@link Glyphs} (labels), and the HTML around them carries the words. Which to draw with is passed to
 * {@link HtmlReport} and {@link SampleGrid} as {@code fonts}.
 */
public final class ReportFonts {

    /** The logs that have said the fallback's note: each says it once. */
    private static final Set<BuildLog> NOTED =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    /** The probe's answer: the JVM's fonts do not change while it runs. */
    private static volatile Boolean probed;

    private ReportFonts() {}

    /** True when the machine's fonts can be used. */
    public static boolean machineHasFonts() {
        Boolean result = probed;
        if (result == null) {
            result = probe();
            probed = result;
        }
        return result;
    }

    /** Whether to draw with fonts: the machine's, unless {@code builtin} asks for the fallback where fonts exist. */
    public static boolean usable(boolean builtin) {
        return !builtin && machineHasFonts();
    }

    /** Says once per log, when drawing without fonts, that the built-in glyphs are used. */
    static void noteFallbackOnce(BuildLog log, boolean fonts) {
        if (!fonts && NOTED.add(log)) {
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
