package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.model.ConvKernels;
import io.github.mnistgate.mnist.model.ConvKernels.Window;
import io.github.mnistgate.mnist.model.NativeActivation;
import io.github.mnistgate.mnist.model.NetworkCompiler;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * One minibatch step for a network that {@link NetworkCompiler} compiles to {@link NetworkCompiler.Path#CONV}: images of
 * any number of channels, convolutions with valid or same padding, max and average pooling, dropout, batch
 * normalization, dense layers, softmax with cross-entropy; in Java and OpenBLAS, as {@link DenseStep} trains dense layers. ReLU and the identity
 * run in Java, every other activation is DL4J's own on the step's arrays ({@link NativeActivation}). Each
 * convolution's forward pass is one product of the input's patches and the weights, its weight gradient one product of
 * the patches and the output gradient, its input gradient one product added back onto the input's positions (not at
 * all for the first layer, whose input gradient nobody reads). Max pooling keeps where each window's largest number lay
 * for backprop. Dropout draws its masks from the shard's seeded generator. The dense layers and the loss are
 * {@link DenseKernels}'; the update is {@link HostUpdater}'s, or DL4J's for an updater it does not take. Images lie on
 * the Java heap in {@link ConvKernels}' layout; the products' operands are copied to native memory for OpenBLAS. The
 * parameters and the updater's state stay where DL4J keeps them, so the model is stock DL4J's and a checkpoint resumes
 * in DL4J. The minibatch is split into the plan's shards, one thread each with one native thread; their gradients are
 * summed in shard order. Batch normalization needs the whole minibatch's statistics: with it, each shard goes
 * through in one part, and the shards meet at each such layer ({@link ShardExchange}).
 *
 * <p>Why: through DL4J, libnd4j 1.0.0-M2.1 and oneDNN 2.3, the cnn spent much of each step outside the arithmetic:
 * layout copies around every convolution, per-op bookkeeping, reference pooling on AVX2 (bench/README.md, steps 8,
 * 13 and 19). Its loops choose between numbers by their bits or {@code Math.max}, not by branches, which random
 * numbers mispredict (step 20). The result equals DL4J's {@code fit} up to float rounding (the sums run in another
 * order; a NaN may stay NaN where ND4J's ReLU makes it 0) and, with dropout, up to the masks drawn, so the training
 * fingerprint records the path.
 */
final class ConvStep extends HostStep<ConvStep.Shard> {

    /**
     * Examples of a shard taken through forward and backward at a time: the first convolution's output of 8 images
     * is 0.7 MB and stays in the cache; a shard of 32 in one piece trained 1.3 times slower (bench/README.md, step 19).
     */
    static final int PART = 8;

    private static final int COL_MAJOR = openblas_nolapack.CblasColMajor;
    private static final int NO_TRANS = openblas_nolapack.CblasNoTrans;
    private static final int TRANS = openblas_nolapack.CblasTrans;

    /** A layer over images: the window it slides, over what input. */
    private sealed interface ImageLayer permits Conv, Pool, Drop, Norm {
        Window window();

        /** Channels of its output. */
        int channelsOut();
    }

    /**
     * A convolution; its bias and ReLU (or identity) are applied here unless {@code pooled}: then the max pooling
     * after it applies them to the pooled numbers, a quarter as many, with the same result (adding a number and ReLU
     * never change which number is the largest, and float addition rounds monotonically). {@code other} is any other
     * activation, DL4J's own, applied here; null for ReLU and the identity.
     */
    private record Conv(
            Window window,
            int filters,
            int weightsAt,
            int biasAt,
            boolean relu,
            IActivation other,
            boolean pooled,
            boolean first)
            implements ImageLayer {
        @Override
        public int channelsOut() {
            return filters;
        }
    }

    /**
     * Max pooling ({@code max}) or average pooling; {@code conv} is the convolution before a max pooling, whose bias
     * and ReLU it applies to the pooled numbers, or null.
     */
    private record Pool(Window window, Conv conv, boolean max) implements ImageLayer {
        boolean relu() {
            return conv != null && conv.relu();
        }

        @Override
        public int channelsOut() {
            return window.channels();
        }
    }

    /** Dropout over images: each number kept with probability {@code keep} and scaled by its inverse. */
    private record Drop(Window window, double keep) implements ImageLayer {
        @Override
        public int channelsOut() {
            return window.channels();
        }
    }

