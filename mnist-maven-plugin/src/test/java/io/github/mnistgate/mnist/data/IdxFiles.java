package io.github.mnistgate.mnist.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Writes small, valid IDX files for tests: seeded random 28x28 images and labels cycling 0..9. */
public final class IdxFiles {

    private IdxFiles() {}

    public static byte[] images(int count, long seed) {
        ByteBuffer b = ByteBuffer.allocate(16 + count * 784);
        b.putInt(0x803).putInt(count).putInt(28).putInt(28);
        byte[] pixels = new byte[count * 784];
        new Random(seed).nextBytes(pixels);
        b.put(pixels);
        return b.array();
    }

    public static byte[] labels(int count) {
        ByteBuffer b = ByteBuffer.allocate(8 + count);
        b.putInt(0x801).putInt(count);
        for (int i = 0; i < count; i++) {
            b.put((byte) (i % 10));
        }
        return b.array();
    }

    public static Path write(Path dir, String name, byte[] content) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), content);
    }

    /**
     * A learnable toy split: each image is dark except a bright 4-row band whose position encodes the label,
     * plus seeded noise, so a small network reaches high accuracy in a few epochs.
     */
    public static LabelledImages learnable(int count, long seed) {
        return learnable(count, seed, 0);
    }

    /**
     * {@link #learnable(int, long)} with every {@code wrongEvery}-th label (0: none) replaced by the next class: a
     * model that learnt the task gets those wrong, and is sure of it.
     */
    public static LabelledImages learnable(int count, long seed, int wrongEvery) {
        byte[][] files = learnableFiles(count, seed, wrongEvery);
        return new LabelledImages(new IdxImages(count, files[0]), new IdxLabels(count, files[1]));
    }

    /**
     * {@link #learnable(int, long)}'s two IDX files written into {@code dir} and read back as a build reads them: the
     * images stay on disk and are read as they are asked for.
     */
    public static LabelledImages learnableOnDisk(Path dir, int count, long seed) throws IOException {
        byte[][] files = learnableFiles(count, seed, 0);
        return LabelledImages.read(
                write(dir, "images-idx3-ubyte", files[0]), write(dir, "labels-idx1-ubyte", files[1]));
    }

    private static byte[][] learnableFiles(int count, long seed, int wrongEvery) {
        Random r = new Random(seed);
        byte[] img = new byte[16 + count * 784];
        ByteBuffer.wrap(img).putInt(0x803).putInt(count).putInt(28).putInt(28);
        byte[] lab = new byte[8 + count];
        ByteBuffer.wrap(lab).putInt(0x801).putInt(count);
        for (int i = 0; i < count; i++) {
            int label = r.nextInt(10);
            lab[8 + i] = (byte) (wrongEvery > 0 && i % wrongEvery == 0 ? (label + 1) % 10 : label);
            for (int p = 0; p < 784; p++) {
                int row = p / 28;
                boolean band = row >= 2 + label * 2 && row < 6 + label * 2;
                int v = band ? 200 + r.nextInt(56) : r.nextInt(60);
                img[16 + i * 784 + p] = (byte) v;
            }
        }
        return new byte[][] {img, lab};
    }
}
