package io.github.mnistgate.mnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Sha256;
import io.github.mnistgate.runtime.ImageShape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderTest {

    private static final List<String> DIGITS = Dataset.MNIST.classNames();

    @TempDir
    Path dir;

    @TempDir
    Path out;

    private int conversions;

    /** The folder's four files as a later build reads them, converted into a folder of their own. */
    private Map<DatasetFile, Path> convert(ImageFolder folder) throws IOException {
        Path into = out.resolve(String.valueOf(conversions++));
        Map<DatasetFile, Path> files = new EnumMap<>(DatasetFile.class);
        for (DatasetFile f : DatasetFile.values()) {
            files.put(f, into.resolve(f.fileName()));
        }
        Map<DatasetFile, ImageFolder.ConvertedFile> written = folder.convert(files);
        for (DatasetFile f : DatasetFile.values()) {
            assertEquals(Files.size(files.get(f)), written.get(f).size(), f + "'s length");
            assertEquals(Sha256.ofFile(files.get(f)), written.get(f).sha256(), f + "'s SHA-256, taken as written");
        }
        return files;
    }

    private static LabelledImages split(Map<DatasetFile, Path> files, boolean train, ImageShape shape, int classes)
            throws IOException {
        return LabelledImages.read(
                files.get(train ? DatasetFile.TRAIN_IMAGES : DatasetFile.TEST_IMAGES),
                files.get(train ? DatasetFile.TRAIN_LABELS : DatasetFile.TEST_LABELS),
                shape,
                classes);
    }

    /** Every image's bytes, one after the other. */
    static byte[] bytes(IdxImages images) {
        byte[] all = new byte[images.count() * images.size()];
        images.read(0, images.count(), all, 0);
        return all;
    }

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

        Map<DatasetFile, Path> c = convert(folder);
        LabelledImages read = split(c, true, ImageShape.MNIST, 10);
        // Files named by their index come back in the split's order: the very IDX files they were written from.
        assertArrayEquals(bytes(train.images()), bytes(read.images()));
        for (int i = 0; i < read.size(); i++) {
            assertEquals(train.label(i), read.label(i));
        }
        assertArrayEquals(
                bytes(test.images()),
                bytes(split(c, false, ImageShape.MNIST, 10).images()));
    }

    @Test
    void classFoldersAloneAreSplitBySeedTheSameShareOfEachClass() throws IOException {
        ImageFolders.write(IdxFiles.learnable(200, 3), DIGITS, dir);
        ImageFolder a = ImageFolder.scan(new ImageFolder.Settings(dir, ImageShape.MNIST, 0.25, 7));
        ImageFolder again = ImageFolder.scan(new ImageFolder.Settings(dir, ImageShape.MNIST, 0.25, 7));
        ImageFolder other = ImageFolder.scan(new ImageFolder.Settings(dir, ImageShape.MNIST, 0.25, 8));
        assertEquals(200, a.trainImages() + a.testImages());
        assertEquals("class folders, 25% of each held out for testing (split seed 7)", a.layout());

        LabelledImages test = split(convert(a), false, ImageShape.MNIST, 10);
        LabelledImages all = IdxFiles.learnable(200, 3);
        int[] perClass = all.classCounts();
        int[] heldOut = test.classCounts();
        for (int k = 0; k < 10; k++) {
            assertEquals((int) Math.round(perClass[k] * 0.25), heldOut[k], "class " + k + " of " + perClass[k]);
        }
        byte[] held = bytes(test.images());
        assertArrayEquals(
                held,
                bytes(split(convert(again), false, ImageShape.MNIST, 10).images()),
                "the same seed holds out the same images");
        assertNotEquals(a.fingerprint(), "");
        assertTrue(
                !java.util.Arrays.equals(
                        held,
                        bytes(split(convert(other), false, ImageShape.MNIST, 10).images())),
                "another seed, others");
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
        LabelledImages train = split(convert(folder), true, shape, 2);
        assertEquals(4, train.size());
        for (int i = 0; i < train.size(); i++) {
            int red = train.images().image(i)[0] & 0xff;
            int blue = train.images().image(i)[2 * 20] & 0xff;
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
        IOException e = assertThrows(IOException.class, () -> convert(folder));
        assertTrue(e.getMessage().startsWith(broken + ": not an image"), e.getMessage());
        Files.delete(broken);

        Path bomb = Files.write(root.resolve("dog/bomb.png"), pngDeclaring(30_000, 30_000));
        ImageFolder withBomb = ImageFolder.scan(mnistLike(root));
        e = assertThrows(IOException.class, () -> convert(withBomb));
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
