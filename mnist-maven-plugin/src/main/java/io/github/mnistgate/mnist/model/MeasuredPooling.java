package io.github.mnistgate.mnist.model;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Max pooling on whichever kernel is faster on this CPU, chosen by timing both on the first minibatch, as cuDNN's
 * benchmark mode does. oneDNN 2.3 (inside libnd4j 1.0.0-M2.1) has no JIT pooling for plain NCHW on AVX2: there
 * its reference code ({@code simple_nchw}) took more time than all the convolutions together, where libnd4j's own
 * OpenMP kernel of the same op is several times faster (bench/README.md); on AVX-512 oneDNN has a JIT kernel.
 * Both compute the same numbers where the windows do not overlap, so the choice never changes a model; where they
 * overlap, the backward kernels add the gradients of one input in different orders on AVX-512, so that direction
 * stays on oneDNN's kernel, unmeasured. libnd4j's kernel is reached by running the
 * same {@code maxpool2d} op with the op context's platform helpers switched off, per call, which leaves the
 * convolutions on oneDNN.
 *
 * <p>{@code -Dmnist.pooling=onednn} or {@code =libnd4j} fixes the choice, {@code =stock} keeps DL4J's own layer
 * objects (escape hatches, and the benchmark's before/after); the default, {@code measure}, times both.
 */
public final class MeasuredPooling {

    public static final String PROPERTY = "mnist.pooling";

    /** A pooling kernel. */
    public enum Kernel {
        ONEDNN("oneDNN"), LIBND4J("libnd4j");

        private final String display;

        Kernel(String display) {
            this.display = display;
        }

        @Override
        public String toString() {
            return display;
        }
    }

    /** The choice made per layer shape and direction, shared by the shards' replica networks: measured once. */
    private static final Map<String, Kernel> CHOSEN = new ConcurrentHashMap<>();
    private static final int TRIALS = 3;

    private MeasuredPooling() {
    }

    /** Swaps the max-pooling layer objects of a network for ones that pool on the faster kernel. */
    public static MultiLayerNetwork install(MultiLayerNetwork network) {
        if ("stock".equalsIgnoreCase(System.getProperty(PROPERTY, "").trim())) {
            return network; // DL4J's own layer objects: the benchmark's "before"
        }
        Layer[] layers = network.getLayers();
        boolean changed = false;
        for (int i = 0; i < layers.length; i++) {
            if (layers[i].getClass() == SubsamplingLayer.class) {
                Pool pool = new Pool(layers[i].conf(), network.getLayerWiseConfigurations().getDataType());
                pool.setListeners(layers[i].getListeners());
                pool.setIndex(i);
                pool.allowInputModification(i > 0);
                layers[i] = pool;
                changed = true;
            }
        }
        if (changed) {
            network.setLayers(layers);
        }
        return network;
    }

    /** For the log and the model card: which kernel each measured pooling shape and direction runs on. */
    public static Map<String, String> choices() {
        Map<String, String> out = new java.util.TreeMap<>();
        CHOSEN.forEach((k, v) -> out.put(k, v.toString()));
        return out;
    }

    static Kernel forced() {
        String p = System.getProperty(PROPERTY, "measure").trim().toLowerCase(Locale.ROOT);
        return switch (p) {
            case "onednn" -> Kernel.ONEDNN;
            case "libnd4j" -> Kernel.LIBND4J;
            default -> null;
        };
    }

    /**
     * A subsampling layer that runs max pooling of NCHW input on the chosen kernel. Anything else (average or
     * p-norm pooling, NHWC) is DL4J's own code. In 1.0.0-M2.1 the forward pass runs libnd4j's op directly, without
     * the layer's helper, so both directions are overridden here.
     */
    static final class Pool extends SubsamplingLayer {
        private static final long serialVersionUID = 1L;

        Pool(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        private boolean ours() {
            return input != null && input.rank() == 4 && layerConf().getPoolingType() == PoolingType.MAX
                    && layerConf().getCnn2dDataFormat() == CNN2DFormat.NCHW;
        }

        /** The padding DL4J uses: the configured one, or in same mode the top-left padding of the output size. */
        private int[] padding(INDArray in, int[] outSize) {
            org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
            return convolutionMode == ConvolutionMode.Same
                    ? ConvolutionUtils.getSameModeTopLeftPadding(outSize, new int[] {(int) in.size(2), (int) in.size(3)},
                    c.getKernelSize(), c.getStride(), c.getDilation())
                    : c.getPadding();
        }

        private long[] arguments(int[] pad) {
            org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
            return new long[] {c.getKernelSize()[0], c.getKernelSize()[1], c.getStride()[0], c.getStride()[1], pad[0],
                    pad[1], c.getDilation()[0], c.getDilation()[1], convolutionMode == ConvolutionMode.Same ? 1 : 0, 0, 0};
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr workspaces) {
            if (!ours()) {
                return super.activate(training, workspaces);
            }
            assertInputSet(false);
            INDArray in = input.castTo(dataType);
            org.deeplearning4j.nn.conf.layers.SubsamplingLayer c = layerConf();
            boolean same = convolutionMode == ConvolutionMode.Same;
            int[] outSize = ConvolutionUtils.getOutputSize(in, c.getKernelSize(), c.getStride(), same ? null : c.getPadding(),
                    convolutionMode, c.getDilation(), CNN2DFormat.NCHW); // also validates the sizes
            long[] args = arguments(padding(in, outSize));
            long[] shape = {in.size(0), in.size(1), outSize[0], outSize[1]};
            INDArray output = workspaces.createUninitialized(ArrayType.ACTIVATIONS, in.dataType(), shape, 'c');
            pool("maxpool2d", "forward", args, output, in);
            return output;
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaces) {
            if (!ours()) {
                return super.backpropGradient(epsilon, workspaces);
            }
            assertInputSet(true);
            INDArray in = input.castTo(dataType);
            INDArray eps = epsilon.dataType() == dataType ? epsilon : epsilon.castTo(dataType);
            long[] args = arguments(padding(in, new int[] {(int) eps.size(2), (int) eps.size(3)}));
            INDArray atInput = workspaces.createUninitialized(ArrayType.ACTIVATION_GRAD, in.dataType(), in.shape(), 'c');
            pool("maxpool2d_bp", "backward", args, atInput, in, eps);
            return new Pair<>(new DefaultGradient(), atInput);
        }

        /**
         * Runs {@code op} into {@code output} on the kernel chosen for this direction and input shape; the first
         * time, the timed candidate runs write into {@code output} too, and the last run overwrites them.
         */
        private void pool(String op, String direction, long[] args, INDArray output, INDArray... inputs) {
            String key = direction + " " + Arrays.toString(inputs[0].shape()) + " k" + layerConf().getKernelSize()[0];
            int[] kernel = layerConf().getKernelSize();
            int[] stride = layerConf().getStride();
            if (direction.equals("backward") && (stride[0] < kernel[0] || stride[1] < kernel[1]) && forced() == null) {
                // Overlapping windows add several gradients onto one input, and the kernels add them in another
                // order (oneDNN's AVX-512 kernel against libnd4j's): one fixed kernel, so the model stays the same.
                CHOSEN.putIfAbsent(key + " (overlapping, fixed)", Kernel.ONEDNN);
                run(op, true, args, output, inputs);
                return;
            }
            Kernel k = choose(key, () -> new Runnable[] {
                () -> run(op, true, args, output, inputs),
                () -> run(op, false, args, output, inputs)});
            run(op, k == Kernel.ONEDNN, args, output, inputs);
        }
    }

    /**
     * The kernel for this shape and direction: the forced one, or the faster of the two by the best of
     * {@link #TRIALS} timed runs each, alternating, measured the first time the shape is seen.
     */
    static Kernel choose(String key, java.util.function.Supplier<Runnable[]> candidates) {
        Kernel forced = forced();
        if (forced != null) {
            return forced;
        }
        return CHOSEN.computeIfAbsent(key, k -> {
            Runnable[] run = candidates.get(); // [oneDNN, libnd4j]
            long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
            run[0].run(); // first calls create oneDNN's primitives and warm both
            run[1].run();
            for (int t = 0; t < TRIALS; t++) {
                for (int c = 0; c < 2; c++) {
                    long start = System.nanoTime();
                    run[c].run();
                    best[c] = Math.min(best[c], System.nanoTime() - start);
                }
            }
            return best[1] < best[0] ? Kernel.LIBND4J : Kernel.ONEDNN;
        });
    }

    /** Runs a libnd4j op with its platform helpers (oneDNN) allowed or not, for this call only. */
    public static void run(String op, boolean oneDnn, long[] args, INDArray output, INDArray... inputs) {
        try (OpContext context = Nd4j.getExecutioner().buildContext()) {
            context.setInputArrays(inputs);
            context.setOutputArray(0, output);
            context.setIArguments(args);
            context.allowHelpers(oneDnn);
            Nd4j.getExecutioner().exec(DynamicCustomOp.builder(op).build(), context);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(op + " failed: " + e.getMessage(), e);
        }
    }
}
