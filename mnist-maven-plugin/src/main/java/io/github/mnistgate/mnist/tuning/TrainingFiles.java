package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.DatasetInfo;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.util.Sha256;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training split's two IDX files as bytes, for machines that run trials but never fetched the dataset (Spark
 * executors). They are checked against the dataset's SHA-256 (pinned, or recorded when a folder of images was
 * converted) wherever they are read, so nothing unverified is ever trained on, however they travelled.
 */
public record TrainingFiles(DatasetInfo dataset, byte[] images, byte[] labels) implements Serializable {

    /** Reads the verified files that the fetch (or the conversion of an image folder) left. */
    public static TrainingFiles read(DatasetInfo dataset, Map<DatasetFile, Path> files) throws IOException {
        return new TrainingFiles(
                dataset,
                Files.readAllBytes(files.get(DatasetFile.TRAIN_IMAGES)),
                Files.readAllBytes(files.get(DatasetFile.TRAIN_LABELS)));
    }

    /** The training images, once their bytes match the checksums. */
    public LabelledImages verified() throws IOException {
        check(DatasetFile.TRAIN_IMAGES, images);
        check(DatasetFile.TRAIN_LABELS, labels);
        return LabelledImages.parse(
                Path.of(DatasetFile.TRAIN_IMAGES.fileName()),
                images,
                Path.of(DatasetFile.TRAIN_LABELS.fileName()),
                labels,
                dataset.shape(),
                dataset.classes());
    }

    private void check(DatasetFile file, byte[] bytes) throws IOException {
        String actual = Sha256.of(bytes);
        String expected = dataset.sha256(file);
        if (!actual.equals(expected)) {
            throw new IOException(dataset.id() + " " + file + " arrived with SHA-256 " + actual + ", but expected "
                    + expected + ": not training on it");
        }
    }
}
