package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.runtime.ImageShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code <augmentation>}: random changes to each training image, drawn anew every epoch, with the meaning of Keras's
 * preprocessing layers of the same names. Validation and test images are never changed. Geometric changes sample the
 * image bilinearly and fill what falls outside it by reflection, Keras's defaults.
 *
 * @param flip {@code none}, {@code horizontal}, {@code vertical} or {@code horizontal_and_vertical}: each direction
 *     flipped with probability 1/2 ({@code RandomFlip})
 * @param rotation the largest turn either way, as a fraction of a full turn ({@code RandomRotation})
 * @param zoom the largest zoom either way, as a fraction; out when positive, in when negative ({@code RandomZoom})
 * @param translation the largest shift either way, as a fraction of the height and of the width
 *     ({@code RandomTranslation})
 * @param contrast the largest change of contrast: each channel's deviation from its mean is scaled by a factor from
 *     {@code 1 - contrast} to {@code 1 + contrast} ({@code RandomContrast})
 * @param brightness the largest change of brightness, as a fraction of the value range, added to every pixel
 *     ({@code RandomBrightness})
 */
public record Augmentation(
        String flip, double rotation, double zoom, double translation, double contrast, double brightness)
        implements java.io.Serializable {

    /** The element names, Keras's layer names. */
    public static final List<String> LAYERS = List.of(
            "randomFlip", "randomRotation", "randomZoom", "randomTranslation", "randomContrast", "randomBrightness");

    private static final List<String> FLIPS = List.of("none", "horizontal", "vertical", "horizontal_and_vertical");

    /** No change; after {@link #FLIPS}, which its construction reads. */
    public static final Augmentation NONE = new Augmentation("none", 0, 0, 0, 0, 0);

    public Augmentation {
        flip = flip == null || flip.isBlank() ? "none" : flip.trim().toLowerCase(Locale.ROOT);
        if (!FLIPS.contains(flip)) {
            throw invalid("randomFlip", flip, "use horizontal, vertical or horizontal_and_vertical");
        }
        range("randomRotation", rotation, 0, 0.5, "a fraction of a full turn from 0 to 0.5, e.g. 0.1 for 36 degrees");
        range("randomZoom", zoom, -0.9, 1, "a fraction from -0.9 (zoom in) to 1 (zoom out), e.g. 0.1");
        range("randomTranslation", translation, 0, 1, "a fraction of the height and width from 0 to 1, e.g. 0.1");
        range("randomContrast", contrast, 0, 1, "a factor from 0 to 1, e.g. 0.2");
        range("randomBrightness", brightness, 0, 1, "a fraction of the value range from 0 to 1, e.g. 0.2");
    }

    /**
     * Parses {@code randomFlip=horizontal,randomTranslation=0.1}: Keras's layer names with one value each; {@code none}
     * or blank for no augmentation.
     */
    public static Augmentation parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
            return NONE;
        }
        String flip = "none";
        double[] values = new double[LAYERS.size()];
        for (String part : text.split(",", -1)) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part.trim() : part.substring(0, eq).trim();
            int layer = LAYERS.indexOf(name);
            if (eq < 0 || layer < 0) {
                throw new InvalidSettingException(
                        "augmentation",
                        text,
                        "'" + part.trim() + "' is not layer=value; use " + String.join(", ", LAYERS)
                                + ", e.g. randomFlip=horizontal,randomTranslation=0.1");
            }
            String value = part.substring(eq + 1).trim();
            if (layer == 0) {
                flip = value;
            } else {
                try {
                    values[layer] = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw invalid(name, value, "give a number");
                }
            }
        }
        return new Augmentation(flip, values[1], values[2], values[3], values[4], values[5]);
    }

    public boolean none() {
        return equals(NONE);
    }

    /** The canonical text, as {@link #parse} reads it and the card and fingerprint record it; {@code none} for none. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!flip.equals("none")) {
            parts.add("randomFlip=" + flip);
        }
        double[] values = {0, rotation, zoom, translation, contrast, brightness};
        for (int i = 1; i < values.length; i++) {
            if (values[i] != 0) {
                parts.add(LAYERS.get(i) + "=" + values[i]);
            }
        }
        return parts.isEmpty() ? "none" : String.join(",", parts);
    }

    /**
     * Writes into {@code out} one random augmentation of {@code image} (pixels in [0, 1], channel after channel, each
     * row-major, as {@code shape} lays them out), drawn from {@code random}.
     */
    public void apply(float[] image, int offset, ImageShape shape, SplittableRandom random, float[] out, int at) {
        int h = shape.height();
        int w = shape.width();
        boolean flipX = (flip.equals("horizontal") || flip.equals("horizontal_and_vertical")) && random.nextBoolean();
        boolean flipY = (flip.equals("vertical") || flip.equals("horizontal_and_vertical")) && random.nextBoolean();
        double angle = rotation == 0 ? 0 : random.nextDouble(-rotation, rotation) * 2 * Math.PI;
        double zoomY = zoom == 0 ? 1 : 1 + random.nextDouble(-Math.abs(zoom), Math.abs(zoom));
        double zoomX = zoomY; // Keras's default: width_factor None keeps the aspect ratio
        double dy = translation == 0 ? 0 : random.nextDouble(-translation, translation) * h;
        double dx = translation == 0 ? 0 : random.nextDouble(-translation, translation) * w;
        double contrastFactor = contrast == 0 ? 1 : random.nextDouble(1 - contrast, 1 + contrast);
        double brightnessDelta = brightness == 0 ? 0 : random.nextDouble(-brightness, brightness);
        boolean geometric = angle != 0 || zoomY != 1 || dx != 0 || dy != 0;
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        int plane = h * w;
        for (int c = 0; c < shape.channels(); c++) {
            int in = offset + c * plane;
            int to = at + c * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    // Output pixel to input pixel: undo the flip, the translation, the rotation and the zoom about the
                    // centre.
                    double sx = flipX ? w - 1 - x : x;
                    double sy = flipY ? h - 1 - y : y;
                    float v;
                    if (geometric) {
                        double ox = sx - dx - cx;
                        double oy = sy - dy - cy;
                        double rx = cos * ox + sin * oy;
                        double ry = -sin * ox + cos * oy;
                        v = bilinear(image, in, w, h, rx * zoomX + cx, ry * zoomY + cy);
                    } else {
                        v = image[in + ((int) sy) * w + (int) sx];
                    }
                    out[to + y * w + x] = v;
                }
            }
            if (contrastFactor != 1 || brightnessDelta != 0) {
                double mean = 0;
                for (int i = 0; i < plane; i++) {
                    mean += out[to + i];
                }
                mean /= plane;
                for (int i = 0; i < plane; i++) {
                    double v = (out[to + i] - mean) * contrastFactor + mean + brightnessDelta;
                    out[to + i] = (float) Math.max(0, Math.min(1, v));
                }
            }
        }
    }

    /** The plane at {@code (x, y)}, bilinearly, reflected at the edges (Keras's {@code fill_mode="reflect"}). */
    private static float bilinear(float[] image, int in, int w, int h, double x, double y) {
        double fx = Math.floor(x);
        double fy = Math.floor(y);
        double ax = x - fx;
        double ay = y - fy;
        int x0 = (int) fx;
        int y0 = (int) fy;
        int ix0 = reflect(x0, w);
        int ix1 = reflect(x0 + 1, w);
        int iy0 = reflect(y0, h);
        int iy1 = reflect(y0 + 1, h);
        double top = image[in + iy0 * w + ix0] * (1 - ax) + image[in + iy0 * w + ix1] * ax;
        double bottom = image[in + iy1 * w + ix0] * (1 - ax) + image[in + iy1 * w + ix1] * ax;
        return (float) (top * (1 - ay) + bottom * ay);
    }

    /** {@code i} reflected into {@code [0, n)} about the edges: d c b a | a b c d | d c b a. */
    static int reflect(int i, int n) {
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }

    private static void range(String layer, double value, double min, double max, String allowed) {
        if (!(value >= min && value <= max)) {
            throw invalid(layer, value, allowed);
        }
    }

    private static InvalidSettingException invalid(String layer, Object value, String allowed) {
        return new InvalidSettingException(
                "augmentation", layer + "=" + value, "<" + layer + "> '" + value + "': " + allowed);
    }
}