    /**
     * Batch normalization: its parameters' places (gamma, beta, the global mean, the logarithm of the deviation); the shards
     * meet at {@code slot} forward and at {@code slot + 1} backward to sum over the whole minibatch.
     */
    private record Norm(Window window, BatchNorm.Layer layer) implements ImageLayer {
        @Override
        public int channelsOut() {
            return window.channels();
        }
    }

    /**
     * A dense or output layer, DL4J's weights column-major {@code [inputs, units]} then the biases; {@code other} its
     * activation where it is neither ReLU nor the identity (DL4J's own, on the same arrays), else null; {@code keep}
     * below 1 for a dropout on its output; {@code norm} a batch normalization right after its activation (before any
     * dropout), or null.
     */
    private record Dense(
            int inputs,
            int units,
            int weightsAt,
            int biasAt,
            boolean relu,
            IActivation other,
            double keep,
            BatchNorm.Layer norm) {
        Dense with(double keep, BatchNorm.Layer norm) {
            return new Dense(inputs, units, weightsAt, biasAt, relu, other, keep, norm);
        }
    }

    private final List<ImageLayer> images;
    private final List<Dense> dense;
    /** Channels of the network's input images, which arrive as rows of each channel's plane in turn. */
    private final int inputChannels;
    /** Floats per example where the images become rows. */
    private final int rowWidth;

    private final double softmaxClip;
    /** The output's class weights, or null for none. */
    private final float[] classWeights;
    /** Whether batch normalization is among the layers: then each shard goes through in one part. */
    private final boolean normalizes;

    ConvStep(MultiLayerNetwork network, NetworkCompiler.Compiled plan, int shardCount) {
        super(network);
        if (plan.path() != NetworkCompiler.Path.CONV) {
            throw new IllegalArgumentException("not a compiled convolution network: " + plan.describe());
        }
        images = new ArrayList<>();
        dense = new ArrayList<>();
        inputChannels = plan.channels();
        List<NetworkCompiler.Stage> stages = plan.stages();
        int width = 0;
        int norms = 0;
        for (int s = 0; s < stages.size(); s++) {
            NetworkCompiler.Stage stage = stages.get(s);
            NetworkCompiler.Stage next = s + 1 < stages.size() ? stages.get(s + 1) : null;
            Layer instance = network.getLayer(stage.layer());
            if (stage instanceof NetworkCompiler.Conv c) {
                images.add(new Conv(
                        c.window(),
                        c.filters(),
                        offset(instance, "W"),
                        offset(instance, "b"),
                        c.relu(),
                        c.exact() ? null : c.activation(),
                        c.exact() && next instanceof NetworkCompiler.Pool p && p.max(),
                        images.isEmpty()));
            } else if (stage instanceof NetworkCompiler.Pool p) {
                images.add(new Pool(
                        p.window(), images.get(images.size() - 1) instanceof Conv c && c.pooled() ? c : null, p.max()));
            } else if (stage instanceof NetworkCompiler.Norm m) {
                BatchNorm.Layer layer =
                        BatchNorm.Layer.of(network, m.layer(), m.window().channels(), 2 * norms++);
                if (dense.isEmpty()) {
                    images.add(new Norm(m.window(), layer));
                } else { // after a dense layer's activation: the compiler allows no dropout between
                    dense.add(dense.remove(dense.size() - 1).with(1, layer));
                }
            } else if (stage instanceof NetworkCompiler.Drop d && dense.isEmpty()) {
                Window before = images.get(images.size() - 1).window();
                Window shape = images.get(images.size() - 1) instanceof Conv c
                        ? new Window(c.filters(), before.outHeight(), before.outWidth(), 1, 1, 1, 1)
                        : new Window(before.channels(), before.outHeight(), before.outWidth(), 1, 1, 1, 1);
                images.add(new Drop(shape, d.keep()));
            } else if (stage instanceof NetworkCompiler.Drop d) {
                Dense last = dense.remove(dense.size() - 1);
                dense.add(last.with(last.keep() * d.keep(), last.norm()));
            } else if (stage instanceof NetworkCompiler.Dense d) {
                if (dense.isEmpty()) {
                    width = d.inputs();
                }
                dense.add(new Dense(
                        d.inputs(),
                        d.units(),
                        offset(instance, "W"),
                        offset(instance, "b"),
                        d.relu(),
                        d.other() ? d.activation() : null,
                        1,
                        null));
            }
        }
        rowWidth = width;
        normalizes = norms > 0;
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        LossMCXENT loss = (LossMCXENT)
                ((OutputLayer) conf.getConf(network.getnLayers() - 1).getLayer()).getLossFn();
        softmaxClip = loss.getSoftmaxClipEps();
        classWeights = DenseKernels.weights(loss);
        start(shardCount, Shard::new, 2 * norms);
    }

