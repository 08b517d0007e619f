package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.runtime.ImageShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Turns a {@link ModelSpec} and its hyperparameters into a DL4J network that takes {@code [N, values per image]}
 * pixels (MNIST's {@code [N, 784]}) and returns {@code [N, classes]} class probabilities. Weights start as Keras's do
 * (Glorot uniform).
 */
public final class NetworkFactory {

    private NetworkFactory() {}

    public static MultiLayerNetwork build(ModelSpec spec, HyperParameterValues values) {
        return build(spec, values, null);
    }

    /**
     * @param classWeights each class's weight in the output's cross-entropy (DL4J's weighted {@code LossMCXENT}), or
     *     null for none
     */
    public static MultiLayerNetwork build(ModelSpec spec, HyperParameterValues values, double[] classWeights) {
        MultiLayerConfiguration conf = configure(spec, values);
        if (classWeights != null) {
            OutputLayer output =
                    (OutputLayer) conf.getConf(conf.getConfs().size() - 1).getLayer();
            float[] w = new float[classWeights.length];
            for (int c = 0; c < w.length; c++) {
                w[c] = (float) classWeights[c];
            }
            output.setLossFn(new LossMCXENT(Nd4j.create(new float[][] {w})));
        }
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    public static MultiLayerConfiguration configure(ModelSpec spec, HyperParameterValues values) {
        HyperParameterValues resolved = values.withDefaults(spec.defaults());
        ImageShape image = spec.input();
        List<LayerSpec> layers = withOutput(repeated(spec.layers(), resolved));
        boolean spatial = layers.stream().anyMatch(l -> l.type().isSpatial());
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(values.seed())
                .updater(values.optimizer().updater(values.learningRate()))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list();
        boolean flattened = false;
        int height = image.height(); // what is left of the image after the 2-D layers so far
        int width = image.width();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            Resolver r = new Resolver(layer, i + 1, resolved);
            if (layer.type().isSpatial() && flattened) {
                throw new InvalidSettingException(
                        "layers",
                        layer,
                        "layer " + (i + 1) + " (" + layer.type().id()
                                + ") comes after a dense layer; 2-D layers must come before dense layers");
            }
            flattened |= layer.type() == LayerType.DENSE;
            if (layer.type().isSpatial()) {
                int[] after = r.sizeAfter(height, width);
                height = after[0];
                width = after[1];
            }
            list.layer(toLayer(layer, r, spec.classes()));
        }
        InputType input = spatial
                ? InputType.convolutionalFlat(image.height(), image.width(), image.channels())
                : InputType.feedForward(image.size());
        try {
            return list.setInputType(input).build();
        } catch (RuntimeException e) {
            // DL4J rejects shapes that cannot be built, e.g. a kernel larger than what is left of the image.
            throw new InvalidSettingException(
                    "layers", spec.layers(), "the network cannot be built: " + e.getMessage());
        }
    }

    /** Each layer as many times as its {@code repeat} setting says (a number or a hyperparameter). */
    private static List<LayerSpec> repeated(List<LayerSpec> layers, HyperParameterValues values) {
        List<LayerSpec> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            int times = new Resolver(layer, i + 1, values).positiveInt(LayerSpec.REPEAT, 1);
            if (times > 100) {
                throw new InvalidSettingException(
                        "layers",
                        times,
                        "layer " + (i + 1) + " (" + layer.type().id() + ") repeat: at most 100");
            }
            for (int k = 0; k < times; k++) {
                all.add(layer.once());
            }
        }
        return all;
    }

    /** A model must end in the softmax output, one unit per class; one is added when the list does not end in it. */
    private static List<LayerSpec> withOutput(List<LayerSpec> layers) {
        List<LayerSpec> all = new ArrayList<>(layers);
        for (int i = 0; i < all.size() - 1; i++) {
            if (all.get(i).type() == LayerType.OUTPUT) {
                throw new InvalidSettingException("layers", all.get(i), "the output layer must be the last layer");
            }
        }
        if (all.get(all.size() - 1).type() != LayerType.OUTPUT) {
            all.add(LayerSpec.of(LayerType.OUTPUT));
        }
        return all;
    }

    private static Layer toLayer(LayerSpec layer, Resolver r, int classes) {
        return switch (layer.type()) {
            case DENSE ->
                new DenseLayer.Builder()
                        .nOut(r.positiveInt("units", null))
                        .activation(r.activation("relu"))
                        .build();
            case CONV2D -> {
                int kernel = r.positiveInt("kernel", 3);
                int stride = r.positiveInt("stride", 1);
                yield new ConvolutionLayer.Builder(kernel, kernel)
                        .stride(stride, stride)
                        .nOut(r.positiveInt("filters", null))
                        .convolutionMode(r.padding())
                        .activation(r.activation("relu"))
                        .build();
            }
            case MAXPOOL, AVGPOOL -> {
                int size = r.positiveInt("size", 2);
                int stride = r.positiveInt("stride", size);
                yield new SubsamplingLayer.Builder(
                                layer.type() == LayerType.MAXPOOL
                                        ? SubsamplingLayer.PoolingType.MAX
                                        : SubsamplingLayer.PoolingType.AVG)
                        .kernelSize(size, size)
                        .stride(stride, stride)
                        .build();
            }
            // Keras's rate is the fraction dropped; DL4J takes the probability of keeping an activation.
            case DROPOUT -> new DropoutLayer.Builder(1.0 - r.fraction("rate")).build();
            case BATCHNORM -> new BatchNormalization.Builder().build();
            case OUTPUT -> {
                int units = r.positiveInt("units", classes);
                if (units != classes) {
                    throw r.invalid("units", units, "the output layer must have " + classes + " units, one per class");
                }
                yield new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(units)
                        .activation(r.activation("softmax"))
                        .build();
            }
        };
    }

    /** Reads one layer's settings, following {@code hp:} references, with errors naming the layer. */
    private static final class Resolver {
        private final LayerSpec layer;
        private final int position;
        private final HyperParameterValues values;

        Resolver(LayerSpec layer, int position, HyperParameterValues values) {
            this.layer = layer;
            this.position = position;
            this.values = values;
        }

        String text(String key) {
            String raw = layer.settings().get(key);
            if (raw == null || !raw.startsWith(LayerSpec.REFERENCE)) {
                return raw;
            }
            String name = raw.substring(LayerSpec.REFERENCE.length());
            Object value = values.get(name);
            if (value == null) {
                throw invalid(
                        key,
                        raw,
                        "it refers to hyperparameter '" + name + "', which is not defined"
                                + (values.names().isEmpty() ? "" : "; defined: " + String.join(", ", values.names())));
            }
            return String.valueOf(value);
        }

        int positiveInt(String key, Integer fallback) {
            String text = text(key);
            if (text == null) {
                if (fallback == null) {
                    throw invalid(key, "(missing)", "a " + layer.type().id() + " layer needs " + key);
                }
                return fallback;
            }
            try {
                double d = Double.parseDouble(text.trim());
                if (d >= 1 && d == Math.rint(d) && d <= 1_000_000) {
                    return (int) d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw invalid(key, text, "must be a whole number from 1 to 1000000");
        }

        double fraction(String key) {
            String text = text(key);
            try {
                double d = Double.parseDouble(text == null ? "" : text.trim());
                if (d >= 0 && d < 1) {
                    return d;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw invalid(
                    key, text == null ? "(missing)" : text, "must be a number from 0 (inclusive) to 1 (exclusive)");
        }

        Activation activation(String fallback) {
            String text = text("activation");
            String name = text == null ? fallback : text.trim();
            try {
                return Activation.fromString(name.toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw invalid(
                        "activation",
                        name,
                        "use a DL4J activation such as relu, tanh, sigmoid, softmax, elu, leakyrelu, identity");
            }
        }

        /** The image's height and width after this 2-D layer, failing when its window does not fit. */
        int[] sizeAfter(int height, int width) {
            boolean conv = layer.type() == LayerType.CONV2D;
            int window = conv ? positiveInt("kernel", 3) : positiveInt("size", 2);
            int stride = positiveInt("stride", conv ? 1 : window);
            if (conv && padding() == ConvolutionMode.Same) {
                return new int[] {(height + stride - 1) / stride, (width + stride - 1) / stride};
            }
            if (window > height || window > width) {
                throw invalid(
                        conv ? "kernel" : "size",
                        window,
                        "a " + window + "x" + window + " window does not fit the " + width + "x" + height
                                + " image left at that point");
            }
            return new int[] {(height - window) / stride + 1, (width - window) / stride + 1};
        }

        ConvolutionMode padding() {
            String text = text("padding");
            String mode = text == null ? "valid" : text.trim().toLowerCase(Locale.ROOT);
            return switch (mode) {
                case "valid" -> ConvolutionMode.Truncate;
                case "same" -> ConvolutionMode.Same;
                default -> throw invalid("padding", text, "allowed values are valid, same");
            };
        }

        InvalidSettingException invalid(String key, Object value, String allowed) {
            return new InvalidSettingException(
                    "layers", value, "layer " + position + " (" + layer.type().id() + ") " + key + ": " + allowed);
        }
    }
}
