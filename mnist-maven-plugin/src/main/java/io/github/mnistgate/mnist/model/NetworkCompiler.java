package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.model.ConvKernels.Window;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationCube;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationGELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationHardTanH;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationMish;
import org.nd4j.linalg.activations.impl.ActivationRReLU;
import org.nd4j.linalg.activations.impl.ActivationRationalTanh;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationRectifiedTanh;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftSign;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.activations.impl.ActivationThresholdedReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The one place that decides how a network trains and is evaluated. It turns a DL4J network into a plan of stages
 * that the plugin's own kernels run ({@code training.DenseStep}, {@code training.ConvStep}, {@link InferencePass}), or
 * into the reason it cannot, and then stock DL4J runs it. Every kernel computes what stock DL4J computes, up to
 * float rounding and the draw of dropout masks; the tests hold each against DL4J.
 */
public final class NetworkCompiler {

    private NetworkCompiler() {}

    /** Which code trains a network. */
    public enum Path {
        /** The dense step: dense layers, dropout and batch normalization between them, any activation and loss. */
        DENSE("the dense step"),
        /** The convolution step: the image stages (batch normalization among them), then dense stages, softmax. */
        CONV("the convolution step"),
        /** Stock DL4J's {@code fit}. */
        DL4J("stock DL4J");

        private final String display;

        Path(String display) {
            this.display = display;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @Override
        public String toString() {
            return display;
        }
    }

    /** One stage of a compiled convolution network, with the index of the DL4J layer it runs. */
    public sealed interface Stage permits Conv, Pool, Drop, Norm, Dense {
        int layer();
    }

    /** A convolution, valid or same: patches times weights, the bias, then its element-wise activation. */
    public record Conv(int layer, Window window, int filters, IActivation activation) implements Stage {
        /** Whether its activation is plain ReLU, which the kernels take in Java. */
        public boolean relu() {
            return isPlainRelu(activation);
        }

        /** Whether its activation is ReLU or the identity, which commute with max pooling. */
        public boolean exact() {
            return isExact(activation);
        }
    }

    /** Max pooling ({@code max}) or average pooling, without padding. */
    public record Pool(int layer, Window window, boolean max) implements Stage {}

    /**
     * Batch normalization per feature (an image channel; a dense layer's unit, {@code window} then {@code [units, 1,
     * 1]}): in training with the whole minibatch's mean and biased variance, moving the global mean and
     * {@code log10stdev} towards them by {@code decay}; in inference with the global ones. No activation: DL4J's
     * layer applies none.
     */
    public record Norm(int layer, Window window, double eps, double decay) implements Stage {}

    /** Inverted dropout keeping each number with probability {@code keep}; nothing at inference. */
    public record Drop(int layer, double keep) implements Stage {}

    /**
     * A dense layer with its element-wise activation; or, {@code output}, the softmax output layer with cross-entropy.
     */
    public record Dense(int layer, int inputs, int units, IActivation activation, boolean output) implements Stage {
        /** Whether its activation is plain ReLU, which the kernels take in Java. */
        public boolean relu() {
            return !output && isPlainRelu(activation);
        }

        /** Whether its activation is neither ReLU nor the identity, so DL4J's own runs on the kernels' arrays. */
        public boolean other() {
            return !output && !isExact(activation);
        }
    }

    /**
     * What the compiler made of a network: its path, the stages of a {@link Path#CONV} network (empty otherwise), the
     * input image's channels, height and width (zero for rows), and why a {@link Path#DL4J} network fell back.
     */
    public record Compiled(Path path, List<Stage> stages, int channels, int height, int width, String reason) {

        /** Whether the plugin's own kernels train it. */
        public boolean compiled() {
            return path != Path.DL4J;
        }

        /** For the build log: the path, and why where it fell back. */
        public String describe() {
            return compiled() ? "trained by " + path + " (mnist.kernels=auto)" : "trained by " + path + ": " + reason;
        }

        public static Compiled fallback(String reason) {
            return new Compiled(Path.DL4J, List.of(), 0, 0, 0, reason);
        }
    }

