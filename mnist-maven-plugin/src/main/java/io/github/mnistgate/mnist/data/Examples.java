package io.github.mnistgate.mnist.data;

import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Labelled examples as a network reads them, a few at a time: features {@code [n, values per image]} (float32, pixels
 * scaled to [0, 1]) and one-hot labels {@code [n, classes]}. Those chosen from a split ({@link LabelledImages#examples})
 * are read from its images as they are asked for, so training and scoring hold a minibatch, never the whole split.
 */
public interface Examples {

    int count();

    /** Values per example: channels x height x width. */
    int width();

    int classes();

    /** Examples {@code from} to {@code to - 1}, in arrays of their own. */
    DataSet range(int from, int to);

    /** The first {@code n} examples (all when there are fewer). */
    Examples head(int n);

    /** How many examples of each class. */
    int[] classCounts();

    /** A reader of minibatches for one thread. */
    Minibatches minibatches();

    /** Reads minibatches into arrays it reuses, one pair per size, so that a step's views of them stay valid. */
    interface Minibatches {

        /** The examples at {@code rows}; valid until the next call. */
        Batch batch(int[] rows);
    }

    /** A minibatch: the examples at {@code rows} of {@code features} and {@code labels}. */
    record Batch(INDArray features, INDArray labels, int[] rows) {}

    /** Examples already in memory: their minibatches are the whole arrays with the rows chosen, never copied. */
    static Examples of(DataSet data) {
        INDArray features = flat(data.getFeatures());
        INDArray labels = flat(data.getLabels());
        int n = (int) features.size(0);
        return new Examples() {
            @Override
            public int count() {
                return n;
            }

            @Override
            public int width() {
                return (int) features.size(1);
            }

            @Override
            public int classes() {
                return (int) labels.size(1);
            }

            @Override
            public DataSet range(int from, int to) {
                return (DataSet) new DataSet(features, labels).getRange(from, to);
            }

            @Override
            public Examples head(int k) {
                return k >= n ? this : of(range(0, k));
            }

            @Override
            public int[] classCounts() {
                float[] perClass = labels.sum(0).toFloatVector();
                return IntStream.range(0, perClass.length)
                        .map(c -> Math.round(perClass[c]))
                        .toArray();
            }

            @Override
            public Minibatches minibatches() {
                return rows -> new Batch(features, labels, rows);
            }
        };
    }

    /** {@code array} as float32 in row-major order from the start of its own buffer, copied only when it is not. */
    private static INDArray flat(INDArray array) {
        boolean flat = array.dataType() == DataType.FLOAT
                && array.offset() == 0
                && array.ordering() == 'c'
                && array.elementWiseStride() == 1
                && array.data().length() == array.length();
        return flat ? array : array.castTo(DataType.FLOAT).dup('c');
    }

    /**
     * Gathers minibatches through {@code copy}, which writes the examples at {@code rows} into the features and labels
     * given, as rows 0 to n - 1.
     */
    static Minibatches gathering(int width, int classes, RowCopy copy) {
        BatchArrays arrays = new BatchArrays(width, classes);
        return rows -> {
            Batch batch = arrays.of(rows.length);
            copy.copy(
                    rows,
                    batch.features().data().asNioFloat(),
                    batch.labels().data().asNioFloat());
            return batch;
        };
    }

    /**
     * The arrays of minibatches written anew for every step, one pair per size and reused, so that a step's views of
     * them stay valid; each batch's rows are 0 to n - 1.
     */
    final class BatchArrays {
        private final int width;
        private final int classes;
        private final Map<Integer, Batch> bySize = new HashMap<>();

        public BatchArrays(int width, int classes) {
            this.width = width;
            this.classes = classes;
        }

        /** The arrays of a minibatch of {@code n} examples, whose content the caller writes. */
        public Batch of(int n) {
            return bySize.computeIfAbsent(
                    n,
                    size -> new Batch(
                            Nd4j.createUninitialized(DataType.FLOAT, size, width),
                            Nd4j.createUninitialized(DataType.FLOAT, size, classes),
                            IntStream.range(0, size).toArray()));
        }
    }

    /** Writes the examples at {@code rows} into {@code features} and {@code labels}, one row after the other. */
    @FunctionalInterface
    interface RowCopy {
        void copy(int[] rows, FloatBuffer features, FloatBuffer labels);
    }
}
