package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.NativeBackend;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What the plugin's own minibatch steps ({@link DenseStep}, {@link ConvStep}) share: the minibatch split into the
 * plan's shards, one thread each with one native thread; each shard's gradient written in DL4J's flattened layout
 * (the first shard's into the network's own gradient views); the losses and gradients summed in shard order; and the
 * update applied by {@link HostUpdater}, or by DL4J's updater for one it does not take. The parameters and the
 * updater's state stay where DL4J keeps them, so the model is stock DL4J's and a checkpoint resumes in DL4J.
 *
 * @param <S> the step's shard: its passes and the arrays they reuse
 */
abstract class HostStep<S extends HostStep.Shard> implements MinibatchStep {

    final MultiLayerNetwork network;
    /** The flattened parameters, read in place. */
    final HostArray params;

    private final List<S> shards = new ArrayList<>();
    /** The calling thread's own share of threads (a trial beside others), or null: then the count is the JVM's. */
    private final Integer pinned;

    private ShardWorkers workers;
    /** DL4J's update in Java over the shards' gradients; null for an updater it does not take, which DL4J applies. */
    private HostUpdater updater;
    /** Each shard's gradient sums, in shard order, as the updater reads them. */
    private FloatBuffer[] shardGradients;
    /** The features' and labels' arrays last seen, and the buffers over them. */
    private final INDArray[] viewed = new INDArray[2];

    private final FloatBuffer[] views = new FloatBuffer[2];
    private int viewedNext;
    /** Where the shards of a step meet (batch normalization's sums), two slots per such layer; 0 without one. */
    private int slots;

    private ShardExchange exchange;
    private int exchangeShards;

    HostStep(MultiLayerNetwork network) {
        this.network = network;
        this.pinned = NativeBackend.pinnedThreadsHere();
        this.params = new HostArray(network.params());
    }

    /**
     * Makes the shards and their threads; the subclass calls it once its own fields are set, with the slots where
     * its shards meet in each step.
     */
    final void start(int shardCount, Function<INDArray, S> shard, int slots) {
        this.slots = slots;
        // One native thread per shard: products and ops on minibatch-sized arrays lose more to thread hand-offs
        // than they gain (bench/README.md, step 12). Given back in close(); beside other trials only this thread's.
        if (pinned != null) {
            NativeBackend.threadsOnThisThread(1);
        } else {
            NativeBackend.singleThreadedBegin();
        }
        if (network.getFlattenedGradients() == null) {
            network.initGradientsView(); // as fit does before its first step
        }
        for (int i = 0; i < shardCount; i++) {
            S s = shard.apply(
                    i == 0
                            ? network.getFlattenedGradients()
                            : network.getFlattenedGradients().ulike());
            s.index = i;
            shards.add(s);
        }
        workers = new ShardWorkers(shardCount, 1);
        updater = HostUpdater.of(network).orElse(null);
        shardGradients = shards.stream().map(s -> s.gradients.floats).toArray(FloatBuffer[]::new);
    }

    /** Seeds each shard's generator (dropout masks) for one epoch: shard i draws the same masks on every run. */
    @Override
    public void seed(long seed) {
        for (int i = 0; i < shards.size(); i++) {
            shards.get(i).random = new SplittableRandom(seed * 1_000_003L + i);
        }
    }