    /** The plan for {@code network} under {@code kernels}. */
    public static Compiled compile(MultiLayerNetwork network, Kernels kernels) {
        if (kernels == Kernels.DL4J) {
            return Compiled.fallback("mnist.kernels=dl4j");
        }
        INDArray params = network.params();
        if (params == null
                || params.dataType() != DataType.FLOAT
                || params.offset() != 0
                || params.elementWiseStride() != 1
                || params.data().length() != params.length()) {
            return Compiled.fallback("its parameters are not one flat array of 32-bit floats");
        }
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        String dense = denseOnly(conf);
        if (dense == null) {
            return new Compiled(Path.DENSE, List.of(), 0, 0, 0, null);
        }
        if (!(conf.getInputPreProcess(0) instanceof FeedForwardToCnnPreProcessor)) {
            return Compiled.fallback(dense);
        }
        return convolutional(conf);
    }

    /** Null where the dense step takes the network, else why not. */
    private static String denseOnly(MultiLayerConfiguration conf) {
        int n = conf.getConfs().size();
        for (int i = 0; i < n; i++) {
            Layer layer = conf.getConf(i).getLayer();
            boolean last = i == n - 1;
            String where = at(i, layer);
            if (layer.getClass() == DropoutLayer.class && i > 0 && !last) {
                String dropout = dropoutProblem(layer);
                if (dropout != null) {
                    return where + ": " + dropout;
                }
                continue;
            }
            if (layer.getClass() == BatchNormalization.class && i > 0 && !last) {
                String problem = conf.getConf(i - 1).getLayer().getClass() == DenseLayer.class
                        ? normProblem((BatchNormalization) layer)
                        : ROWS_NORM;
                if (problem == null) {
                    problem = plainProblem((BaseLayer) layer);
                }
                if (problem != null) {
                    return where + ": " + problem;
                }
                continue;
            }
            if (last ? layer.getClass() != OutputLayer.class : layer.getClass() != DenseLayer.class) {
                return where + " is not " + (last ? "an output layer" : "a dense layer")
                        + " in a network of dense layers";
            }
            String problem = plainProblem((BaseLayer) layer);
            if (problem == null && layer.getIDropout() != null) {
                problem = "dropout set on the layer itself is not compiled; use a dropout layer";
            }
            if (problem == null && layer instanceof DenseLayer d && d.hasLayerNorm()) {
                problem = "layer normalization is not compiled";
            }
            if (problem == null && conf.getInputPreProcess(i) != null) {
                problem = "its input preprocessor "
                        + conf.getInputPreProcess(i).getClass().getSimpleName() + " is not compiled";
            }
            if (problem != null) {
                return where + ": " + problem;
            }
        }
        return null;
    }

