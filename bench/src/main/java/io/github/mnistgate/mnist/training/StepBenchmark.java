package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.bench.BenchData;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.NetworkFactory;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.util.NativeBackend;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The time of one minibatch step, without the rest of an epoch (shuffling, evaluation, the JVM's start):
 * {@code StepBenchmark <mnist dir> <model> <batch> <threads>}. Trains the preset on consecutive minibatches of the
 * training set, as {@link Trainer} would with the plan for {@code threads}, in 12 rounds of 200 steps; prints the
 * median, least and most milliseconds per step of the last 10 rounds and the last loss. With 1 thread its spread is a
 * few percent, where whole epochs vary by 10%, so it tells small changes of a step apart (bench/README.md, step 20).
 * It lives in the training package, beside the step it times, which the plugin does not export.
 */
public final class StepBenchmark {

    public static void main(String[] args) throws Exception {
        NativeBackend.prepare();
        Path dir = Path.of(args[0]);
        String model = args[1];
        int batch = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        NativeBackend.threads(threads);
        DataSet train = BenchData.read(dir).train().toDataSet(60_000);
        MultiLayerNetwork network = NetworkFactory.build(ModelSpec.resolve(model, List.of()),
                new HyperParameterValues(Optimizer.fromId("adam"), 1e-3, 42));
        ShardPlan plan = ShardPlan.forThisThread(network, batch, io.github.mnistgate.mnist.model.Kernels.AUTO); // as the training picks it
        List<Double> rounds = new ArrayList<>();
        int step = 0;
        try (MinibatchStep minibatch = MinibatchStep.of(network, plan)) {
            for (int round = 0; round < 12; round++) {
                long t0 = System.nanoTime();
                for (int s = 0; s < 200; s++, step++) {
                    int[] rows = new int[batch];
                    int from = (step * batch) % (60_000 - batch);
                    for (int i = 0; i < batch; i++) {
                        rows[i] = from + i;
                    }
                    minibatch.fit(train.getFeatures(), train.getLabels(), rows);
                }
                if (round >= 2) { // the first two rounds warm the JIT
                    rounds.add((System.nanoTime() - t0) / 1e6 / 200);
                }
            }
        }
        Collections.sort(rounds);
        System.out.println(String.format(Locale.ROOT,
                "{\"model\": \"%s\", \"batch\": %d, \"threads\": %d, \"step\": \"%s\", \"msPerStep\": %.3f, "
                        + "\"least\": %.3f, \"most\": %.3f, \"lastLoss\": %.5f}",
                model, batch, threads, plan.step(), rounds.get(rounds.size() / 2),
                rounds.get(0), rounds.get(rounds.size() - 1), network.score()));
    }
}
