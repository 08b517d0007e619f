package io.github.mnistgate.runtime;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image as a network of the plugin sees it: converted to the shape's channels, resized to its height and width,
 * as one byte (0..255) per pixel and channel, channel after channel, each row-major; {@link #scaled} divides by 255.
 * The plugin reads the images of a dataset folder through here and {@link ImageClassifier} reads the images it
 * classifies through here, so that a model sees at work exactly what it saw in training.
 *
 * <p>Gray values are taken as they are stored, not through Java's colour management (which would turn an 8-bit gray
 * PNG's values into others); colour becomes gray by ITU-R 601 luma, as PIL's {@code convert("L")} and Keras's
 * {@code color_mode="grayscale"} do; gray becomes RGB by repeating it. Alpha is ignored. Resizing filters with a
 * triangle (bilinear) that widens with the reduction, so that shrinking averages every pixel instead of skipping
 * some; an image of the shape's size is not resampled at all.
 */
public final class ImagePixels {

    private ImagePixels() {}

    /**
     * The most pixels an image may declare, Pillow's {@code MAX_IMAGE_PIXELS} (about 89 megapixels): decoding one
     * takes 4 bytes per pixel, so a small file declaring more (a decompression bomb) would exhaust the heap.
     */
    public static final long MAX_PIXELS = 89_478_485L;

    /**
     * Reads an image file (PNG, JPEG, BMP, GIF: what the JDK's ImageIO reads). Its header is read first: an image that
     * declares more than {@link #MAX_PIXELS} pixels is refused before it is decoded.
     *
     * @throws IOException naming the file, when it cannot be read, is no image, declares too many pixels, or cannot
     *     be decoded within the JVM's heap
     */
    public static BufferedImage read(Path file) throws IOException {
        ImageIO.setUseCache(false); // in memory, not through a cache file in java.io.tmpdir
        String declared = "";
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(file + ": not an image (PNG, JPEG, BMP or GIF) that can be read");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                declared = String.format(Locale.ROOT, "%,d x %,d pixels", width, height);
                if (width * height > MAX_PIXELS) {
                    throw new IOException(String.format(
                            Locale.ROOT,
                            "%s: declares %s (%,d), more than the %,d an image may have; a file that small declaring"
                                    + " that many is likely a decompression bomb; scale the image down",
                            file,
                            declared,
                            width * height,
                            MAX_PIXELS));
                }
                return reader.read(0, reader.getDefaultReadParam());
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException | OutOfMemoryError e) {
            throw failure(file, declared, e);
        }
    }

    /** {@code e} as an error naming the file: the heap it ran out of (ImageIO's readers wrap that), or else. */
    private static IOException failure(Path file, String declared, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError) {
                return new IOException(
                        file + ": decoding its " + (declared.isEmpty() ? "pixels" : declared)
                                + " needs more heap than the JVM has left (" + t.getMessage()
                                + "); scale the image down, or give Maven more, e.g. MAVEN_OPTS=-Xmx4g",
                        e);
            }
        }
        if (e instanceof IOException io
                && e.getMessage() != null
                && e.getMessage().startsWith(file.toString())) {
            return io; // ours, naming the file already
        }
        return new IOException(file + ": not a readable image (" + e.getMessage() + ")", e);
    }

    /** {@code shape.size()} bytes: the image in the shape's channels and size (see the class comment). */
    public static byte[] bytes(BufferedImage image, ImageShape shape) {
        int plane = shape.height() * shape.width();
        float[][] planes = planes(image, shape.channels());
        byte[] out = new byte[shape.size()];
        for (int c = 0; c < planes.length; c++) {
            float[] resized = resize(planes[c], image.getWidth(), image.getHeight(), shape.width(), shape.height());
            for (int i = 0; i < plane; i++) {
                out[c * plane + i] = (byte) Math.max(0, Math.min(255, Math.round(resized[i])));
            }
        }
        return out;
    }

    /** The bytes as the network takes them: each divided by 255, to [0, 1]. */
    public static float[] scaled(byte[] bytes) {
        float[] out = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (bytes[i] & 0xff) / 255f;
        }
        return out;
    }

    /** {@link #scaled} of {@link #bytes}. */
    public static float[] floats(BufferedImage image, ImageShape shape) {
        return scaled(bytes(image, shape));
    }

    /** The image's pixels as {@code channels} planes of 0..255, at its own size. */
    private static float[][] planes(BufferedImage image, int channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[][] planes = new float[channels][w * h];
        ColorModel model = image.getColorModel();
        if (model.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(model instanceof IndexColorModel)) {
            Raster raster = image.getRaster();
            float unit = 255f / ((1 << model.getComponentSize(0)) - 1);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = raster.getSample(x, y, 0) * unit;
                    for (int c = 0; c < channels; c++) {
                        planes[c][y * w + x] = v;
                    }
                }
            }
            return planes;
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            int r = (argb[i] >> 16) & 0xff;
            int g = (argb[i] >> 8) & 0xff;
            int b = argb[i] & 0xff;
            if (channels == 1) {
                planes[0][i] = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16; // 0.299, 0.587, 0.114 in 16 bits
            } else {
                planes[0][i] = r;
                planes[1][i] = g;
                planes[2][i] = b;
            }
        }
        return planes;
    }

    /** One plane resized from {@code sw x sh} to {@code dw x dh}, rows first, then columns. */
    static float[] resize(float[] src, int sw, int sh, int dw, int dh) {
        if (sw == dw && sh == dh) {
            return src;
        }
        float[] rows = new float[dw * sh];
        Taps across = Taps.of(sw, dw);
        for (int y = 0; y < sh; y++) {
            across.apply(src, y * sw, 1, rows, y * dw, 1);
        }
        float[] out = new float[dw * dh];
        Taps down = Taps.of(sh, dh);
        for (int x = 0; x < dw; x++) {
            down.apply(rows, x, dw, out, x, dw);
        }
        return out;
    }

    /** For each output position of one axis: the first input position it reads and the weights of those it reads. */
    private record Taps(int[] first, float[][] weights) {

        static Taps of(int in, int out) {
            double scale = (double) in / out;
            double support = Math.max(1.0, scale); // the triangle's half-width, in input pixels
            int[] first = new int[out];
            float[][] weights = new float[out][];
            for (int o = 0; o < out; o++) {
                double center = (o + 0.5) * scale;
                int from = Math.max(0, (int) Math.floor(center - support));
                int to = Math.min(in, (int) Math.ceil(center + support));
                float[] w = new float[to - from];
                double sum = 0;
                for (int i = from; i < to; i++) {
                    double d = Math.abs((i + 0.5 - center) / support);
                    w[i - from] = (float) Math.max(0, 1 - d);
                    sum += w[i - from];
                }
                for (int k = 0; k < w.length; k++) {
                    w[k] = sum > 0 ? (float) (w[k] / sum) : 1f / w.length;
                }
                first[o] = from;
                weights[o] = w;
            }
            return new Taps(first, weights);
        }

        void apply(float[] src, int srcStart, int srcStride, float[] dst, int dstStart, int dstStride) {
            for (int o = 0; o < first.length; o++) {
                float[] w = weights[o];
                float sum = 0;
                int at = srcStart + first[o] * srcStride;
                for (int k = 0; k < w.length; k++, at += srcStride) {
                    sum += w[k] * src[at];
                }
                dst[dstStart + o * dstStride] = sum;
            }
        }
    }
}
