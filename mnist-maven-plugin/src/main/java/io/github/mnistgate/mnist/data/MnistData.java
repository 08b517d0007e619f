package io.github.mnistgate.mnist.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** A whole dataset read from its verified IDX files: the training split and the test split. */
public final class MnistData {

    private final Dataset dataset;
    private final LabelledImages train;
    private final LabelledImages test;

    public MnistData(Dataset dataset, LabelledImages train, LabelledImages test) {
        this.dataset = dataset;
        this.train = train;
        this.test = test;
    }

    public static MnistData read(Dataset dataset, Map<DatasetFile, Path> files) throws IOException {
        return new MnistData(dataset,
                LabelledImages.read(files.get(DatasetFile.TRAIN_IMAGES), files.get(DatasetFile.TRAIN_LABELS)),
                LabelledImages.read(files.get(DatasetFile.TEST_IMAGES), files.get(DatasetFile.TEST_LABELS)));
    }

    public Dataset dataset() {
        return dataset;
    }

    public LabelledImages train() {
        return train;
    }

    public LabelledImages test() {
        return test;
    }
}
