package io.github.mnistgate.mnist.training;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;

/** What DL4J's stochastic gradient descent does once a minibatch's gradient is known, shared by both steps. */
final class Updates {

    private Updates() {}

    /** Applies {@code gradient} of a minibatch of {@code batchSize} through the network's own updater. */
    static void apply(MultiLayerNetwork network, Gradient gradient, int batchSize) {
        int iteration = network.getIterationCount();
        int epoch = network.getEpochCount();
        network.getUpdater().update(network, gradient, iteration, epoch, batchSize, LayerWorkspaceMgr.noWorkspaces());
        network.params().subi(gradient.gradient());
        afterStep(network);
    }

    /** What follows the update of the parameters: the counts moved on, constraints applied, layers' state cleared. */
    static void afterStep(MultiLayerNetwork network) {
        int epoch = network.getEpochCount();
        BaseOptimizer.incrementIterationCount(network, 1);
        BaseOptimizer.applyConstraints(network);
        network.clearLayersStates();
        synchronizeCounts(network, network.getIterationCount(), epoch);
    }

    static void synchronizeCounts(MultiLayerNetwork net, int iteration, int epoch) {
        net.setIterationCount(iteration);
        net.setEpochCount(epoch);
        for (Layer layer : net.getLayers()) {
            layer.setIterationCount(iteration);
            layer.setEpochCount(epoch);
        }
    }
}
