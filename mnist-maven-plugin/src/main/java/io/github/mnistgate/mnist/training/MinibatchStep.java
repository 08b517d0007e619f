package io.github.mnistgate.mnist.training;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How {@link Trainer} trains one minibatch: the compiled path's step ({@link DenseStep}, {@link ConvStep}) or stock
 * DL4J's in shards ({@link ShardedStep}).
 */
interface MinibatchStep extends AutoCloseable {

    /**
     * Trains on the examples at {@code rows} of {@code features} and {@code labels}.
     *
     * @return the minibatch's loss, the mean over its examples as {@code network.score()} reports it
     */
    double fit(INDArray features, INDArray labels, int[] rows);

    /** Seeds the generators of dropout masks for one epoch. */
    void seed(long seed);

    /** The plan's step for {@code network}. */
    static MinibatchStep of(MultiLayerNetwork network, ShardPlan plan) {
        return switch (plan.compiled().path()) {
            case DENSE -> new DenseStep(network, plan.compiled(), plan.shards());
            case CONV -> new ConvStep(network, plan.compiled(), plan.shards());
            case DL4J -> new ShardedStep(network, plan);
        };
    }

    @Override
    void close();
}
