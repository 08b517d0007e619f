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
        // Output pixel to input pixel, an affine map: undo the flip, the translation, the rotation and the zoom about
        // the centre. Along a row it moves by a constant step, so each pixel costs two additions.
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        double fx = flipX ? -1 : 1;
        double fy = flipY ? -1 : 1;
        double kx = (flipX ? w - 1 : 0) - dx - cx;
        double ky = (flipY ? h - 1 : 0) - dy - cy;
        double cos = Math.cos(angle) * zoomX;
        double sin = Math.sin(angle) * zoomY;
        double stepX = cos * fx;
        double stepY = -sin * fx;
        int plane = h * w;
        for (int c = 0; c < shape.channels(); c++) {
            int in = offset + c * plane;
            int to = at + c * plane;
            for (int y = 0; y < h; y++) {
                int row = to + y * w;
                if (!geometric) {
                    int source = in + (flipY ? h - 1 - y : y) * w;
                    for (int x = 0; x < w; x++) {
                        out[row + x] = image[source + (flipX ? w - 1 - x : x)];
                    }
                    continue;
                }
                double oy = fy * y + ky;
                double srcX = cos * kx + sin * oy + cx;
                double srcY = -sin * kx + cos * oy + cy;
                for (int x = 0; x < w; x++, srcX += stepX, srcY += stepY) {
                    out[row + x] = bilinear(image, in, w, h, srcX, srcY);
                }
            }
            if (contrastFactor != 1 || brightnessDelta != 0) {
                float sum = 0;
                for (int i = 0; i < plane; i++) {
                    sum += out[to + i];
                }
                float mean = sum / plane;
                float scale = (float) contrastFactor;
                float shift = mean - mean * scale + (float) brightnessDelta; // (v - mean) * scale + mean + delta
                for (int i = 0; i < plane; i++) {
                    float v = out[to + i] * scale + shift;
                    out[to + i] = v < 0 ? 0 : (v > 1 ? 1 : v);
                }
            }
        }
    }

    /** The plane at {@code (x, y)}, bilinearly, reflected at the edges (Keras's {@code fill_mode="reflect"}). */
    private static float bilinear(float[] image, int in, int w, int h, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        float ax = (float) (x - x0);
        float ay = (float) (y - y0);
        int ix0 = x0;
        int ix1 = x0 + 1;
        int iy0 = y0;
        int iy1 = y0 + 1;
        if (x0 < 0 || y0 < 0 || ix1 >= w || iy1 >= h) { // near or past an edge: reflect
            ix0 = reflect(ix0, w);
            ix1 = reflect(ix1, w);
            iy0 = reflect(iy0, h);
            iy1 = reflect(iy1, h);
        }
        int top = in + iy0 * w;
        int bottom = in + iy1 * w;
        float upper = image[top + ix0] + (image[top + ix1] - image[top + ix0]) * ax;
        float lower = image[bottom + ix0] + (image[bottom + ix1] - image[bottom + ix0]) * ax;
        return upper + (lower - upper) * ay;
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