    private static Compiled convolutional(MultiLayerConfiguration conf) {
        FeedForwardToCnnPreProcessor toImages = (FeedForwardToCnnPreProcessor) conf.getInputPreProcess(0);
        int channels = (int) toImages.getNumChannels();
        int height = (int) toImages.getInputHeight();
        int width = (int) toImages.getInputWidth();
        int inputChannels = channels;
        int inputHeight = height;
        int inputWidth = width;
        List<Stage> stages = new ArrayList<>();
        boolean images = true;
        boolean convolution = false;
        int rows = -1;
        int n = conf.getConfs().size();
        for (int i = 0; i < n; i++) {
            Layer layer = conf.getConf(i).getLayer();
            InputPreProcessor pre = conf.getInputPreProcess(i);
            String where = at(i, layer);
            if (i > 0
                    && pre instanceof CnnToFeedForwardPreProcessor toRows
                    && images
                    && toRows.getFormat() == CNN2DFormat.NCHW) {
                images = false;
                rows = channels * height * width;
            } else if (i > 0 && pre != null) {
                return Compiled.fallback(
                        where + ": its input preprocessor " + pre.getClass().getSimpleName() + " is not compiled");
            }
            if (!(layer instanceof DropoutLayer) && layer.getIDropout() != null) {
                return Compiled.fallback(
                        where + ": dropout set on the layer itself is not compiled; use a dropout layer");
            }
            if (layer instanceof BaseLayer base && plainProblem(base) != null) {
                return Compiled.fallback(where + ": " + plainProblem(base));
            }
            boolean last = i == n - 1;
            if (images && layer.getClass() == ConvolutionLayer.class) {
                ConvolutionLayer c = (ConvolutionLayer) layer;
                String geometry = geometryProblem(
                        c.getConvolutionMode(), c.getCnn2dDataFormat(), c.getPadding(), c.getDilation(), true);
                if (geometry != null) {
                    return Compiled.fallback(where + ": " + geometry);
                }
                if (!c.hasBias()) {
                    return Compiled.fallback(where + ": a convolution without bias is not compiled");
                }
                String activation = activationProblem(c.getActivationFn());
                if (activation != null) {
                    return Compiled.fallback(where + ": " + activation);
                }
                Window w = c.getConvolutionMode() == ConvolutionMode.Same
                        ? Window.same(channels, height, width, c.getKernelSize(), c.getStride())
                        : Window.of(channels, height, width, c.getKernelSize(), c.getStride());
                stages.add(new Conv(i, w, (int) c.getNOut(), c.getActivationFn()));
                channels = (int) c.getNOut();
                height = w.outHeight();
                width = w.outWidth();
                convolution = true;
            } else if (images && layer.getClass() == SubsamplingLayer.class) {
                SubsamplingLayer s = (SubsamplingLayer) layer;
                if (s.getPoolingType() != PoolingType.MAX && s.getPoolingType() != PoolingType.AVG) {
                    return Compiled.fallback(
                            where + ": " + s.getPoolingType().name().toLowerCase(Locale.ROOT)
                                    + " pooling is not compiled (max, avg)");
                }
                if (i == 0) {
                    return Compiled.fallback(where + ": pooling as the first layer is not compiled");
                }
                String geometry = geometryProblem(
                        s.getConvolutionMode(), s.getCnn2dDataFormat(), s.getPadding(), s.getDilation(), false);
                if (geometry != null) {
                    return Compiled.fallback(where + ": " + geometry);
                }
                Window w = Window.of(channels, height, width, s.getKernelSize(), s.getStride());
                stages.add(new Pool(i, w, s.getPoolingType() == PoolingType.MAX));
                height = w.outHeight();
                width = w.outWidth();
            } else if (layer.getClass() == BatchNormalization.class && !last) {
                BatchNormalization b = (BatchNormalization) layer;
                String problem = i == 0 ? "batch normalization as the first layer is not compiled" : normProblem(b);
                if (problem == null && !images && !(stages.get(stages.size() - 1) instanceof Dense)) {
                    problem = ROWS_NORM;
                }
                if (problem != null) {
                    return Compiled.fallback(where + ": " + problem);
                }
                Window features =
                        images ? new Window(channels, height, width, 1, 1, 1, 1) : new Window(rows, 1, 1, 1, 1, 1, 1);
                stages.add(new Norm(i, features, b.getEps(), b.getDecay()));
            } else if (layer.getClass() == DropoutLayer.class && !last && i > 0) {
                String dropout = dropoutProblem(layer);
                if (dropout != null) {
                    return Compiled.fallback(where + ": " + dropout);
                }
                stages.add(new Drop(i, ((Dropout) layer.getIDropout()).getP()));
            } else if (!images && !last && layer.getClass() == DenseLayer.class) {
                DenseLayer d = (DenseLayer) layer;
                if (!d.hasBias() || d.hasLayerNorm()) {
                    return Compiled.fallback(
                            where + ": only dense layers with bias and without layer normalization are compiled");
                }
                String activation = activationProblem(d.getActivationFn());
                if (activation != null) {
                    return Compiled.fallback(where + ": " + activation);
                }
                stages.add(new Dense(i, rows, (int) d.getNOut(), d.getActivationFn(), false));
                rows = (int) d.getNOut();
            } else if (!images && last && layer.getClass() == OutputLayer.class) {
                OutputLayer o = (OutputLayer) layer;
                if (!o.hasBias()
                        || !(o.getActivationFn() instanceof ActivationSoftmax)
                        || !(o.getLossFn() instanceof LossMCXENT)) {
                    return Compiled.fallback(where + ": only a softmax output with cross-entropy is compiled");
                }
                stages.add(new Dense(i, rows, (int) o.getNOut(), o.getActivationFn(), true));
            } else {
                return Compiled.fallback(where + " is not compiled at this point of the network");
            }
        }
        if (!convolution) {
            return Compiled.fallback("it has no convolution");
        }
        return new Compiled(Path.CONV, List.copyOf(stages), inputChannels, inputHeight, inputWidth, null);
    }

    private static final String ROWS_NORM =
            "batch normalization over rows is compiled right after a dense layer, before any dropout";