    /** Where a layer's parameter lies in the network's flattened parameters (and gradients). */
    private int offset(Layer layer, String name) {
        return Math.toIntExact(layer.getParam(name).offset() - network.params().offset());
    }

    /** One shard's gradient sums and the arrays its passes reuse. */
    final class Shard extends HostStep.Shard {
        private final Map<Integer, Buffers> buffers = new HashMap<>();
        private final NativeActivation activation = new NativeActivation();

        Shard(INDArray flat) {
            super(network, flat);
        }

        /**
         * Forward and backward over {@code rows}, in parts of {@link #PART} examples whose arrays stay in the cache;
         * leaves the summed gradient in {@link #flat}, returns the summed loss.
         */
        @Override
        double lossSum(INDArray features, INDArray labels, int[] rows) {
            if (normalizes) {
                // Batch normalization needs the whole minibatch at each such layer: the shard goes through in one part.
                return lossSum(features, labels, rows, false);
            }
            double sum = 0;
            for (int from = 0; from < rows.length; from += PART) {
                int[] part = from == 0 && rows.length <= PART
                        ? rows
                        : Arrays.copyOfRange(rows, from, Math.min(rows.length, from + PART));
                sum += lossSum(features, labels, part, from > 0);
            }
            return sum;
        }

        /** One part: its gradient written into {@link #flat}, or added to it when {@code add}. */
        private double lossSum(INDArray features, INDArray labels, int[] rows, boolean add) {
            int n = rows.length;
            Buffers b = buffers.computeIfAbsent(n, Buffers::new);
            int pixels = (int) features.size(1);
            int plane = pixels / inputChannels;
            // Each example's row holds its channels' planes in turn; the images lie channel by channel.
            FloatBuffer source = HostArray.isFlat(features)
                    ? hostView(features).duplicate()
                    : Nd4j.pullRows(features, 1, rows).dup('c').data().asNioFloat();
            for (int r = 0; r < n; r++) {
                int from = HostArray.isFlat(features) ? rows[r] * pixels : r * pixels;
                for (int c = 0; c < inputChannels; c++) {
                    source.get(from + c * plane, b.input, (c * n + r) * plane, plane);
                }
            }
            if (HostArray.isFlat(labels)) {
                DenseKernels.gatherRows(hostView(labels), (int) labels.size(1), rows, b.y.floats);
            } else {
                Nd4j.pullRows(labels, b.y.array, 1, rows);
            }
            // The images, layer by layer.
            float[] in = b.input;
            for (int l = 0; l < images.size(); l++) {
                if (images.get(l) instanceof Conv c) {
                    convolve(c, in, b.out[l], n, b.patches[l], b);
                    if (c.other() != null) {
                        System.arraycopy(b.out[l], 0, b.convPre[l], 0, b.convPre[l].length);
                        activation.forward(c.other(), b.out[l], b.out[l].length);
                    }
                } else if (images.get(l) instanceof Drop d) {
                    drop(d.keep(), in, b.out[l], b.mask[l]);
                } else if (images.get(l) instanceof Norm m) {
                    normalize(m, in, n, b, l);
                } else if (!((Pool) images.get(l)).max()) {
                    Pool p = (Pool) images.get(l);
                    ConvKernels.avgPool(in, p.window(), p.window().channels() * n, b.out[l]);
                } else {
                    Pool p = (Pool) images.get(l);
                    ConvKernels.maxPool(in, p.window(), p.window().channels() * n, b.out[l], b.argmax[l]);
                    if (p.conv() != null) {
                        activate(p.conv(), b.out[l], b.out[l].length / p.conv().filters());
                    }
                }
                in = b.out[l];
            }
            ConvKernels.toRows(in, channelsAtRows(), rowWidth / channelsAtRows(), n, b.rows.floats);
            // The dense layers and the loss, as DenseStep computes them.
            HostArray input = b.rows;
            for (int i = 0; i < dense.size(); i++) {
                Dense d = dense.get(i);
                DenseKernels.fillRows(params.floats, d.biasAt(), b.pre[i].floats, n, d.units());
                DenseKernels.forward(
                        input.pointer, params.at(d.weightsAt()), b.pre[i].pointer, n, d.inputs(), d.units());
                if (i < dense.size() - 1) {
                    if (d.relu()) {
                        DenseKernels.relu(b.pre[i].floats, b.act[i].floats, n * d.units());
                    } else if (d.other() != null) {
                        DenseKernels.activate(d.other(), b.pre[i], b.act[i]);
                    } else {
                        b.act[i].array.assign(b.pre[i].array);
                    }
                    if (b.norm[i] != null) {
                        b.norm[i].forward(b.act[i], n, params.floats, gradients.floats, index == 0, this::exchange);
                    }
                    if (d.keep() < 1) {
                        drop(d.keep(), b.feed(i).floats, b.denseMask[i]);
                    }
                    input = b.feed(i);
                }
            }
            int last = dense.size() - 1;
            double lossSum = DenseKernels.softmaxCrossEntropy(
                    b.pre[last].floats,
                    b.y.floats,
                    b.delta.floats,
                    n,
                    dense.get(last).units(),
                    softmaxClip,
                    classWeights);
            HostArray delta = b.delta;
            for (int i = last; i >= 0; i--) {
                Dense d = dense.get(i);
                HostArray layerInput = i == 0 ? b.rows : b.feed(i - 1);
                DenseKernels.weightGradient(
                        layerInput.pointer, delta.pointer, gradients.at(d.weightsAt()), n, d.inputs(), d.units(), add);
                DenseKernels.columnSums(delta.floats, n, d.units(), gradients.floats, d.biasAt(), add);
                HostArray back = b.back[i];
                DenseKernels.inputGradient(
                        delta.pointer, params.at(d.weightsAt()), back.pointer, n, d.inputs(), d.units());
                if (i > 0 && dense.get(i - 1).keep() < 1) {
                    masked(back.floats, b.denseMask[i - 1]);
                }
                if (i > 0 && b.norm[i - 1] != null) {
                    b.norm[i - 1].backward(back, n, params.floats, gradients.floats, this::exchange);
                }
                if (i > 0 && dense.get(i - 1).relu()) {
                    DenseKernels.reluBackprop(b.pre[i - 1].floats, back.floats, n * d.inputs());
                } else if (i > 0 && dense.get(i - 1).other() != null) {
                    DenseKernels.activationBackprop(dense.get(i - 1).other(), b.pre[i - 1], back);
                }
                delta = back;
            }
            // Back through the images.
            float[] gradient = b.gradient[images.size() - 1];
            ConvKernels.fromRows(delta.floats, channelsAtRows(), rowWidth / channelsAtRows(), n, gradient);
            for (int l = images.size() - 1; l >= 0; l--) {
                float[] below = l == 0 ? null : b.gradient[l - 1];
                if (images.get(l) instanceof Conv c) {
                    if (!c.pooled()) {
                        if (c.relu()) {
                            reluBackprop(b.out[l], gradient);
                        } else if (c.other() != null) {
                            activation.backward(c.other(), b.convPre[l], gradient, gradient.length);
                        }
                        outputGradient(c, gradient, n, b, add);
                    } // else the pooling after it has put the output gradient in b.product and summed the bias's
                    convolveBack(c, below, n, b.patches[l], b, add);
                } else if (images.get(l) instanceof Norm m) {
                    normalizeBack(m, gradient, below, n, b, l);
                } else if (images.get(l) instanceof Drop) {
                    float[] mask = b.mask[l];
                    for (int i = 0; i < mask.length; i++) {
                        below[i] = gradient[i] * mask[i];
                    }
                } else {
                    Pool p = (Pool) images.get(l);
                    if (p.conv() != null) {
                        poolBackIntoProduct(p, gradient, b.out[l], b.argmax[l], n, b, add);
                    } else if (!p.max()) {
                        ConvKernels.avgPoolBack(gradient, p.window(), p.window().channels() * n, below);
                    } else {
                        Arrays.fill(below, 0f);
                        int[] at = b.argmax[l];
                        for (int o = 0; o < at.length; o++) {
                            below[at[o]] += gradient[o];
                        }
                    }
                }
                gradient = below;
            }
            return lossSum;
        }

