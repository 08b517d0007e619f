package io.github.mnistgate.mnist.data;

import io.github.mnistgate.runtime.ImageShape;
import java.util.List;

/**
 * The notebook's first questions about the data, answered: how many examples, what shape and type,
 * what value range, whether anything is missing or invalid, and how the classes are distributed.
 */
public record DatasetSummary(
        String dataset,
        List<String> classNames,
        List<Integer> imageShape,
        int channels,
        boolean inkIsLight,
        String sourceSha256,
        String storedType,
        String modelInputType,
        int minValue,
        int maxValue,
        long missingValues,
        long invalidValues,
        String validity,
        Split train,
        Split test) {

    /** Statistics of one split. */
    public record Split(int examples, List<Integer> classCounts, double pixelMean, double pixelStd, int blankImages) {}

    /** @param imageShape height and width, in pixels */
    public DatasetSummary {
        imageShape = List.copyOf(imageShape);
    }

    public static DatasetSummary of(MnistData data) {
        int[] range = {255, 0}; // the smallest and largest value of both splits
        Split train = split(data.train(), range);
        Split test = split(data.test(), range);
        DatasetInfo info = data.dataset();
        ImageShape shape = info.shape();
        return new DatasetSummary(
                info.id(),
                info.classNames(),
                List.of(shape.height(), shape.width()),
                shape.channels(),
                info.inkIsLight(),
                info.sourceSha256(),
                "uint8",
                "float32, pixels divided by 255 to [0, 1], flattened "
                        + (shape.isRgb() ? "channel after channel, each " : "") + "row-major to " + shape.size(),
                range[0],
                range[1],
                0,
                0,
                (info.sourceSha256() == null ? "IDX files hold" : "the images were decoded to")
                        + " unsigned bytes, so no value can be missing or NaN; every label was checked to lie in 0.."
                        + (info.classes() - 1)
                        + " and every file's length against its header: none missing, none invalid",
                train,
                test);
    }

    /** A split's figures, read in one pass that also widens {@code range} to its values. */
    private static Split split(LabelledImages split, int[] range) {
        int size = split.images().size();
        double[] sums = new double[2]; // of the values and of their squares
        int[] blank = {0};
        split.forEachChunk((first, count, bytes) -> {
            for (int i = 0; i < count; i++) {
                long imageSum = 0;
                for (int p = i * size; p < (i + 1) * size; p++) {
                    int v = bytes[p] & 0xff;
                    imageSum += v;
                    sums[1] += (double) v * v;
                    range[0] = Math.min(range[0], v);
                    range[1] = Math.max(range[1], v);
                }
                sums[0] += imageSum;
                if (imageSum == 0) {
                    blank[0]++;
                }
            }
        });
        double n = (double) split.size() * size;
        double mean = sums[0] / n;
        double std = Math.sqrt(Math.max(0, sums[1] / n - mean * mean));
        return new Split(split.size(), toList(split.classCounts()), round(mean / 255), round(std / 255), blank[0]);
    }

    private static List<Integer> toList(int[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
