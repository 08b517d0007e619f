package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.model.ForwardReuse;
import io.github.mnistgate.mnist.util.NativeBackend;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * One minibatch step for a network of dense layers only (the {@code mlp} preset, or {@code <layers>} of dense layers):
 * the forward and backward passes as a few matrix products into arrays kept from step to step, with DL4J's own
 * activation functions, loss function and updater, so the arithmetic is DL4J's and the model is stock DL4J's.
 * The minibatch is split into the plan's shards, one thread each with one native thread; their gradients are summed
 * in shard order and DL4J's updater applies the sum, as {@link ShardedStep} does.
 *
 * <p>Why: for so small a network {@code MultiLayerNetwork.fit} spends most of each step outside the arithmetic
 * (workspaces, per-layer bookkeeping, arrays made and freed every step), and ND4J's ops on arrays this small run
 * slower on two native threads than on one (bench/README.md, step 12). The result equals {@code fit}'s up to float
 * rounding (the products and the sum run in another order), so the plan records which step ran and the training
 * fingerprint holds it. {@code -Dmnist.denseStep=false} keeps DL4J's own {@code fit}.
 */
final class DenseStep implements MinibatchStep {

    static final String PROPERTY = "mnist.denseStep";

    private final MultiLayerNetwork network;
    private final int layers;
    private final INDArray[] weights;
    private final INDArray[] biases;
    private final IActivation[] activations;
    /** Layers with a plain ReLU, taken as one vectorised op forward and two back instead of relu and relu_bp. */
    private final boolean[] plainRelu;
    private final ILossFunction loss;
    /** Shard 0 writes into the network's own gradient views; the others into arrays of the same layout. */
    private final List<Shard> shards = new ArrayList<>();
    private final ShardWorkers workers;
    private final int threadsBefore;
    /** The calling thread's own share of threads (a trial beside others), or null: then the count is the JVM's. */
    private final Integer pinned;

    DenseStep(MultiLayerNetwork network, int shardCount) {
        if (!supports(network)) {
            throw new IllegalArgumentException("not a network of dense layers the dense step can train");
        }
        this.network = network;
        this.layers = network.getnLayers();
        this.threadsBefore = NativeBackend.threadsInUse();
        this.pinned = NativeBackend.pinnedThreadsHere();
        weights = new INDArray[layers];
        biases = new INDArray[layers];
        activations = new IActivation[layers];
        plainRelu = new boolean[layers];
        for (int i = 0; i < layers; i++) {
            Layer layer = network.getLayer(i);
            weights[i] = layer.getParam("W");
            biases[i] = layer.getParam("b");
            activations[i] = ((BaseLayer) layer.conf().getLayer()).getActivationFn();
            plainRelu[i] = ForwardReuse.isPlainRelu(activations[i]);
        }
        loss = ((OutputLayer) network.getLayer(layers - 1).conf().getLayer()).getLossFn();
        // One native thread per shard: ND4J's ops on minibatch-sized arrays lose more to thread hand-offs than
        // they gain (bench/README.md, step 12). Given back in close(); beside other trials only this thread's.
        if (pinned != null) {
            NativeBackend.threadsOnThisThread(1);
        } else {
            NativeBackend.threads(1);
        }
        shards.add(new Shard(network.getFlattenedGradients()));
        for (int i = 1; i < shardCount; i++) {
            shards.add(new Shard(network.getFlattenedGradients().ulike()));
        }
        workers = new ShardWorkers(shardCount, 1);
    }