        /**
         * Batch normalization over images by the whole minibatch's statistics per channel ({@link BatchNorm}): each
         * channel's numbers of every example of the shard lie together, so its sums are one run over them.
         */
        private void normalize(Norm norm, float[] in, int n, Buffers b, int l) {
            BatchNorm.Layer m = norm.layer();
            int channels = m.features();
            int per = n * norm.window().height() * norm.window().width();
            double[] mine = new double[2 * channels + 1];
            for (int c = 0; c < channels; c++) {
                double[] sums = ConvKernels.sums(in, null, c * per, (c + 1) * per);
                mine[c] = sums[0];
                mine[channels + c] = sums[1];
            }
            mine[2 * channels] = per;
            double[] all = exchange(m.slot(), mine);
            b.count[l] = all[2 * channels];
            float[] mean = BatchNorm.statistics(m, all, b.std[l], params.floats, gradients.floats, index == 0);
            for (int c = 0; c < channels; c++) {
                ConvKernels.normalize(
                        in,
                        b.normalized[l],
                        b.out[l],
                        c * per,
                        (c + 1) * per,
                        mean[c],
                        b.std[l][c],
                        params.floats.get(m.gammaAt() + c),
                        params.floats.get(m.betaAt() + c));
            }
        }

        /**
         * Batch normalization's backprop over images into {@code below}, with the whole minibatch's sums of the
         * gradient and of the gradient times the normalized numbers; gamma's and beta's gradients are this shard's.
         */
        private void normalizeBack(Norm norm, float[] gradient, float[] below, int n, Buffers b, int l) {
            BatchNorm.Layer m = norm.layer();
            int channels = m.features();
            int per = n * norm.window().height() * norm.window().width();
            double[] mine = new double[2 * channels];
            for (int c = 0; c < channels; c++) {
                double[] sums = ConvKernels.sums(gradient, b.normalized[l], c * per, (c + 1) * per);
                mine[c] = sums[0];
                mine[channels + c] = sums[1];
            }
            float[][] factors = BatchNorm.backward(
                    m, mine, exchange(m.slot() + 1, mine), b.std[l], b.count[l], params.floats, gradients.floats);
            for (int c = 0; c < channels; c++) {
                ConvKernels.normalizeBack(
                        gradient,
                        b.normalized[l],
                        below,
                        c * per,
                        (c + 1) * per,
                        factors[0][c],
                        factors[1][c],
                        factors[2][c]);
            }
        }

