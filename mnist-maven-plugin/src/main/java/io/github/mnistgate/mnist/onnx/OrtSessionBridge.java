package io.github.mnistgate.mnist.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The one class that calls ONNX Runtime. {@link OnnxRuntime} loads it beside ONNX Runtime's jar in a class loader of
 * its own and speaks to it through JDK types only, so the plugin's class path never holds ONNX Runtime.
 */
public final class OrtSessionBridge implements BiFunction<float[], long[], float[]>, AutoCloseable {

    private final OrtEnvironment environment;
    private final OrtSession.SessionOptions options;
    private final OrtSession session;
    private final String input;
    private final Set<String> output;

    /** Opens {@code model} to run on {@code threads} threads. */
    public OrtSessionBridge(Path model, String input, String output, int threads) throws OrtException {
        this.environment = OrtEnvironment.getEnvironment();
        this.options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(threads);
        options.setInterOpNumThreads(1);
        this.session = environment.createSession(model.toString(), options);
        this.input = input;
        this.output = Set.of(output);
    }

    /**
     * Runs the model on a tensor of {@code shape} and returns its output's numbers, row after row.
     *
     * @throws IllegalStateException with ONNX Runtime's message, or when the output is not two-dimensional
     */
    @Override
    public float[] apply(float[] pixels, long[] shape) {
        try (OnnxTensor images = OnnxTensor.createTensor(environment, FloatBuffer.wrap(pixels), shape);
                OrtSession.Result result = session.run(Map.of(input, images), output)) {
            OnnxTensor scores = (OnnxTensor) result.get(0);
            long[] dims = scores.getInfo().getShape();
            if (dims.length != 2 || dims[0] != shape[0]) {
                throw new IllegalStateException(
                        "it gives " + Arrays.toString(dims) + " for " + shape[0] + " images, not one row per image");
            }
            FloatBuffer numbers = scores.getFloatBuffer();
            float[] out = new float[numbers.remaining()];
            numbers.get(out);
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
        options.close();
    }
}
