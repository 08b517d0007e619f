package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.util.Sha256;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training split's two IDX files as bytes, for machines that run trials but never fetched the dataset (Spark
 * executors). They are checked against the dataset's pinned SHA-256 wherever they are read, so nothing unverified
 * is ever trained on, however they travelled.
 */
public record TrainingFiles(String dataset, String imagesSha256, String labelsSha256, byte[] images, byte[] labels)
        implements Serializable {

    /** Reads the verified files that the fetch left, with the dataset's pinned checksums. */
    public static TrainingFiles read(Dataset dataset, Map<DatasetFile, Path> files) throws IOException {
        return new TrainingFiles(dataset.id(), dataset.sha256(DatasetFile.TRAIN_IMAGES),
                dataset.sha256(DatasetFile.TRAIN_LABELS), Files.readAllBytes(files.get(DatasetFile.TRAIN_IMAGES)),
                Files.readAllBytes(files.get(DatasetFile.TRAIN_LABELS)));
    }

    /** The training images, once their bytes match the checksums. */
    public LabelledImages verified() throws IOException {
        check(DatasetFile.TRAIN_IMAGES, images, imagesSha256);
        check(DatasetFile.TRAIN_LABELS, labels, labelsSha256);
        return LabelledImages.parse(Path.of(DatasetFile.TRAIN_IMAGES.fileName()), images,
                Path.of(DatasetFile.TRAIN_LABELS.fileName()), labels);
    }

    private void check(DatasetFile file, byte[] bytes, String expected) throws IOException {
        String actual = Sha256.of(bytes);
        if (!actual.equals(expected)) {
            throw new IOException(dataset + " " + file + " arrived with SHA-256 " + actual + ", but expected "
                    + expected + ": not training on it");
        }
    }
}
