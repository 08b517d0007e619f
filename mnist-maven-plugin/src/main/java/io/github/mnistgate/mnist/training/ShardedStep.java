package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.util.NativeBackend;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Future;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One minibatch step of training, on as many cores as ND4J may use: the minibatch is split into shards, each
 * shard's gradient is computed on its own thread (the network for the first shard, a replica that shares its
 * parameters for each other one), the gradients are summed in shard order, and the update is applied with the whole
 * minibatch's size, as {@code MultiLayerNetwork.fit} would have: the plugin's optimizers by {@link HostUpdater},
 * in ranges of the parameters on every shard thread, any other updater by DL4J's own.
 *
 * <p>Why: the notebook CNN's ops are too small for OpenMP to split well; a second OpenMP thread gained
 * nothing (bench/README.md), while shards are independent work. The threads ND4J may use are shared out: one
 * shard per thread while each shard keeps {@link ShardPlan#MIN_SHARD_EXAMPLES} examples, and the OpenMP threads of each
 * shard's ops are the rest divided among them (on 2 cores at batch 64: 2 shards, 1 thread each; with 16 threads:
 * 4 shards of 16 examples, 4 threads each).
 * The sum is the same gradient up to float rounding, so the model depends on the shard count, which is fixed
 * by the thread count and the batch size; for the same shard count it is the same on every run. With one
 * shard this is exactly {@code network.fit}. Networks with batch normalization are not split: their batch
 * statistics would be taken per shard.
 */
final class ShardedStep implements MinibatchStep {

    private final MultiLayerNetwork network;
    private final List<MultiLayerNetwork> replicas = new ArrayList<>();
    private final ShardWorkers workers;
    private final int shards;
    private final int threadsPerShard;
    /** DL4J's update in Java over the shards' gradients (null for one shard, or an updater it does not take). */
    private final HostUpdater updater;
    /** The shards' flattened gradients, for {@link #updater}; taken after the first step. */
    private FloatBuffer[] gradients;

    /** Stock DL4J's plan on the calling thread for minibatches of {@code batchSize}. */
    ShardedStep(MultiLayerNetwork network, int batchSize) {
        this(network, ShardPlan.forThisThread(network, batchSize, Kernels.DL4J));
    }

    ShardedStep(MultiLayerNetwork network, ShardPlan plan) {
        this.network = network;
        this.shards = plan.shards();
        this.threadsPerShard = plan.threadsPerShard();
        if (shards > 1) {
            NativeBackend.threadsForAWhile(threadsPerShard);
            for (int i = 1; i < shards; i++) {
                MultiLayerNetwork replica = new MultiLayerNetwork(
                        network.getLayerWiseConfigurations().clone());
                replica.init(network.params(), false); // a view of the same parameters: no copy per step
                replicas.add(replica);
            }
        }
        this.workers = new ShardWorkers(shards, threadsPerShard);
        this.updater = shards > 1 ? HostUpdater.of(network).orElse(null) : null;
    }

    int shards() {
        return shards;
    }

    /** The OpenMP threads each shard's ops run on. */
    int threadsPerShard() {
        return threadsPerShard;
    }

    /** Seeds ND4J's generator (dropout masks) of every shard's thread for one epoch. */
    @Override
    public void seed(long seed) {
        Nd4j.getRandom().setSeed(seed);
        workers.onEach(shard -> Nd4j.getRandom().setSeed(seed + 1_000_003L * shard));
    }

    @Override
    public double fit(INDArray features, INDArray labels, int[] rows) {
        if (shards == 1 || rows.length < shards) {
            network.fit(new DataSet(Nd4j.pullRows(features, 1, rows), Nd4j.pullRows(labels, 1, rows)));
            return network.score();
        }
        int[] bounds = ShardWorkers.bounds(rows.length, shards);
        List<Future<Double>> pending = new ArrayList<>();
        for (int i = 1; i < shards; i++) {
            MultiLayerNetwork replica = replicas.get(i - 1);
            int[] shardRows = Arrays.copyOfRange(rows, bounds[i], bounds[i + 1]);
            pending.add(workers.submit(i, () -> gradient(replica, features, labels, shardRows)));
        }
        double lossSum =
                gradient(network, features, labels, Arrays.copyOfRange(rows, bounds[0], bounds[1])) * bounds[1];
        for (int i = 1; i < shards; i++) {
            lossSum += ShardWorkers.await(pending.get(i - 1)) * (bounds[i + 1] - bounds[i]);
        }
        if (updater != null) {
            if (gradients == null) {
                // The replicas make their gradient arrays in their first pass; they keep them from then on.
                gradients = new FloatBuffer[shards];
                for (int i = 0; i < shards; i++) {
                    MultiLayerNetwork net = i == 0 ? network : replicas.get(i - 1);
                    gradients[i] = new HostArray(net.getFlattenedGradients()).floats;
                }
            }
            updater.update(workers, gradients, shards, rows.length);
            replicas.forEach(MultiLayerNetwork::clearLayersStates);
        } else {
            INDArray sum = network.getFlattenedGradients();
            for (int i = 1; i < shards; i++) {
                sum.addi(replicas.get(i - 1).getFlattenedGradients());
            }
            apply(network.gradient(), rows.length);
        }
        return lossSum / rows.length;
    }

    @SuppressWarnings("ReferenceEquality") // the network itself, not an equal replica
    private double gradient(MultiLayerNetwork net, INDArray features, INDArray labels, int[] rows) {
        if (net != network) {
            Updates.synchronizeCounts(net, network.getIterationCount(), network.getEpochCount());
        }
        net.setInput(Nd4j.pullRows(features, 1, rows));
        net.setLabels(Nd4j.pullRows(labels, 1, rows));
        net.computeGradientAndScore();
        return net.score();
    }

    /** DL4J's update with the summed gradient; the replicas drop their layers' state as the network does. */
    private void apply(Gradient gradient, int batchSize) {
        Updates.apply(network, gradient, batchSize);
        for (MultiLayerNetwork replica : replicas) {
            replica.clearLayersStates();
        }
    }

    /** Frees the shard threads and their ND4J workspaces, and gives ND4J back its thread count. */
    @Override
    public void close() {
        workers.onEach(shard -> {
            try {
                Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
            } catch (RuntimeException ignored) {
                // the thread's workspaces go with it
            }
        });
        workers.close();
        if (shards > 1) {
            NativeBackend.threadsAsSet();
        }
    }
}