        private double[] exchange(int slot, double[] mine) {
            return ConvStep.this.exchange(slot, index, mine);
        }

        private void addGradient(int at, float value, boolean add) {
            gradients.floats.put(at, add ? gradients.floats.get(at) + value : value);
        }

        /** The forward product, then the bias and ReLU unless the pooling after it applies them. */
        private void convolve(Conv c, float[] in, float[] out, int n, FloatPointer patches, Buffers b) {
            Window w = c.window();
            int positions = w.positions(n);
            int patch = w.patch();
            ConvKernels.patches(in, w, n, b.heapPatches);
            patches.put(b.heapPatches, 0, patch * positions);
            openblas_nolapack.cblas_sgemm(
                    COL_MAJOR,
                    NO_TRANS,
                    NO_TRANS,
                    positions,
                    c.filters(),
                    patch,
                    1f,
                    patches,
                    positions,
                    params.at(c.weightsAt()),
                    patch,
                    0f,
                    b.product,
                    positions);
            b.product.get(out, 0, positions * c.filters());
            if (!c.pooled()) {
                activate(c, out, positions);
            }
        }

        /** A convolution's bias and activation on its output, {@code perFilter} numbers of each filter in turn. */
        private void activate(Conv c, float[] out, int perFilter) {
            for (int f = 0; f < c.filters(); f++) {
                ConvKernels.biasAndActivation(
                        out, f * perFilter, (f + 1) * perFilter, params.floats.get(c.biasAt() + f), c.relu());
            }
        }

