package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.NativeBackend;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * How each minibatch is trained: split into {@code shards}, each computed on its own thread with
 * {@code threadsPerShard} OpenMP threads for its ops, by DL4J's own step or, for the networks they take, by the
 * plugin's {@link DenseStep} or {@link ConvStep} with one native thread per shard
 * by {@link DenseStep} on all the threads. Worked out once per training run and read by the log line,
 * the training fingerprint (the shard count decides the summation order, so the model) and {@link ShardedStep},
 * so the three cannot disagree.
 */
public record ShardPlan(int shards, int threadsPerShard, Step step) {

    /** Which step trains each shard: they round differently. */
    public enum Step { DL4J, DENSE, CONV }

    /** Whether the plugin's dense step trains. */
    public boolean dense() {
        return step == Step.DENSE;
    }

    /** Whether one of the plugin's own steps trains, not DL4J's layer objects. */
    public boolean own() {
        return step != Step.DL4J;
    }

    /**
     * {@code -Dmnist.dataParallel=false} trains each minibatch in one piece, threaded by ND4J's own ops: the escape
     * hatch and the benchmark's "before".
     */
    static final String PROPERTY = "mnist.dataParallel";
    /**
     * The smallest shard: below it each op's fixed cost outweighs its work. Measured down to 16 examples (the mlp
     * at batch 32 trains about twice as fast in two shards of 16, bench/README.md), not below.
     */
    static final int MIN_SHARD_EXAMPLES = 16;

    /**
     * The plan for minibatches of {@code batchSize} with {@code threads} threads: at most one shard per thread and
     * one per {@link #MIN_SHARD_EXAMPLES} examples, the threads left over shared out among the shards; one shard
     * when switched off or for batch normalization (whose statistics must see the whole minibatch).
     */
    public static ShardPlan of(MultiLayerNetwork network, int threads, int batchSize) {
        int shards = Math.max(1, Math.min(threads, batchSize / MIN_SHARD_EXAMPLES));
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            shards = 1;
        }
        for (Layer layer : network.getLayers()) {
            if (layer instanceof BatchNormalization) {
                shards = 1;
            }
        }
        return new ShardPlan(shards, Math.max(1, threads / shards), Step.DL4J);
    }

    /**
     * The plan on the calling thread for minibatches of {@code batchSize}: a network of dense layers in the dense
     * step, a convolution network the convolution step takes in that; on a thread with its own share of the
     * threads (a trial beside others, {@link NativeBackend#pinThreadsHere}), one shard on that share, since shards
     * would change the thread count of the whole JVM under the others; elsewhere {@link #of} on the threads ND4J
     * may use.
     */
    public static ShardPlan forThisThread(MultiLayerNetwork network, int batchSize) {
        Step own = DenseStep.supports(network) ? Step.DENSE : ConvStep.supports(network) ? Step.CONV : null;
        if (own != null) {
            // One native thread per shard, as both steps run them; beside other trials one shard on this thread.
            int shards = NativeBackend.pinnedThreadsHere() != null ? 1
                    : Math.max(1, Math.min(NativeBackend.threadsInUse(), batchSize / MIN_SHARD_EXAMPLES));
            return new ShardPlan(shards, 1, own);
        }
        return inShardsForThisThread(network, batchSize);
    }

    /** DL4J's own step on the calling thread, in shards where {@link #of} would split it. */
    static ShardPlan inShardsForThisThread(MultiLayerNetwork network, int batchSize) {
        Integer pinned = NativeBackend.pinnedThreadsHere();
        return pinned != null ? new ShardPlan(1, pinned, Step.DL4J) : of(network, NativeBackend.threadsInUse(), batchSize);
    }

    /** For the log line; empty for one shard of DL4J's own step. */
    public String describe() {
        if (own()) {
            String name = dense() ? "dense step" : "convolution step";
            String property = dense() ? DenseStep.PROPERTY : ConvStep.PROPERTY;
            return ", each minibatch in the plugin's " + name + (shards == 1 ? "" : ", split into " + shards
                    + " shards trained in parallel (1 thread each)") + " (-D" + property + "=false for DL4J's own step)";
        }
        return shards == 1 ? "" : ", each minibatch split into " + shards + " shards trained in parallel ("
                + threadsPerShard + " thread(s) each)";
    }
}
