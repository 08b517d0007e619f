package io.github.mnistgate.mnist.training;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How {@link Trainer} trains one minibatch: DL4J's own step in shards ({@link ShardedStep}), {@link DenseStep} or
 * {@link ConvStep}.
 */
interface MinibatchStep extends AutoCloseable {

    /**
     * Trains on the examples at {@code rows} of {@code features} and {@code labels}.
     *
     * @return the minibatch's loss, the mean over its examples as {@code network.score()} reports it
     */
    double fit(INDArray features, INDArray labels, int[] rows);

    /** Seeds ND4J's generator (dropout masks) for one epoch. */
    void seed(long seed);

    /** The plan's step for {@code network}. */
    static MinibatchStep of(org.deeplearning4j.nn.multilayer.MultiLayerNetwork network, ShardPlan plan) {
        return switch (plan.step()) {
            case DENSE -> new DenseStep(network, plan.shards());
            case CONV -> new ConvStep(network, plan.shards());
            case DL4J -> new ShardedStep(network, plan);
        };
    }

    @Override
    void close();
}