        /** The bias gradient from the output gradient of a convolution, and the output gradient into b.product. */
        private void outputGradient(Conv c, float[] gradient, int n, Buffers b, boolean add) {
            int positions = c.window().positions(n);
            for (int f = 0; f < c.filters(); f++) {
                addBiasGradient(c, f, ConvKernels.sum(gradient, f * positions, (f + 1) * positions), add);
            }
            b.product.put(gradient, 0, positions * c.filters());
        }

        /**
         * Max pooling's backprop onto the convolution before it, straight into b.product, where the convolution's
         * products read it: each pooled gradient (0 where the pooling's ReLU gave 0) added at its window's largest
         * number, the rest 0. Each filter's bias gradient is the sum of its pooled gradients, as each lands at one of
         * the filter's positions; so the convolution's whole output gradient is never summed, nor copied from the heap.
         */
        private void poolBackIntoProduct(Pool p, float[] pooled, float[] out, int[] at, int n, Buffers b, boolean add) {
            Conv c = p.conv();
            Pointer.memset(b.product, 0, (long) c.window().positions(n) * c.filters() * Float.BYTES);
            FloatBuffer product = b.productView;
            boolean relu = p.relu();
            int perFilter = pooled.length / c.filters();
            for (int f = 0; f < c.filters(); f++) {
                float sum = 0f;
                for (int o = f * perFilter; o < (f + 1) * perFilter; o++) {
                    float g = relu ? ConvKernels.reluGradient(out[o], pooled[o]) : pooled[o];
                    sum += g;
                    int i = at[o];
                    product.put(i, product.get(i) + g); // overlapping windows may share a position
                }
                addBiasGradient(c, f, sum, add);
            }
        }

        private void addBiasGradient(Conv c, int f, float sum, boolean add) {
            addGradient(c.biasAt() + f, sum, add);
        }

        /** The weight gradient from the output gradient in b.product, and the input gradient unless first. */
        private void convolveBack(Conv c, float[] below, int n, FloatPointer patches, Buffers b, boolean add) {
            Window w = c.window();
            int positions = w.positions(n);
            int patch = w.patch();
            // The weights' gradient, column-major [patch, filters]: DL4J's [filters, channels, kh, kw].
            openblas_nolapack.cblas_sgemm(
                    COL_MAJOR,
                    TRANS,
                    NO_TRANS,
                    patch,
                    c.filters(),
                    positions,
                    1f,
                    patches,
                    positions,
                    b.product,
                    positions,
                    add ? 1f : 0f,
                    gradients.at(c.weightsAt()),
                    patch);
            if (c.first()) {
                return; // the network's input gradient: nobody reads it
            }
            openblas_nolapack.cblas_sgemm(
                    COL_MAJOR,
                    NO_TRANS,
                    TRANS,
                    positions,
                    patch,
                    c.filters(),
                    1f,
                    b.product,
                    positions,
                    params.at(c.weightsAt()),
                    patch,
                    0f,
                    b.patchGradient,
                    positions);
            b.patchGradient.get(b.heapPatches, 0, patch * positions);
            Arrays.fill(below, 0f);
            ConvKernels.addPatches(b.heapPatches, w, n, below);
        }

        /** Inverted dropout: a fresh mask from this shard's generator, then {@code out} = {@code in} times it. */
        private void drop(double keep, float[] in, float[] out, float[] mask) {
            fillMask(keep, mask);
            for (int i = 0; i < mask.length; i++) {
                out[i] = in[i] * mask[i];
            }
        }

        /** As above, in place on rows. */
        private void drop(double keep, FloatBuffer values, float[] mask) {
            fillMask(keep, mask);
            masked(values, mask);
        }

        /** ReLU's backprop in place: the gradient where the output is positive (where the input was), else 0. */
        private void reluBackprop(float[] output, float[] gradient) {
            for (int i = 0; i < gradient.length; i++) {
                gradient[i] = ConvKernels.reluGradient(output[i], gradient[i]);
            }
        }
    }

    /** The channels of the last image layer's output. */
    private int channelsAtRows() {
        return images.get(images.size() - 1).channelsOut();
    }

    /** One shard's arrays for minibatches of one size. */
    private final class Buffers {
        final float[] input;
        final HostArray y;
        /**
         * Each image layer's output, and the gradient at it; none at a convolution the pooling after it backprops
         * onto, whose gradient goes straight to {@link #product}.
         */
        final float[][] out;

