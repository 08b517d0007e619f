package io.github.mnistgate.mnist.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A whole dataset read from its verified IDX files (MNIST's, or those made from a folder of images): the training
 * split and the test split, with what the dataset is.
 */
public final class MnistData {

    private final DatasetInfo dataset;
    private final LabelledImages train;
    private final LabelledImages test;

    public MnistData(DatasetInfo dataset, LabelledImages train, LabelledImages test) {
        this.dataset = dataset;
        this.train = train;
        this.test = test;
    }

    public MnistData(Dataset dataset, LabelledImages train, LabelledImages test) {
        this(dataset.info(), train, test);
    }

    public static MnistData read(Dataset dataset, Map<DatasetFile, Path> files) throws IOException {
        return read(dataset.info(), files);
    }

    public static MnistData read(DatasetInfo dataset, Map<DatasetFile, Path> files) throws IOException {
        return new MnistData(
                dataset,
                split(dataset, files, DatasetFile.TRAIN_IMAGES, DatasetFile.TRAIN_LABELS),
                split(dataset, files, DatasetFile.TEST_IMAGES, DatasetFile.TEST_LABELS));
    }

    private static LabelledImages split(
            DatasetInfo dataset, Map<DatasetFile, Path> files, DatasetFile images, DatasetFile labels)
            throws IOException {
        return LabelledImages.read(files.get(images), files.get(labels), dataset.shape(), dataset.classes());
    }

    public DatasetInfo dataset() {
        return dataset;
    }

    public LabelledImages train() {
        return train;
    }

    public LabelledImages test() {
        return test;
    }
}
