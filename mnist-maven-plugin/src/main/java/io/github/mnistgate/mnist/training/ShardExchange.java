package io.github.mnistgate.mnist.training;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

/**
 * Where the shards of one step meet to add up numbers over the whole minibatch: batch normalization's sums per
 * channel, forward and backward. Each shard hands in its own sums for a slot (one per layer and direction, so that a
 * shard going on to the next slot never overwrites sums another is still reading) and gets back every shard's sum,
 * added in shard order, so all shards get the same numbers on every run.
 */
final class ShardExchange {

    private final CyclicBarrier barrier;
    private final double[][][] sums;

    /** For {@code shards} shards meeting at {@code slots} points of a step. */
    ShardExchange(int shards, int slots) {
        this.barrier = new CyclicBarrier(shards);
        this.sums = new double[slots][shards][];
    }

    /** Every shard's {@code mine} for {@code slot}, added in shard order; waits until all have handed theirs in. */
    double[] total(int slot, int shard, double[] mine) {
        double[][] all = sums[slot];
        if (all.length == 1) {
            return mine;
        }
        all[shard] = mine;
        try {
            barrier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the shards met", e);
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("another shard of the step failed", e);
        }
        double[] total = all[0].clone();
        for (int s = 1; s < all.length; s++) {
            for (int i = 0; i < total.length; i++) {
                total[i] += all[s][i];
            }
        }
        return total;
    }

    /** Lets the shards waiting here go, with an error: one of them failed and will never come. */
    void abandon() {
        barrier.reset();
    }
}