        final float[][] gradient;
        /** Each convolution's patches in native memory (kept for its weight gradient); null for a pooling. */
        final FloatPointer[] patches;
        /** Each pooling's positions of the largest numbers; null for a convolution. */
        final int[][] argmax;
        /** The output of each convolution with another activation before it; null for the rest. */
        final float[][] convPre;
        /**
         * Each batch normalization's normalized numbers, standard deviation per channel and count of numbers per
         * channel over the whole minibatch; null for the rest.
         */
        final float[][] normalized;

        final float[][] std;
        final double[] count;
        /** Each image dropout's mask, and each dense layer's (null without dropout). */
        final float[][] mask;

        final float[][] denseMask;
        final float[] heapPatches;
        final FloatPointer product;
        /** A buffer over {@link #product}, for the pooling's backprop to add into. */
        final FloatBuffer productView;

        final FloatPointer patchGradient;
        final HostArray rows;
        final HostArray[] pre;
        final HostArray[] act;
        final HostArray[] back;
        final HostArray delta;
        /** Each dense layer's batch normalization; null where none follows the layer. */
        final BatchNorm.Rows[] norm;

        Buffers(int n) {
            int layers = images.size();
            Window first = images.get(0).window();
            input = new float[n * first.channels() * first.height() * first.width()];
            y = host(n, dense.get(dense.size() - 1).units());
            out = new float[layers][];
            gradient = new float[layers][];
            patches = new FloatPointer[layers];
            argmax = new int[layers][];
            convPre = new float[layers][];
            mask = new float[layers][];
            normalized = new float[layers][];
            std = new float[layers][];
            count = new double[layers];
            int largestPatches = 0;
            int largestProduct = 0;
            for (int l = 0; l < layers; l++) {
                if (images.get(l) instanceof Conv c) {
                    int positions = c.window().positions(n);
                    out[l] = new float[positions * c.filters()];
                    convPre[l] = c.other() == null ? null : new float[out[l].length];
                    patches[l] = new FloatPointer((long) positions * c.window().patch());
                    largestPatches =
                            Math.max(largestPatches, positions * c.window().patch());
                    largestProduct = Math.max(largestProduct, positions * c.filters());
                } else if (images.get(l) instanceof Norm m) {
                    Window w = m.window();
                    out[l] = new float[w.channels() * n * w.height() * w.width()];
                    normalized[l] = new float[out[l].length];
                    std[l] = new float[w.channels()];
                } else if (images.get(l) instanceof Drop d) {
                    out[l] = new float
                            [d.window().channels()
                                    * n
                                    * d.window().height()
                                    * d.window().width()];
                    mask[l] = new float[out[l].length];
                } else {
                    Window w = images.get(l).window();
                    out[l] = new float[w.channels() * n * w.outHeight() * w.outWidth()];
                    argmax[l] = new int[out[l].length];
                }
                gradient[l] = images.get(l) instanceof Conv c && c.pooled() ? null : new float[out[l].length];
            }
            heapPatches = new float[largestPatches];
            product = new FloatPointer((long) largestProduct);
            productView = product.asBuffer();
            patchGradient = new FloatPointer((long) largestPatches);
            rows = host(n, rowWidth);
            pre = new HostArray[dense.size()];
            act = new HostArray[dense.size()];
            back = new HostArray[dense.size()];
            denseMask = new float[dense.size()][];
            norm = new BatchNorm.Rows[dense.size()];
            for (int i = 0; i < dense.size(); i++) {
                norm[i] = dense.get(i).norm() == null
                        ? null
                        : new BatchNorm.Rows(dense.get(i).norm(), n);
                denseMask[i] =
                        dense.get(i).keep() < 1 ? new float[n * dense.get(i).units()] : null;
                pre[i] = host(n, dense.get(i).units());
                act[i] = host(n, dense.get(i).units());
                back[i] = host(n, dense.get(i).inputs());
            }
            delta = host(n, dense.get(dense.size() - 1).units());
        }

        private HostArray host(int n, long width) {
            return new HostArray(Nd4j.create(DataType.FLOAT, n, width));
        }

        /** What dense layer {@code i} hands the next: its activation, or its batch normalization's output. */
        HostArray feed(int i) {
            return norm[i] != null ? norm[i].out : act[i];
        }
    }
}