    @Override
    public double fit(INDArray features, INDArray labels, int[] rows) {
        int count = rows.length < shards.size() ? 1 : shards.size();
        int[] bounds = ShardWorkers.bounds(rows.length, count);
        if (slots > 0 && (exchange == null || exchangeShards != count)) {
            exchange = new ShardExchange(count, slots);
            exchangeShards = count;
        }
        List<Future<Double>> pending = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            S shard = shards.get(i);
            int[] part = Arrays.copyOfRange(rows, bounds[i], bounds[i + 1]);
            pending.add(workers.submit(i, () -> lossSum(shard, features, labels, part)));
        }
        S first = shards.get(0);
        double lossSum = lossSum(first, features, labels, count == 1 ? rows : Arrays.copyOfRange(rows, 0, bounds[1]));
        for (int i = 1; i < count; i++) {
            lossSum += ShardWorkers.await(pending.get(i - 1));
        }
        // As BaseOutputLayer: the summed loss over the minibatch, divided by its size; no regularization term here.
        double score = lossSum / rows.length;
        network.setScore(score);
        if (updater != null) {
            updater.update(workers, shardGradients, count, rows.length);
        } else {
            for (int i = 1; i < count; i++) {
                first.flat.addi(shards.get(i).flat);
            }
            Updates.apply(network, first.gradient, rows.length);
        }
        return score;
    }

    /** One shard's pass; should it fail, the shards waiting for it in the exchange are let go. */
    private double lossSum(S shard, INDArray features, INDArray labels, int[] rows) {
        try {
            return shard.lossSum(features, labels, rows);
        } catch (RuntimeException | Error e) {
            if (exchange != null) {
                exchange.abandon();
            }
            throw e;
        }
    }

    /** Every shard's {@code mine} for {@code slot} of this step, added in shard order (see {@link ShardExchange}). */
    final double[] exchange(int slot, int shard, double[] mine) {
        return exchange.total(slot, shard, mine);
    }

    /** The buffer over a dataset's flat array, kept while the same array comes back (every step of a training run). */
    synchronized FloatBuffer hostView(INDArray source) {
        for (int i = 0; i < viewed.length; i++) {
            if (viewed[i] == source) {
                return views[i];
            }
        }
        int oldest = viewedNext++ % viewed.length;
        viewed[oldest] = source;
        views[oldest] = source.data().asNioFloat();
        return views[oldest];
    }

    /** Frees the shard threads and gives ND4J back its thread count. */
    @Override
    public void close() {
        workers.close();
        if (pinned != null) {
            NativeBackend.pinThreadsHere(pinned);
        } else {
            NativeBackend.singleThreadedEnd();
        }
    }

    /** Each number 1/keep with probability keep, else 0: 24 random bits against keep's share of them. */
    static void fillMask(double keep, float[] mask, SplittableRandom random) {
        int threshold = (int) Math.round(keep * (1 << 24));
        float scale = (float) (1.0 / keep);
        for (int i = 0; i < mask.length; i++) {
            mask[i] = (random.nextInt() >>> 8) < threshold ? scale : 0f;
        }
    }

    /** One shard's gradient sums: the flattened array, a buffer over it, and DL4J's views of every parameter in it. */
    abstract static class Shard {
        final INDArray flat;
        final HostArray gradients;
        final DefaultGradient gradient;
        /** Its place in shard order. */
        int index;
        /** The shard's own generator for dropout masks, seeded per epoch by {@link HostStep#seed}. */
        SplittableRandom random = new SplittableRandom(0);

        Shard(MultiLayerNetwork network, INDArray flat) {
            this.flat = flat;
            this.gradients = new HostArray(flat);
            this.gradient = new DefaultGradient(flat);
            long offset = 0;
            for (int i = 0; i < network.getnLayers(); i++) {
                Layer layer = network.getLayer(i);
                long n = layer.numParams();
                if (n > 0) {
                    // The views DL4J's own backpropagation writes into, laid out as its updater expects.
                    INDArray segment =
                            flat.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(offset, offset + n));
                    var initializer = layer.conf().getLayer().initializer();
                    Map<String, INDArray> views = initializer.getGradientsFromFlattened(layer.conf(), segment);
                    for (String key : initializer.paramKeys(layer.conf().getLayer())) {
                        gradient.setGradientFor(i + "_" + key, views.get(key));
                    }
                }
                offset += n;
            }
        }

        /** A fresh inverted-dropout mask from this shard's generator. */
        void fillMask(double keep, float[] mask) {
            HostStep.fillMask(keep, mask, random);
        }

        /** {@code values[i]} times {@code mask[i]}, in place. */
        static void masked(FloatBuffer values, float[] mask) {
            for (int i = 0; i < mask.length; i++) {
                values.put(i, values.get(i) * mask[i]);
            }
        }

        /** Forward and backward over {@code rows}; leaves the summed gradient in {@link #flat}, returns the summed loss. */
        abstract double lossSum(INDArray features, INDArray labels, int[] rows);
    }
}
