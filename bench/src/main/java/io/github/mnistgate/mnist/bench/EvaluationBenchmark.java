package io.github.mnistgate.mnist.bench;

import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.Evaluator;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.NetworkFactory;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.util.NativeBackend;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Times the evaluation of the 10,000 test images, cold (the first in this JVM, as in a build) and then warm, on an
 * untrained network (the time does not depend on the weights). Usage:
 * {@code EvaluationBenchmark <mnist-dir> <cnn|mlp> <threads> <runs>}; {@code -Deval.batch=N} times only the forward
 * passes in batches of N instead of the plugin's {@code Evaluator}. Prints one JSON object.
 */
public final class EvaluationBenchmark {

    static final int BATCH = Integer.getInteger("eval.batch", 0);

    public static void main(String[] args) throws Exception {
        NativeBackend.prepare();
        Path dir = Path.of(args[0]);
        String model = args[1];
        int threads = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        NativeBackend.threads(threads);
        MnistData data = BenchData.read(dir);
        DataSet test = data.test().toDataSet(data.test().size());
        MultiLayerNetwork network = NetworkFactory.build(ModelSpec.resolve(model, java.util.List.of()),
                new HyperParameterValues(Optimizer.ADAM, 1e-3, 42));
        StringBuilder seconds = new StringBuilder();
        for (int run = 0; run < runs; run++) {
            long t0 = System.nanoTime();
            if (BATCH > 0) {
                for (int from = 0; from < test.numExamples(); from += BATCH) {
                    network.output(((DataSet) test.getRange(from, Math.min(test.numExamples(), from + BATCH))).getFeatures(), false);
                }
            } else {
                Evaluator.evaluate(network, test, io.github.mnistgate.mnist.model.Kernels.AUTO);
            }
            seconds.append(run == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", (System.nanoTime() - t0) / 1e9));
        }
        System.out.println(String.format(Locale.ROOT,
                "{\"model\": \"%s\", \"threads\": %d, \"evalSeconds\": [%s], \"backend\": \"%s\"}",
                model, threads, seconds, NativeBackend.describe(network)));
    }
}
