package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.model.NetworkCompiler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * One minibatch step for a network of dense layers only (the {@code mlp} preset, or {@code <layers>} of dense layers,
 * dropout layers between them drawing their masks from the shard's seeded generator, batch normalization right after
 * a dense layer with the shards meeting to sum over the whole minibatch, as {@link BatchNorm} says),
 * without ND4J's per-op cost: the matrix products straight to OpenBLAS, into arrays kept from step to step; ReLU,
 * softmax with cross-entropy and the biases as loops in Java ({@link DenseKernels}); the plugin's optimizers'
 * updates in Java too ({@link HostUpdater}). Any other activation, loss or updater is DL4J's own, on the same arrays. The parameters and
 * the updater's state stay where DL4J keeps them, so the model is stock DL4J's and a checkpoint resumes in DL4J.
 * The minibatch is split into the plan's shards, one thread each with one native thread; their gradients are summed
 * in shard order, as {@link ShardedStep} does.
 *
 * <p>Why: for so small a network {@code MultiLayerNetwork.fit} spends most of each step outside the arithmetic
 * (workspaces, per-layer bookkeeping, arrays made and freed every step), and each ND4J op costs tens of microseconds
 * however small its arrays (bench/README.md, steps 12 and 15). The result equals {@code fit}'s up to float rounding
 * (the products and the sums run in another order), so the plan records which step ran and the training fingerprint
 * holds it. {@link NetworkCompiler} decides which networks it trains.
 */
final class DenseStep extends HostStep<DenseStep.Shard> {

    private final int layers;
    private final int[] inputs;
    private final int[] units;
    private final int[] weightsAt;
    private final int[] biasesAt;
    private final IActivation[] activations;
    /** The probability of keeping each output of layer i where dropout layers follow it, else 1. */
    private final double[] keep;
    /** Layers with a plain ReLU, taken in Java; any other activation is DL4J's, on the same arrays. */
    private final boolean[] plainRelu;
    /** The batch normalization right after layer i's activation (before any dropout), or null. */
    private final BatchNorm.Layer[] batchNorm;

    private final ILossFunction loss;
    /** DL4J's clip of the probabilities in softmax with cross-entropy, taken in Java; negative where the loss is another. */
    private final double softmaxClip;
    /** The output's class weights, or null for none. */
    private final float[] classWeights;

    DenseStep(MultiLayerNetwork network, NetworkCompiler.Compiled plan, int shardCount) {
        super(network);
        if (plan.path() != NetworkCompiler.Path.DENSE) {
            throw new IllegalArgumentException("not a compiled network of dense layers: " + plan.describe());
        }
        List<org.deeplearning4j.nn.conf.layers.Layer> all = new ArrayList<>();
        for (int i = 0; i < network.getnLayers(); i++) {
            all.add(network.getLayer(i).conf().getLayer());
        }
        this.layers = (int) all.stream()
                .filter(l -> !(l instanceof DropoutLayer) && !(l instanceof BatchNormalization))
                .count();
        inputs = new int[layers];
        units = new int[layers];
        weightsAt = new int[layers];
        biasesAt = new int[layers];
        activations = new IActivation[layers];
        plainRelu = new boolean[layers];
        keep = new double[layers];
        batchNorm = new BatchNorm.Layer[layers];
        int offset = 0;
        int i = -1;
        int slots = 0;
        for (int k = 0; k < all.size(); k++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = all.get(k);
            if (conf instanceof DropoutLayer) {
                keep[i] *= ((Dropout) conf.getIDropout()).getP(); // the compiler took only plain dropout
                continue;
            }
            if (conf instanceof BatchNormalization) { // the compiler took it only right after a dense layer
                batchNorm[i] = BatchNorm.Layer.of(network, k, units[i], slots);
                slots += 2;
                offset += Math.toIntExact(network.getLayer(k).numParams());
                continue;
            }
            i++;
            keep[i] = 1;
            BaseLayer layer = (BaseLayer) conf;
            FeedForwardLayer dense = (FeedForwardLayer) layer;
            inputs[i] = Math.toIntExact(dense.getNIn());
            units[i] = Math.toIntExact(dense.getNOut());
            // DL4J's DefaultParamInitializer: the weights, column-major, then the biases.
            weightsAt[i] = offset;
            biasesAt[i] = offset + inputs[i] * units[i];
            offset = biasesAt[i] + units[i];
            activations[i] = layer.getActivationFn();
            plainRelu[i] = NetworkCompiler.isPlainRelu(activations[i]);
        }
        loss = ((OutputLayer) all.get(all.size() - 1)).getLossFn();
        softmaxClip = activations[layers - 1] instanceof ActivationSoftmax && loss instanceof LossMCXENT mcxent
                ? mcxent.getSoftmaxClipEps()
                : -1;
        classWeights = loss instanceof LossMCXENT mcxent ? DenseKernels.weights(mcxent) : null;
        start(shardCount, Shard::new, slots);
    }

    /** One shard's gradient sums and the arrays its passes reuse. */
    final class Shard extends HostStep.Shard {
        private final FloatPointer[] weightsHere = new FloatPointer[layers];
        private final FloatPointer[] weightGradients = new FloatPointer[layers];
        private final Map<Integer, Buffers> buffers = new HashMap<>();

