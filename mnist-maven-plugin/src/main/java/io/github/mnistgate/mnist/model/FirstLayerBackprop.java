package io.github.mnistgate.mnist.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Arrays;

/**
 * The backprop of a network's first convolution without the gradient at the network's input, which training never
 * reads. libnd4j's {@code conv2d_bp} always computes it: for the notebook CNN's first layer (1 channel in, 32 out,
 * 28x28) oneDNN's backward-data pass took 2.4 ms per 32 images and its backward-weights pass 3.1 ms, with two
 * layout copies of the output gradient before them, where the forward pass took 0.4 ms ({@code DNNL_VERBOSE},
 * bench/README.md, step 14). Here the weight gradient is one matrix product of the output gradient and the input's
 * patches, and the bias gradient a row sum; the cnn's whole epoch trained 1.07x faster at batch 64 and 1.18x at 128.
 *
 * <p>Only where the patches are cheap to gather: NCHW, no padding (not {@code Same} mode, zero padding), at most
 * {@value #MAX_PATCH} numbers per patch (channels times kernel height times width). The numbers equal
 * {@code conv2d_bp}'s up to float rounding (the sums run in another order), so a model trained with this differs
 * from one trained without it in the last bits; {@code -Dmnist.firstLayerWeightsOnly=false} keeps {@code conv2d_bp}.
 */
final class FirstLayerBackprop {

    static final String PROPERTY = "mnist.firstLayerWeightsOnly";
    static final int MAX_PATCH = 64;

    /** {@code [patch, batch, outH, outW]}: the input's patches, one row per position within the patch. */
    private INDArray patches;
    /** {@code [outChannels, batch, outH, outW]}: the output gradient, channels first. */
    private INDArray deltaByChannel;

    /** Whether this first layer's backprop can skip the input gradient. */
    static boolean appliesTo(ConvolutionLayer conf) {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return false;
        }
        return conf.getCnn2dDataFormat() == CNN2DFormat.NCHW && conf.getConvolutionMode() != ConvolutionMode.Same
                && Arrays.stream(conf.getPadding()).allMatch(p -> p == 0) && conf.getWeightNoise() == null
                && conf.getNIn() * conf.getKernelSize()[0] * conf.getKernelSize()[1] <= MAX_PATCH;
    }

    /**
     * Writes the weight and bias gradients of a convolution with {@code conf} for {@code input} {@code [batch,
     * inChannels, inH, inW]} and the pre-activation gradient {@code delta} {@code [batch, outChannels, outH, outW]}
     * into {@code weightGrad} {@code [outChannels, inChannels, kH, kW]} and {@code biasGrad} (null without bias).
     */
    void gradients(ConvolutionLayer conf, INDArray input, INDArray delta, INDArray weightGrad, INDArray biasGrad) {
        long batch = input.size(0);
        long channels = input.size(1);
        long outChannels = delta.size(1);
        long outH = delta.size(2);
        long outW = delta.size(3);
        int[] kernel = conf.getKernelSize();
        int[] stride = conf.getStride();
        int[] dilation = conf.getDilation();
        long patch = channels * kernel[0] * kernel[1];
        long positions = batch * outH * outW;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (patches == null || !Arrays.equals(patches.shape(), new long[] {patch, batch, outH, outW})
                    || patches.dataType() != input.dataType()) {
                patches = Nd4j.createUninitialized(input.dataType(), patch, batch, outH, outW);
                deltaByChannel = Nd4j.createUninitialized(input.dataType(), outChannels, batch, outH, outW);
            }
            int row = 0;
            for (long c = 0; c < channels; c++) {
                for (int i = 0; i < kernel[0]; i++) {
                    for (int j = 0; j < kernel[1]; j++) {
                        long top = (long) i * dilation[0];
                        long left = (long) j * dilation[1];
                        patches.slice(row++).assign(input.get(NDArrayIndex.all(), NDArrayIndex.point(c),
                                NDArrayIndex.interval(top, stride[0], top + (outH - 1) * stride[0] + 1),
                                NDArrayIndex.interval(left, stride[1], left + (outW - 1) * stride[1] + 1)));
                    }
                }
            }
            deltaByChannel.assign(delta.permute(1, 0, 2, 3));
            INDArray delta2d = deltaByChannel.reshape(outChannels, positions);
            // DL4J's gradient views are contiguous, so the reshape is a view the product writes through.
            if (!contiguous(weightGrad)) {
                throw new IllegalStateException("the weight gradient is not one contiguous view: "
                        + weightGrad.shapeInfoToString());
            }
            Nd4j.gemm(delta2d, patches.reshape(patch, positions), weightGrad.reshape(outChannels, patch), false, true,
                    1.0, 0.0);
            if (biasGrad != null) {
                biasGrad.assign(delta2d.sum(1).reshape(biasGrad.shape()));
            }
        }
    }

    /**
     * Whether {@code a}'s elements lie one after another in C order. ND4J's own {@code hasDefaultStridesForShape}
     * also demands a particular stride on dimensions of size 1, which no access ever uses.
     */
    private static boolean contiguous(INDArray a) {
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            if (a.size(d) != 1 && a.stride(d) != expected) {
                return false;
            }
            expected *= a.size(d);
        }
        return true;
    }
}
