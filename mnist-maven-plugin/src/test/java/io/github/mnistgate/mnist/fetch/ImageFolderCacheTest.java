package io.github.mnistgate.mnist.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.ImageFolder;
import io.github.mnistgate.mnist.data.ImageFolders;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.util.Sha256;
import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderCacheTest {

    @TempDir
    Path dir;

    private FetchedDataset prepare(Path images, RecordingLog log) throws IOException {
        ImageFolder folder = ImageFolder.scan(new ImageFolder.Settings(images, ImageShape.MNIST, 0.2, 42));
        return ImageFolderCache.prepare(folder, dir.resolve("cache"), Duration.ofSeconds(10), log);
    }

    @Test
    void imagesAreDecodedOnceAndTheirFilesVerifiedAtEveryLaterRead() throws IOException {
        Path images = dir.resolve("images");
        ImageFolders.write(IdxFiles.learnable(80, 1), Dataset.MNIST.classNames(), images.resolve("train"));
        ImageFolders.write(IdxFiles.learnable(30, 2), Dataset.MNIST.classNames(), images.resolve("test"));

        RecordingLog first = new RecordingLog();
        FetchedDataset made = prepare(images, first);
        assertEquals(
                1, first.matching("decoding every image to 28x28 grayscale").size(), first.text());
        assertEquals("folder", made.dataset().id());
        assertEquals(Dataset.MNIST.classNames(), made.dataset().classNames());
        assertFalse(made.dataset().inkIsLight());
        assertEquals(
                ImageFolder.scan(new ImageFolder.Settings(images, ImageShape.MNIST, 0.2, 42))
                        .fingerprint(),
                made.dataset().sourceSha256());
        for (DatasetFile f : DatasetFile.values()) {
            assertEquals(
                    Sha256.of(Files.readAllBytes(made.file(f))), made.dataset().sha256(f), f.fileName());
        }
        MnistData data = MnistData.read(made.dataset(), made.files());
        assertEquals(80, data.train().size());
        assertEquals(30, data.test().size());

        RecordingLog second = new RecordingLog();
        FetchedDataset again = prepare(images, second);
        assertEquals(0, second.matching("decoding").size(), second.text());
        assertEquals(1, second.matching("files verified in cache").size(), second.text());
        assertEquals(made.dataset(), again.dataset());
        assertEquals(made.folder(), again.folder());

        // A damaged file is never read: the images are decoded again.
        Path trainImages = made.file(DatasetFile.TRAIN_IMAGES);
        byte[] bytes = Files.readAllBytes(trainImages);
        bytes[100] ^= 1;
        Files.write(trainImages, bytes);
        RecordingLog third = new RecordingLog();
        FetchedDataset remade = prepare(images, third);
        assertEquals(1, third.matching("decoding every image").size(), third.text());
        assertArrayEquals(
                Files.readAllBytes(made.file(DatasetFile.TEST_IMAGES)),
                Files.readAllBytes(remade.file(DatasetFile.TEST_IMAGES)));
        assertEquals(made.dataset().sha256(DatasetFile.TRAIN_IMAGES), Sha256.of(Files.readAllBytes(trainImages)));

        // Another image set is another entry of the cache; no temporary file is left behind.
        Files.delete(images.resolve("test/0").toFile().listFiles()[0].toPath());
        FetchedDataset fewer = prepare(images, new RecordingLog());
        assertNotEquals(made.folder(), fewer.folder());
        assertEquals(29, MnistData.read(fewer.dataset(), fewer.files()).test().size());
        try (var files = Files.walk(dir.resolve("cache"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
        assertNull(Dataset.MNIST.info().sourceSha256());
    }
}