    /** Null for batch normalization as the kernels compute it (DL4J's defaults), else why not. */
    private static String normProblem(BatchNormalization b) {
        if (b.isLockGammaBeta()) {
            return "batch normalization with locked gamma and beta is not compiled";
        }
        if (!b.isMinibatch() || b.getCnn2DFormat() != CNN2DFormat.NCHW || !b.isUseLogStd()) {
            return "batch normalization is compiled over minibatches (NCHW images or rows), keeping log10stdev"
                    + " (DL4J's defaults), only";
        }
        return null;
    }

    /** Null for plain dropout at a fixed rate, which the kernels draw from a seeded generator; else why not. */
    private static String dropoutProblem(Layer layer) {
        if (!(layer.getIDropout() instanceof Dropout d)
                || d.getPSchedule() != null
                || !(d.getP() > 0 && d.getP() <= 1)) {
            return "only plain dropout with a fixed rate is compiled";
        }
        return null;
    }

    private static String at(int i, Layer layer) {
        return "layer " + (i + 1) + " (" + layer.getClass().getSimpleName() + ")";
    }

    /** Null where DL4J trains the layer's parameters as they are, else what acts on them. */
    private static String plainProblem(BaseLayer layer) {
        if (layer.getWeightNoise() != null) {
            return "weight noise is not compiled";
        }
        if (!empty(layer.getRegularization()) || !empty(layer.getRegularizationBias())) {
            return "regularization is not compiled";
        }
        if (layer.getGradientNormalization() != null
                && layer.getGradientNormalization() != GradientNormalization.None) {
            return "gradient normalization is not compiled";
        }
        if (!empty(layer.getConstraints())) {
            return "constraints are not compiled";
        }
        return null;
    }

    private static String geometryProblem(
            ConvolutionMode mode, CNN2DFormat format, int[] padding, int[] dilation, boolean same) {
        if (!ConvKernels.takes(mode, format, padding, dilation, same)) {
            return "padding '" + mode.name().toLowerCase(Locale.ROOT) + "', format " + format
                    + ", padding " + java.util.Arrays.toString(padding) + " or dilation "
                    + java.util.Arrays.toString(dilation)
                    + " is not compiled (" + (same ? "valid or same" : "valid") + " padding, NCHW, no dilation)";
        }
        return null;
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }

    /**
     * Null where the compiled path takes {@code activation} in a hidden layer, else why not. ReLU and the identity run
     * in Java; every other element-wise activation is DL4J's own, run by ND4J on the kernels' arrays
     * ({@link NativeActivation}), so its numbers are DL4J's.
     */
    public static String activationProblem(IActivation activation) {
        if (activation instanceof ActivationSoftmax) {
            return "softmax is compiled only in the output layer";
        }
        if (activation instanceof ActivationRReLU) {
            return "rrelu draws its slopes from DL4J's own generator, so it is not compiled";
        }
        if (!ELEMENT_WISE.contains(activation.getClass())) {
            return "activation " + activation + " is not compiled";
        }
        return null;
    }

    /** DL4J's activations that act on each number alone, with no parameters and no randomness. */
    private static final Set<Class<?>> ELEMENT_WISE = Set.of(
            ActivationCube.class,
            ActivationELU.class,
            ActivationGELU.class,
            ActivationHardSigmoid.class,
            ActivationHardTanH.class,
            ActivationIdentity.class,
            ActivationLReLU.class,
            ActivationMish.class,
            ActivationRationalTanh.class,
            ActivationRectifiedTanh.class,
            ActivationReLU.class,
            ActivationReLU6.class,
            ActivationSELU.class,
            ActivationSigmoid.class,
            ActivationSoftPlus.class,
            ActivationSoftSign.class,
            ActivationSwish.class,
            ActivationTanH.class,
            ActivationThresholdedReLU.class);

    /** ReLU as ND4J's {@code x > 0 ? x : 0}, with no cap, threshold or slope. */
    public static boolean isPlainRelu(IActivation activation) {
        return activation instanceof ActivationReLU relu
                && relu.getMax() == null
                && relu.getThreshold() == null
                && relu.getNegativeSlope() == null;
    }

    /** Plain ReLU or the identity: the activations whose compiled numbers are DL4J's exactly. */
    public static boolean isExact(IActivation activation) {
        return isPlainRelu(activation) || activation instanceof ActivationIdentity;
    }
}
