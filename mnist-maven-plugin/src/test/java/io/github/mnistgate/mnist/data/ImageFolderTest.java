package io.github.mnistgate.mnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.runtime.ImageShape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    private static final List<String> DIGITS = Dataset.MNIST.classNames();

    @TempDir
    Path dir;

    private static ImageFolder.Settings mnistLike(Path root) {
        return new ImageFolder.Settings(root, ImageShape.MNIST, 0.2, 42);
    }

    @Test
    void trainAndTestFoldersGiveBackTheImagesTheyWereWrittenFromByteForByte() throws IOException {
        LabelledImages train = IdxFiles.learnable(120, 1);
        LabelledImages test = IdxFiles.learnable(50, 2);
        ImageFolders.write(train, DIGITS, dir.resolve("train"));
        ImageFolders.write(test, DIGITS, dir.resolve("test"));

        ImageFolder folder = ImageFolder.scan(mnistLike(dir));
        assertEquals(DIGITS, folder.classNames());
        assertEquals(120, folder.trainImages());
        assertEquals(50, folder.testImages());
        assertEquals("train/ and test/", folder.layout());

        ImageFolder.Converted c = folder.convert();
        LabelledImages read = LabelledImages.parse(
                Path.of("train"), c.trainImages(), Path.of("labels"), c.trainLabels(), ImageShape.MNIST, 10);
        // Files named by their index come back in the split's order: the very IDX files they were written from.
        assertArrayEquals(train.images().raw(), read.images().raw());
        for (int i = 0; i < read.size(); i++) {
            assertEquals(train.label(i), read.label(i));
        }
        assertArrayEquals(test.images().raw(), c.testImages());
    }

    @Test
    void classFoldersAloneAreSplitBySeedTheSameShareOfEachClass() throws IOException {
        ImageFolders.write(IdxFiles.learnable(200, 3), DIGITS, dir);
        ImageFolder a = ImageFolder.scan(new ImageFolder.Settings(dir, ImageShape.MNIST, 0.25, 7));
        ImageFolder again = ImageFolder.scan(new ImageFolder.Settings(dir, ImageShape.MNIST, 0.25, 7));
        ImageFolder other = ImageFolder.scan(new ImageFolder.Settings(dir, ImageShape.MNIST, 0.25, 8));
        assertEquals(200, a.trainImages() + a.testImages());
        assertEquals("class folders, 25% of each held out for testing (split seed 7)", a.layout());

        ImageFolder.Converted ca = a.convert();
        LabelledImages test = LabelledImages.parse(
                Path.of("t"), ca.testImages(), Path.of("l"), ca.testLabels(), ImageShape.MNIST, 10);
        LabelledImages all = IdxFiles.learnable(200, 3);
        int[] perClass = all.classCounts();
        int[] held = test.classCounts();
        for (int k = 0; k < 10; k++) {
            assertEquals((int) Math.round(perClass[k] * 0.25), held[k], "class " + k + " of " + perClass[k]);
        }
        assertArrayEquals(ca.testImages(), again.convert().testImages(), "the same seed holds out the same images");
        assertNotEquals(a.fingerprint(), "");
        assertTrue(!java.util.Arrays.equals(ca.testImages(), other.convert().testImages()), "another seed, others");
    }

    @Test
    void theFingerprintFollowsEveryFile() throws IOException {
        ImageFolders.write(IdxFiles.learnable(60, 4), DIGITS, dir.resolve("train"));
        ImageFolders.write(IdxFiles.learnable(20, 5), DIGITS, dir.resolve("test"));
        String before = ImageFolder.scan(mnistLike(dir)).fingerprint();
        assertEquals(before, ImageFolder.scan(mnistLike(dir)).fingerprint());

        Path one;
        try (var files = Files.walk(dir.resolve("train/3"))) {
            one = files.filter(Files::isRegularFile).findFirst().orElseThrow();
        }
        BufferedImage image = ImageIO.read(one.toFile());
        image.getRaster().setSample(0, 0, 0, (image.getRaster().getSample(0, 0, 0) + 1) % 256);
        ImageIO.write(image, "png", one.toFile());
        String changed = ImageFolder.scan(mnistLike(dir)).fingerprint();
        assertNotEquals(before, changed, "one pixel of one image");

        Files.move(one, dir.resolve("train/4").resolve(one.getFileName()));
        assertNotEquals(changed, ImageFolder.scan(mnistLike(dir)).fingerprint(), "an image moved to another class");

        Files.writeString(dir.resolve("train/4/.DS_Store"), "finder");
        Files.createDirectories(dir.resolve("train/5/.thumbnails"));
        Files.writeString(dir.resolve("train/5/.thumbnails/a.txt"), "x");
        assertEquals(ImageFolder.scan(mnistLike(dir)).trainImages(), 60, "hidden files and folders are skipped");
    }

    @Test
    void rgbImagesOfAnySizeAreResizedToTheShape() throws IOException {
        for (String c : List.of("blue", "red")) {
            Files.createDirectories(dir.resolve(c));
            for (int i = 0; i < 3; i++) {
                BufferedImage png = new BufferedImage(10 + i, 7, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < png.getHeight(); y++) {
                    for (int x = 0; x < png.getWidth(); x++) {
                        png.setRGB(x, y, c.equals("red") ? 0xFF0000 : 0x0000FF);
                    }
                }
                ImageIO.write(
                        png,
                        i == 0 ? "jpeg" : "png",
                        dir.resolve(c).resolve(i + (i == 0 ? ".JPG" : ".png")).toFile());
            }
        }
        ImageShape shape = new ImageShape(3, 4, 5);
        ImageFolder folder = ImageFolder.scan(new ImageFolder.Settings(dir, shape, 0.3, 1));
        assertEquals(List.of("blue", "red"), folder.classNames());
        ImageFolder.Converted c = folder.convert();
        LabelledImages train =
                LabelledImages.parse(Path.of("t"), c.trainImages(), Path.of("l"), c.trainLabels(), shape, 2);
        assertEquals(4, train.size());
        for (int i = 0; i < train.size(); i++) {
            int red = train.images().pixel(i, 0);
            int blue = train.images().pixel(i, 2 * 20);
            assertEquals(train.label(i) == 1 ? 255 : 0, red, 3);
            assertEquals(train.label(i) == 0 ? 255 : 0, blue, 3);
        }
    }

    @Test
    void theImageSettingsAreParsedOrRefusedNamingThem() {
        assertEquals(new ImageShape(1, 28, 28), ImageFolder.shape("28", "grayscale"));
        assertEquals(new ImageShape(3, 48, 64), ImageFolder.shape(" 64x48 ", "RGB"));
        InvalidSettingException size =
                assertThrows(InvalidSettingException.class, () -> ImageFolder.shape("0x5", "rgb"));
        assertEquals(
                "Invalid imageSize '0x5': use one number for square images, such as 28, or <width>x<height> such as"
                        + " 64x48, each from 1 to 1024",
                size.getMessage());
        InvalidSettingException mode =
                assertThrows(InvalidSettingException.class, () -> ImageFolder.shape("28", "rgba"));
        assertEquals(
                "Invalid colorMode 'rgba': allowed values are grayscale, rgb; did you mean 'rgb'?", mode.getMessage());
        assertThrows(InvalidSettingException.class, () -> new ImageFolder.Settings(dir, ImageShape.MNIST, 1.0, 1));
    }

    @Test
    void aFolderThatIsNoDatasetFailsNamingTheFileOrFolder() throws IOException {
        InvalidSettingException missing =
                assertThrows(InvalidSettingException.class, () -> ImageFolder.scan(mnistLike(dir.resolve("nothing"))));
        assertTrue(
                missing.getMessage()
                        .startsWith("Invalid imageDirectory '" + dir.resolve("nothing") + "': no such folder"),
                missing.getMessage());

        Path root = dir.resolve("images");
        Files.createDirectories(root.resolve("cat"));
        assertFails(root, root + " holds only one class folder, 'cat'; a classifier needs at least two classes");
        Files.createDirectories(root.resolve("dog"));
        assertFails(
                root,
                root.resolve("cat") + " holds no images; every class folder needs at least one (.png, .jpg or .jpeg)");

        ImageFolders.write(
                IdxFiles.learnable(20, 6),
                List.of("cat", "dog", "cat", "dog", "cat", "dog", "cat", "dog", "cat", "dog"),
                root);
        Path notes = Files.writeString(root.resolve("dog/notes.txt"), "good dogs");
        assertFails(
                root,
                notes + " is not a PNG or JPEG image by its name; class folders hold only .png, .jpg and .jpeg"
                        + " files (hidden files are skipped)");
        Files.delete(notes);
        Path readme = Files.writeString(root.resolve("README.md"), "my pets");
        assertFails(
                root,
                readme + " lies beside the class folders; each image belongs in the folder of its class"
                        + " (hidden files are skipped)");
        Files.delete(readme);

        Path broken = Files.writeString(root.resolve("cat/broken.png"), "not really a png");
        ImageFolder folder = ImageFolder.scan(mnistLike(root));
        IOException e = assertThrows(IOException.class, folder::convert);
        assertTrue(e.getMessage().startsWith(broken + ": not an image"), e.getMessage());
        Files.delete(broken);

        Path bomb = Files.write(root.resolve("dog/bomb.png"), pngDeclaring(30_000, 30_000));
        e = assertThrows(IOException.class, ImageFolder.scan(mnistLike(root))::convert);
        assertTrue(
                e.getMessage().startsWith(bomb + ": declares 30,000 x 30,000 pixels (900,000,000), more than the"),
                e.getMessage());
        Files.delete(bomb);

        Files.createDirectories(root.resolve("train/cat"));
        assertFails(
                root,
                root + " holds train/ but no test/ beside it: give both, each with one folder per class, or no"
                        + " train/ and the class folders themselves (a seeded share of each class is then held out for testing)");
    }

    @Test
    void trainAndTestMustHoldTheSameClasses() throws IOException {
        ImageFolders.write(IdxFiles.learnable(40, 7), DIGITS, dir.resolve("train"));
        ImageFolders.write(IdxFiles.learnable(40, 8), DIGITS, dir.resolve("test"));
        Files.move(dir.resolve("test/9"), dir.resolve("test/nine"));
        assertFails(
                dir,
                dir.resolve("test") + " has no folder for the class(es) [9] that train/ has, and has folder(s)"
                        + " [nine] that train/ lacks; both must hold the same class folders");
    }

    /** A one-pixel PNG whose header declares {@code width x height}: a decompression bomb's header, without the bomb. */
    private static byte[] pngDeclaring(int width, int height) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(1, 1, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", out);
        java.nio.ByteBuffer png = java.nio.ByteBuffer.wrap(out.toByteArray());
        png.putInt(16, width).putInt(20, height); // IHDR's data starts after the signature, length and type
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png.array(), 12, 17); // the chunk's type and its 13 bytes of data
        png.putInt(29, (int) crc.getValue());
        return png.array();
    }

    private void assertFails(Path root, String message) {
        IOException e = assertThrows(InvalidImageFolderException.class, () -> ImageFolder.scan(mnistLike(root)));
        assertEquals(message, e.getMessage());
    }
}