    /**
     * Whether the dense step trains {@code network} as {@code fit} would: dense layers with biases and an output
     * layer, float parameters, nothing that acts between the products (preprocessors, dropout, weight noise,
     * regularization, constraints, gradient normalization, layer normalization); and not switched off.
     */
    static boolean supports(MultiLayerNetwork network) {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY)) || network.params() == null
                || network.params().dataType() != DataType.FLOAT) {
            return false;
        }
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        int n = conf.getConfs().size();
        for (int i = 0; i < n; i++) {
            org.deeplearning4j.nn.conf.layers.Layer layer = conf.getConf(i).getLayer();
            boolean last = i == n - 1;
            boolean dense = last ? layer.getClass() == OutputLayer.class && ((OutputLayer) layer).hasBias()
                    : layer.getClass() == DenseLayer.class && ((DenseLayer) layer).hasBias() && !((DenseLayer) layer).hasLayerNorm();
            if (!dense || conf.getInputPreProcess(i) != null || layer.getIDropout() != null
                    || !empty(layer.getConstraints())) {
                return false;
            }
            BaseLayer base = (BaseLayer) layer;
            if (base.getWeightNoise() != null || !empty(base.getRegularization()) || !empty(base.getRegularizationBias())
                    || (base.getGradientNormalization() != null && base.getGradientNormalization() != GradientNormalization.None)) {
                return false;
            }
        }
        return n >= 1;
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }

    @Override
    public void seed(long seed) {
        Nd4j.getRandom().setSeed(seed); // nothing here draws from it; kept as DL4J's own step keeps it
    }

    @Override
    public double fit(INDArray features, INDArray labels, int[] rows) {
        int count = rows.length < shards.size() ? 1 : shards.size();
        int[] bounds = ShardWorkers.bounds(rows.length, count);
        List<Future<Double>> pending = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            Shard shard = shards.get(i);
            int[] part = java.util.Arrays.copyOfRange(rows, bounds[i], bounds[i + 1]);
            pending.add(workers.submit(i, () -> shard.lossSum(features, labels, part)));
        }
        Shard first = shards.get(0);
        double lossSum = first.lossSum(features, labels, count == 1 ? rows : java.util.Arrays.copyOfRange(rows, 0, bounds[1]));
        for (int i = 1; i < count; i++) {
            lossSum += ShardWorkers.await(pending.get(i - 1));
            first.flat.addi(shards.get(i).flat);
        }
        // As BaseOutputLayer: the summed loss over the minibatch, divided by its size; no regularization term here.
        double score = lossSum / rows.length;
        network.setScore(score);
        Updates.apply(network, first.gradient, rows.length);
        return score;
    }

    /** One shard's gradient sums and the arrays its passes reuse. */
    private final class Shard {
        final INDArray flat;
        final INDArray[] weightGradients = new INDArray[layers];
        final INDArray[] biasGradients = new INDArray[layers];
        final DefaultGradient gradient;
        /** Pre-activations, activations, the gradients flowing back, ReLU masks and the examples, per minibatch size. */
        private final Map<Integer, INDArray[][]> buffers = new HashMap<>();

        Shard(INDArray flat) {
            this.flat = flat;
            this.gradient = new DefaultGradient(flat);
            long offset = 0;
            for (int i = 0; i < layers; i++) {
                Layer layer = network.getLayer(i);
                long n = layer.numParams();
                // The views DL4J's own backpropagation writes into, laid out as its updater expects.
                INDArray segment = flat.get(NDArrayIndex.interval(0, 0, true), NDArrayIndex.interval(offset, offset + n));
                Map<String, INDArray> views = layer.conf().getLayer().initializer()
                        .getGradientsFromFlattened(layer.conf(), segment);
                weightGradients[i] = views.get("W");
                biasGradients[i] = views.get("b");
                gradient.setGradientFor(i + "_W", weightGradients[i]);
                gradient.setGradientFor(i + "_b", biasGradients[i]);
                offset += n;
            }
        }

        /** Forward and backward over {@code rows}; leaves the summed gradient in {@link #flat}, returns the summed loss. */
        double lossSum(INDArray features, INDArray labels, int[] rows) {
            INDArray[][] b = buffers.computeIfAbsent(rows.length, n -> allocate(n, features.size(1), labels.size(1)));
            INDArray x = Nd4j.pullRows(features, b[4][0], 1, rows);
            INDArray y = Nd4j.pullRows(labels, b[4][1], 1, rows);
            INDArray[] pre = b[0];
            INDArray[] act = b[1];
            INDArray[] back = b[2];
            INDArray[] mask = b[3];
            INDArray input = x;
            for (int i = 0; i < layers; i++) {
                Nd4j.gemm(input, weights[i], pre[i], false, false, 1.0, 0.0);
                pre[i].addiRowVector(biases[i]);
                if (i < layers - 1) {
                    if (plainRelu[i]) {
                        Nd4j.getExecutioner().exec(new RectifiedLinear(pre[i], act[i], 0.0));
                    } else {
                        activations[i].getActivation(act[i].assign(pre[i]), true);
                    }
                    input = act[i];
                }
            }
            IActivation outputActivation = activations[layers - 1];
            double lossSum = loss.computeScore(y, pre[layers - 1], outputActivation, null, false);
            INDArray delta = loss.computeGradient(y, pre[layers - 1], outputActivation, null);
            for (int i = layers - 1; i >= 0; i--) {
                Nd4j.gemm(i == 0 ? x : act[i - 1], delta, weightGradients[i], true, false, 1.0, 0.0);
                delta.sum(biasGradients[i], true, 0);
                if (i > 0) {
                    Nd4j.gemm(delta, weights[i], back[i - 1], false, true, 1.0, 0.0);
                    if (plainRelu[i - 1]) {
                        // z > 0 ? 1 : 0 times the gradient: relu_bp's numbers (but -0 for +0), as ForwardReuse takes them.
                        Nd4j.getExecutioner().exec(new Step(pre[i - 1], mask[i - 1], 0.0));
                        delta = mask[i - 1].muli(back[i - 1]);
                    } else {
                        delta = activations[i - 1].backprop(pre[i - 1], back[i - 1]).getFirst();
                    }
                }
            }
            return lossSum;
        }

        private INDArray[][] allocate(int batch, long inputs, long classes) {
            INDArray[][] b = new INDArray[5][];
            for (int kind = 0; kind < 4; kind++) {
                b[kind] = new INDArray[layers];
                for (int i = 0; i < layers; i++) {
                    b[kind][i] = Nd4j.create(DataType.FLOAT, batch, weights[i].size(1));
                }
            }
            b[4] = new INDArray[]{Nd4j.create(DataType.FLOAT, batch, inputs), Nd4j.create(DataType.FLOAT, batch, classes)};
            return b;
        }
    }

    /** Frees the shard threads and gives ND4J back its thread count. */
    @Override
    public void close() {
        workers.close();
        if (pinned != null) {
            NativeBackend.pinThreadsHere(pinned);
        } else {
            NativeBackend.restoreThreads(threadsBefore);
        }
    }
}
