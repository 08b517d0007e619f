package io.github.mnistgate.mnist.onnx;

import io.github.mnistgate.mnist.data.Examples;
import io.github.mnistgate.mnist.evaluation.Evaluator;
import io.github.mnistgate.mnist.evaluation.Predictions;
import io.github.mnistgate.runtime.ImageShape;

/**
 * Scores labelled images with an ONNX model: the pixels laid out as the graph takes them, a chunk at a time, and the
 * outputs read as probabilities when every row sums to 1, as logits (softmax taken) otherwise.
 */
public final class OnnxClassifier {

    /** How far a row of probabilities may sum from 1 in float32. */
    static final double SUM_TOLERANCE = 1e-3;

    /** The predictions, and whether the model's outputs were logits rather than probabilities. */
    public record Scored(Predictions predictions, boolean logits) {}

    private OnnxClassifier() {}

    /**
     * @throws io.github.mnistgate.mnist.util.InvalidSettingException naming the model's output when it gives another
     *                                                                 number of scores than the images have classes
     */
    public static Scored predict(
            OnnxRuntime.Session session,
            OnnxGraph graph,
            OnnxGraph.Layout layout,
            ImageShape shape,
            Examples data,
            String dataset) {
        int n = data.count();
        int classes = data.classes();
        int[] actual = new int[n];
        int[] predicted = new int[n];
        float[] highest = new float[n];
        float[] softmaxHighest = new float[n];
        boolean[] probabilities = {true};
        int[] done = {0};
        Evaluator.forEachChunk(data, chunk -> {
            int rows = chunk.numExamples();
            float[] pixels = layout == OnnxGraph.Layout.NHWC
                    ? channelsLast(chunk.getFeatures().ravel().toFloatVector(), rows, shape)
                    : chunk.getFeatures().ravel().toFloatVector();
            float[] scores = session.run(pixels, tensorShape(graph, layout, rows, shape));
            if (scores.length != (long) rows * classes) {
                throw graph.outputMismatch("[N, " + scores.length / Math.max(1, rows) + "]", classes, dataset);
            }
            int[] labels = chunk.getLabels().argMax(1).toIntVector();
            for (int r = 0; r < rows; r++) {
                int at = done[0] + r;
                actual[at] = labels[r];
                int best = 0;
                double sum = 0;
                for (int k = 0; k < classes; k++) {
                    float s = scores[r * classes + k];
                    sum += s;
                    probabilities[0] &= s >= 0 && s <= 1;
                    if (s > scores[r * classes + best]) {
                        best = k;
                    }
                }
                probabilities[0] &= Math.abs(sum - 1) <= SUM_TOLERANCE;
                float top = scores[r * classes + best];
                double exp = 0;
                for (int k = 0; k < classes; k++) {
                    exp += Math.exp(scores[r * classes + k] - top);
                }
                predicted[at] = best;
                highest[at] = top;
                softmaxHighest[at] = (float) (1 / exp);
            }
            done[0] += rows;
        });
        boolean logits = !probabilities[0];
        return new Scored(new Predictions(classes, actual, predicted, logits ? softmaxHighest : highest), logits);
    }

    private static long[] tensorShape(OnnxGraph graph, OnnxGraph.Layout layout, int rows, ImageShape shape) {
        long c = shape.channels();
        long h = shape.height();
        long w = shape.width();
        return switch (layout) {
            case NCHW -> new long[] {rows, c, h, w};
            case NHWC -> new long[] {rows, h, w, c};
            case FLAT -> graph.inputDims().size() == 3 ? new long[] {rows, h, w} : new long[] {rows, c * h * w};
        };
    }

    /** Planes (each channel row-major, one after another) to each pixel's channels together. */
    static float[] channelsLast(float[] planes, int rows, ImageShape shape) {
        int c = shape.channels();
        int area = shape.height() * shape.width();
        float[] out = new float[planes.length];
        for (int r = 0; r < rows; r++) {
            int base = r * c * area;
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < area; p++) {
                    out[base + p * c + ch] = planes[base + ch * area + p];
                }
            }
        }
        return out;
    }
}