        Shard(INDArray flat) {
            super(network, flat);
            for (int i = 0; i < layers; i++) {
                weightsHere[i] = params.at(weightsAt[i]);
                weightGradients[i] = gradients.at(weightsAt[i]);
            }
        }

        @Override
        double lossSum(INDArray features, INDArray labels, int[] rows) {
            int n = rows.length;
            Buffers b = buffers.computeIfAbsent(n, size -> new Buffers(size, features.size(1), labels.size(1)));
            gather(features, b.x, rows);
            gather(labels, b.y, rows);
            HostArray input = b.x;
            for (int i = 0; i < layers; i++) {
                DenseKernels.fillRows(params.floats, biasesAt[i], b.pre[i].floats, n, units[i]);
                DenseKernels.forward(input.pointer, weightsHere[i], b.pre[i].pointer, n, inputs[i], units[i]);
                if (i < layers - 1) {
                    if (plainRelu[i]) {
                        DenseKernels.relu(b.pre[i].floats, b.act[i].floats, n * units[i]);
                    } else {
                        DenseKernels.activate(activations[i], b.pre[i], b.act[i]);
                    }
                    if (b.norm[i] != null) {
                        b.norm[i].forward(b.act[i], n, params.floats, gradients.floats, index == 0, this::exchange);
                    }
                    if (keep[i] < 1) {
                        fillMask(keep[i], b.mask[i]);
                        masked(b.feed(i).floats, b.mask[i]);
                    }
                    input = b.feed(i);
                }
            }
            int last = layers - 1;
            double lossSum;
            if (softmaxClip >= 0) {
                lossSum = DenseKernels.softmaxCrossEntropy(
                        b.pre[last].floats, b.y.floats, b.delta.floats, n, units[last], softmaxClip, classWeights);
            } else {
                lossSum = loss.computeScore(b.y.array, b.pre[last].array, activations[last], null, false);
                b.delta.array.assign(loss.computeGradient(b.y.array, b.pre[last].array, activations[last], null));
            }
            HostArray delta = b.delta;
            for (int i = last; i >= 0; i--) {
                HostArray in = i == 0 ? b.x : b.feed(i - 1);
                DenseKernels.weightGradient(in.pointer, delta.pointer, weightGradients[i], n, inputs[i], units[i]);
                DenseKernels.columnSums(delta.floats, n, units[i], gradients.floats, biasesAt[i]);
                if (i > 0) {
                    HostArray back = b.back[i - 1];
                    DenseKernels.inputGradient(delta.pointer, weightsHere[i], back.pointer, n, inputs[i], units[i]);
                    if (keep[i - 1] < 1) {
                        masked(back.floats, b.mask[i - 1]);
                    }
                    if (b.norm[i - 1] != null) {
                        b.norm[i - 1].backward(back, n, params.floats, gradients.floats, this::exchange);
                    }
                    if (plainRelu[i - 1]) {
                        DenseKernels.reluBackprop(b.pre[i - 1].floats, back.floats, n * inputs[i]);
                    } else {
                        DenseKernels.activationBackprop(activations[i - 1], b.pre[i - 1], back);
                    }
                    delta = back;
                }
            }
            return lossSum;
        }

        /** Every shard's {@code mine} for {@code slot}, added in shard order. */
        private double[] exchange(int slot, double[] mine) {
            return DenseStep.this.exchange(slot, index, mine);
        }

        /** The rows of a flat array straight to the buffer; any other through ND4J's own {@code pullRows}. */
        private void gather(INDArray source, HostArray out, int[] rows) {
            if (HostArray.isFlat(source)) {
                DenseKernels.gatherRows(hostView(source), (int) source.size(1), rows, out.floats);
            } else {
                Nd4j.pullRows(source, out.array, 1, rows);
            }
        }
    }

    /** One shard's arrays for minibatches of one size: inputs, pre-activations, activations, gradients. */
    private final class Buffers {
        final HostArray x;
        final HostArray y;
        final HostArray[] pre = new HostArray[layers];
        final HostArray[] act = new HostArray[layers];
        /** The gradient at the output of layer i (its activation), then at its pre-activation. */
        final HostArray[] back = new HostArray[layers];

        final HostArray delta;
        /** Each layer's dropout mask; null where no dropout follows it. */
        final float[][] mask = new float[layers][];
        /** Each layer's batch normalization; null where none follows the layer. */
        final BatchNorm.Rows[] norm = new BatchNorm.Rows[layers];

        Buffers(int n, long features, long classes) {
            x = host(n, features);
            y = host(n, classes);
            for (int i = 0; i < layers; i++) {
                pre[i] = host(n, units[i]);
                act[i] = host(n, units[i]);
                back[i] = host(n, units[i]);
                mask[i] = keep[i] < 1 ? new float[n * units[i]] : null;
                norm[i] = batchNorm[i] == null ? null : new BatchNorm.Rows(batchNorm[i], n);
            }
            delta = host(n, units[layers - 1]);
        }

        private HostArray host(int n, long width) {
            return new HostArray(Nd4j.create(DataType.FLOAT, n, width));
        }

        /** What layer {@code i} hands the next: its activation, or its batch normalization's output. */
        HostArray feed(int i) {
            return norm[i] != null ? norm[i].out : act[i];
        }
    }
}
