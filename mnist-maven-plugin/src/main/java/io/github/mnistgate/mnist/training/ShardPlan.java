package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.model.NetworkCompiler;
import io.github.mnistgate.mnist.util.NativeBackend;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * How each minibatch is trained: by the path {@link NetworkCompiler} chose, split into {@code shards}, each computed
 * on its own thread with {@code threadsPerShard} native threads for its ops. Worked out once per training run and read
 * by the log line, the training fingerprint (the path and the shard count decide the summation order, so the model)
 * and {@link MinibatchStep}, so the three cannot disagree.
 */
public record ShardPlan(int shards, int threadsPerShard, NetworkCompiler.Compiled compiled) {

    /**
     * The smallest shard: below it each op's fixed cost outweighs its work. Measured down to 16 examples (the mlp
     * at batch 32 trains about twice as fast in two shards of 16, bench/README.md), not below.
     */
    static final int MIN_SHARD_EXAMPLES = 16;

    /** Whether the plugin's own kernels train, not DL4J's layer objects. */
    public boolean own() {
        return compiled.compiled();
    }

    /** The path's name as the fingerprint records it: {@code dense}, {@code conv} or {@code dl4j}. */
    public String step() {
        return compiled.path().id();
    }

    /**
     * Stock DL4J's plan for minibatches of {@code batchSize} with {@code threads} threads: at most one shard per thread
     * and one per {@link #MIN_SHARD_EXAMPLES} examples, the threads left over shared out among the shards; one shard
     * for batch normalization, whose statistics must see the whole minibatch.
     */
    public static ShardPlan of(
            MultiLayerNetwork network, int threads, int batchSize, NetworkCompiler.Compiled fallback) {
        int shards = Math.max(1, Math.min(threads, batchSize / MIN_SHARD_EXAMPLES));
        for (Layer layer : network.getLayers()) {
            if (layer instanceof BatchNormalization) {
                shards = 1;
            }
        }
        return new ShardPlan(shards, Math.max(1, threads / shards), fallback);
    }

    /**
     * The plan on the calling thread for minibatches of {@code batchSize}: the compiled path with one native thread
     * per shard; on a thread with its own share of the threads (a trial beside others,
     * {@link NativeBackend#pinThreadsHere}), one shard on that share, since shards would change the thread count of
     * the whole JVM under the others; stock DL4J elsewhere, in shards as {@link #of} splits them.
     */
    public static ShardPlan forThisThread(MultiLayerNetwork network, int batchSize, Kernels kernels) {
        NetworkCompiler.Compiled compiled = NetworkCompiler.compile(network, kernels);
        Integer pinned = NativeBackend.pinnedThreadsHere();
        if (compiled.compiled()) {
            int shards = pinned != null
                    ? 1
                    : Math.max(1, Math.min(NativeBackend.threadsInUse(), batchSize / MIN_SHARD_EXAMPLES));
            return new ShardPlan(shards, 1, compiled);
        }
        return pinned != null
                ? new ShardPlan(1, pinned, compiled)
                : of(network, NativeBackend.threadsInUse(), batchSize, compiled);
    }

    /** For the log line: the path, why where it fell back, and the shards. */
    public String describe() {
        String split = shards == 1
                ? ""
                : ", each minibatch split into " + shards + " shards trained in parallel (" + threadsPerShard
                        + " thread(s) each)";
        return compiled.describe() + split;
    }
}
