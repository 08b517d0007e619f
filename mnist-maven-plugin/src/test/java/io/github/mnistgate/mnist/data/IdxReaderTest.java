package io.github.mnistgate.mnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsImagesAndLabelsIntoScaledFeaturesAndOneHotLabels() throws IOException {
        byte[] images = IdxFiles.images(3, 1);
        images[16] = (byte) 255;
        images[17] = 0;
        Path img = IdxFiles.write(dir, "i", images);
        Path lab = IdxFiles.write(dir, "l", IdxFiles.labels(3));

        LabelledImages split = LabelledImages.read(img, lab);
        DataSet ds = split.toDataSet(10);

        assertEquals(3, split.size());
        assertEquals(2, split.label(2));
        assertEquals(3, ds.getFeatures().rows());
        assertEquals(784, ds.getFeatures().columns());
        assertEquals(1.0f, ds.getFeatures().getFloat(0, 0));
        assertEquals(0.0f, ds.getFeatures().getFloat(0, 1));
        assertEquals((images[16 + 784 + 5] & 0xff) / 255f, ds.getFeatures().getFloat(1, 5), 1e-7);
        assertEquals(1.0f, ds.getLabels().getFloat(2, 2));
        assertEquals(3.0, ds.getLabels().sumNumber().doubleValue());
        assertEquals(1.0f, ds.getLabels().getFloat(0, 0));
        assertTrue(ds.getFeatures().maxNumber().doubleValue() <= 1.0);
        assertTrue(ds.getFeatures().minNumber().doubleValue() >= 0.0);
    }

    @Test
    void toDataSetHonoursTheLimit() throws IOException {
        LabelledImages split = LabelledImages.read(
                IdxFiles.write(dir, "i", IdxFiles.images(20, 2)), IdxFiles.write(dir, "l", IdxFiles.labels(20)));
        assertEquals(7, split.toDataSet(7).numExamples());
        assertEquals(20, split.toDataSet(Integer.MAX_VALUE).numExamples());
        assertEquals(Arrays.toString(new int[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2}), Arrays.toString(split.classCounts()));
    }

    @Test
    void truncatedImagesFileIsRejectedNamingFileAndLengths() throws IOException {
        byte[] full = IdxFiles.images(4, 3);
        Path file = IdxFiles.write(dir, "train-images-idx3-ubyte", Arrays.copyOf(full, full.length - 100));
        InvalidIdxFileException e = assertThrows(InvalidIdxFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(full.length)), e.getMessage());
    }

    /**
     * A file larger than the heap allows stays on disk: a build reads each image as it is asked for, so a file cut
     * short after it was checked fails then, naming the file, instead of training on what is not there.
     */
    @Test
    void imagesOfALargeFileAreReadFromTheFileAsTheyAreAskedFor() throws IOException {
        byte[] full = IdxFiles.images(4, 3);
        Path file = IdxFiles.write(dir, "train-images-idx3-ubyte", full);
        IdxImages whole = IdxReader.readImages(file, ImageShape.MNIST, full.length);
        IdxImages images = IdxReader.readImages(file, ImageShape.MNIST, full.length - 1);
        assertArrayEquals(Arrays.copyOfRange(full, 16 + 2 * 784, 16 + 3 * 784), images.image(2));
        byte[] changed = full.clone();
        changed[16 + 3 * 784] = (byte) (full[16 + 3 * 784] + 1);
        Files.write(file, changed);
        assertEquals(changed[16 + 3 * 784], images.image(3)[0], "read from the file, not from a copy");
        assertEquals(full[16 + 3 * 784], whole.image(3)[0], "a small file is read whole");

        Files.write(file, Arrays.copyOf(full, full.length - 100));
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> images.image(3));
        assertEquals(
                "cannot read " + file + ": the file ended early: was it changed while the build read it?",
                e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> images.image(4));
    }

    @Test
    void trailingDataIsRejected() throws IOException {
        byte[] full = IdxFiles.images(2, 3);
        Path file = IdxFiles.write(dir, "x", Arrays.copyOf(full, full.length + 1));
        InvalidIdxFileException e = assertThrows(InvalidIdxFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("trailing data"), e.getMessage());
    }

    @Test
    void wrongMagicIsRejected() throws IOException {
        Path labelsAsImages = IdxFiles.write(dir, "l", IdxFiles.labels(20));
        InvalidIdxFileException e =
                assertThrows(InvalidIdxFileException.class, () -> IdxReader.readImages(labelsAsImages));
        assertTrue(e.getMessage().contains("magic number is 0x00000801, but 0x00000803"), e.getMessage());
    }

    @Test
    void wrongImageSizeIsRejected() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16 + 2 * 32 * 32);
        b.putInt(0x803).putInt(2).putInt(32).putInt(32);
        Path file = IdxFiles.write(dir, "big", b.array());
        InvalidIdxFileException e = assertThrows(InvalidIdxFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("32x32"), e.getMessage());
    }

    @Test
    void negativeCountIsRejected() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.putInt(0x803).putInt(-5).putInt(28).putInt(28);
        Path file = IdxFiles.write(dir, "neg", b.array());
        InvalidIdxFileException e = assertThrows(InvalidIdxFileException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().contains("image count in the header is -5"), e.getMessage());
    }

    @Test
    void fileShorterThanHeaderIsRejected() throws IOException {
        Path file = IdxFiles.write(dir, "short", new byte[] {0, 0, 8});
        InvalidIdxFileException e = assertThrows(InvalidIdxFileException.class, () -> IdxReader.readLabels(file));
        assertTrue(e.getMessage().contains("shorter than the 8-byte IDX header"), e.getMessage());
    }

    @Test
    void labelOutOfRangeIsRejectedWithItsIndex() throws IOException {
        byte[] labels = IdxFiles.labels(12);
        labels[8 + 11] = 10;
        Path file = IdxFiles.write(dir, "l", labels);
        InvalidIdxFileException e = assertThrows(InvalidIdxFileException.class, () -> IdxReader.readLabels(file));
        assertTrue(e.getMessage().contains("label 10 at index 11 is out of range"), e.getMessage());
    }

    @Test
    void imageAndLabelCountsMustMatch() throws IOException {
        Path img = IdxFiles.write(dir, "i", IdxFiles.images(3, 1));
        Path lab = IdxFiles.write(dir, "l", IdxFiles.labels(4));
        InvalidIdxFileException e = assertThrows(InvalidIdxFileException.class, () -> LabelledImages.read(img, lab));
        assertTrue(e.getMessage().contains("holds 4 labels, but i holds 3 images"), e.getMessage());
    }
}
