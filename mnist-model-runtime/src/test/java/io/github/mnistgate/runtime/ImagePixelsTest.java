package io.github.mnistgate.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePixelsTest {

    @TempDir
    Path dir;

    /** An 8-bit gray image holding {@code pixels} row-major. */
    static BufferedImage gray(int width, int height, byte[] pixels) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, width, height, pixels);
        return image;
    }

    @Test
    void aGrayPngOfTheShapesSizeGivesBackItsBytesExactly() throws IOException {
        byte[] pixels = new byte[28 * 28];
        new Random(7).nextBytes(pixels);
        Path png = dir.resolve("seven.png");
        ImageIO.write(gray(28, 28, pixels), "png", png.toFile());

        byte[] read = ImagePixels.bytes(ImagePixels.read(png), ImageShape.MNIST);
        assertArrayEquals(pixels, read, "no colour management, no resampling");
        assertEquals((pixels[5] & 0xff) / 255f, ImagePixels.scaled(read)[5]);
    }

    @Test
    void colourBecomesGrayByLumaAndGrayBecomesRgbByRepeating() {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        rgb.setRGB(0, 0, 0xFFFF0000); // red
        rgb.setRGB(1, 0, 0x00102030); // fully transparent: alpha is ignored
        assertArrayEquals(new byte[] {76, 29}, ImagePixels.bytes(rgb, new ImageShape(1, 1, 2)));
        assertArrayEquals(
                new byte[] {(byte) 255, 0x10, 0, 0x20, 0, 0x30},
                ImagePixels.bytes(rgb, new ImageShape(3, 1, 2)),
                "channel planes: R, then G, then B");

        BufferedImage g = gray(2, 1, new byte[] {9, (byte) 200});
        assertArrayEquals(
                new byte[] {9, (byte) 200, 9, (byte) 200, 9, (byte) 200},
                ImagePixels.bytes(g, new ImageShape(3, 1, 2)));
    }

    @Test
    void sixteenBitGrayIsScaledToEightBits() {
        BufferedImage image = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster raster = image.getRaster();
        raster.setSample(0, 0, 0, 0);
        raster.setSample(1, 0, 0, 65535);
        raster.setSample(2, 0, 0, 257 * 100);
        assertArrayEquals(new byte[] {0, (byte) 255, 100}, ImagePixels.bytes(image, new ImageShape(1, 1, 3)));
    }

    @Test
    void resizingKeepsAFlatImageFlatAndAveragesWhenShrinking() {
        byte[] flat = new byte[40 * 30];
        java.util.Arrays.fill(flat, (byte) 77);
        for (ImageShape to : new ImageShape[] {new ImageShape(1, 7, 9), new ImageShape(1, 90, 64), ImageShape.MNIST}) {
            byte[] out = ImagePixels.bytes(gray(40, 30, flat), to);
            assertEquals(to.size(), out.length);
            for (byte b : out) {
                assertEquals(77, b & 0xff, to.toString());
            }
        }
        // Stripes one pixel wide, shrunk to a quarter: every output pixel sees both kinds, none only one.
        byte[] stripes = new byte[32 * 32];
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = (byte) (i % 2 == 0 ? 0 : 200);
        }
        for (byte b : ImagePixels.bytes(gray(32, 32, stripes), new ImageShape(1, 8, 8))) {
            assertTrue((b & 0xff) > 60 && (b & 0xff) < 140, "averaged, not sampled: " + (b & 0xff));
        }
    }

    @Test
    void aJpegIsReadToo() throws IOException {
        BufferedImage rgb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                rgb.setRGB(x, y, 0x808080);
            }
        }
        Path jpeg = dir.resolve("gray.jpg");
        ImageIO.write(rgb, "jpeg", jpeg.toFile());
        byte[] out = ImagePixels.bytes(ImagePixels.read(jpeg), new ImageShape(1, 4, 4));
        for (byte b : out) {
            assertEquals(128, b & 0xff, 3);
        }
    }

    @Test
    void whatIsNoImageFailsNamingTheFile() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture");
        IOException e = assertThrows(IOException.class, () -> ImagePixels.read(text));
        assertTrue(e.getMessage().contains(text.toString()) && e.getMessage().contains("not an image"), e.getMessage());

        Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
        e = assertThrows(IOException.class, () -> ImagePixels.read(empty));
        assertTrue(e.getMessage().startsWith(empty.toString()), e.getMessage());
    }

    /** A PNG that declares {@code width x height} 8-bit gray pixels and holds {@code rows} rows of black. */
    static byte[] pngDeclaring(int width, int height, int rows) throws IOException {
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        java.nio.ByteBuffer header =
                java.nio.ByteBuffer.allocate(13).putInt(width).putInt(height);
        header.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", header.array());
        java.io.ByteArrayOutputStream deflated = new java.io.ByteArrayOutputStream();
        try (java.util.zip.DeflaterOutputStream out = new java.util.zip.DeflaterOutputStream(deflated)) {
            out.write(new byte[(width + 1) * rows]);
        }
        chunk(png, "IDAT", deflated.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(java.io.ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        crc.update(data);
        png.write(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        png.write(data);
        png.write(java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    @Test
    void anImageDeclaringTooManyPixelsIsRefusedBeforeDecodingNamingFileAndSize() throws IOException {
        Path bomb = Files.write(dir.resolve("bomb.png"), pngDeclaring(30_000, 30_000, 1));
        IOException e = assertThrows(IOException.class, () -> ImagePixels.read(bomb));
        assertEquals(
                bomb + ": declares 30,000 x 30,000 pixels (900,000,000), more than the 89,478,485 an image may have;"
                        + " a file that small declaring that many is likely a decompression bomb; scale the image down",
                e.getMessage());

        Path fine = Files.write(dir.resolve("fine.png"), pngDeclaring(40, 30, 30));
        assertEquals(40, ImagePixels.read(fine).getWidth(), "the same file, declaring a sane size, decodes");
    }

    /**
     * An image within the limit that still does not fit the heap names its file and size. In a JVM of 24 MB, since
     * the test's own JVM would need its heap filled first.
     */
    @Test
    void anImageTooLargeForTheHeapNamesItsFile() throws Exception {
        Path large = dir.resolve("large.png");
        ImageIO.write(gray(6000, 6000, new byte[6000 * 6000]), "png", large.toFile());
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx24m");
        // JaCoCo's agent, where this JVM has it, so that the child's lines count as covered
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-javaagent:") && a.contains("jacoco"))
                .forEach(command::add);
        command.addAll(java.util.List.of(
                "-cp", System.getProperty("java.class.path"), DecodeOne.class.getName(), large.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(child.waitFor(2, java.util.concurrent.TimeUnit.MINUTES), output);
        assertEquals(3, child.exitValue(), output);
        assertTrue(
                output.startsWith(
                        large + ": decoding its 6,000 x 6,000 pixels needs more heap than the JVM has left ("),
                output);
    }

    /** Reads one image; exit status 3 and the message when that fails. */
    static final class DecodeOne {
        public static void main(String[] args) {
            try {
                ImagePixels.read(Path.of(args[0]));
            } catch (IOException e) {
                System.out.print(e.getMessage());
                System.exit(3);
            }
        }
    }
}
