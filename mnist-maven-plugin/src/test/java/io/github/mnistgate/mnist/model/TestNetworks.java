package io.github.mnistgate.mnist.model;

import java.util.List;

/** Networks that the tests of the compiled path share. */
public final class TestNetworks {

    private TestNetworks() {}

    /**
     * Every layer kind the compiler takes beside the presets': average pooling, max pooling after an activation it
     * does not commute with, dropout between dense layers, and DL4J's own activations in convolutions and dense
     * layers.
     */
    public static ModelSpec otherKinds() {
        return ModelSpec.resolve(
                "custom",
                List.of(
                        layer(LayerType.CONV2D, "filters", "6", "kernel", "3", "padding", "same", "activation", "tanh"),
                        layer(LayerType.AVGPOOL, "size", "2"),
                        layer(LayerType.CONV2D, "filters", "5", "kernel", "3", "stride", "2", "activation", "elu"),
                        layer(LayerType.MAXPOOL, "size", "2"),
                        layer(LayerType.CONV2D, "filters", "4", "kernel", "2", "activation", "relu"),
                        layer(LayerType.AVGPOOL, "size", "2", "stride", "1"),
                        layer(LayerType.DENSE, "units", "12", "activation", "selu"),
                        layer(LayerType.DROPOUT, "rate", "0"),
                        layer(LayerType.DENSE, "units", "10", "activation", "sigmoid")));
    }

    /** {@code same} padding: 3x3 at stride 1 (one zero each side), 4x4 at stride 2 (uneven), 5x5 at stride 3. */
    public static ModelSpec samePadding() {
        return ModelSpec.resolve(
                "custom",
                List.of(
                        layer(LayerType.CONV2D, "filters", "6", "kernel", "3", "padding", "same"),
                        layer(LayerType.CONV2D, "filters", "5", "kernel", "4", "stride", "2", "padding", "same"),
                        layer(LayerType.MAXPOOL, "size", "2"),
                        layer(
                                LayerType.CONV2D,
                                "filters",
                                "4",
                                "kernel",
                                "5",
                                "stride",
                                "3",
                                "padding",
                                "same",
                                "activation",
                                "identity"),
                        layer(LayerType.DENSE, "units", "12")));
    }

    /**
     * Batch normalization after a same-padded convolution, after max pooling (before a convolution without
     * activation), before the dense layers and after a dense layer (then dropout); with a strided convolution and
     * DL4J's own activations among them.
     */
    public static ModelSpec batchNormalized() {
        return ModelSpec.resolve(
                "custom",
                List.of(
                        layer(LayerType.CONV2D, "filters", "6", "kernel", "3", "padding", "same"),
                        layer(LayerType.BATCHNORM),
                        layer(LayerType.CONV2D, "filters", "5", "kernel", "3", "stride", "2", "activation", "elu"),
                        layer(LayerType.MAXPOOL, "size", "2"),
                        layer(LayerType.BATCHNORM),
                        layer(LayerType.DROPOUT, "rate", "0"),
                        layer(LayerType.CONV2D, "filters", "4", "kernel", "2", "activation", "identity"),
                        layer(LayerType.BATCHNORM),
                        layer(LayerType.DENSE, "units", "12"),
                        layer(LayerType.BATCHNORM),
                        layer(LayerType.DROPOUT, "rate", "0"),
                        layer(LayerType.DENSE, "units", "8", "activation", "tanh")));
    }

    /** Dense layers with batch normalization right after each hidden one, and dropout after the first. */
    public static ModelSpec denseBatchNormalized() {
        return ModelSpec.resolve(
                "custom",
                List.of(
                        layer(LayerType.DENSE, "units", "24", "activation", "tanh"),
                        layer(LayerType.BATCHNORM),
                        layer(LayerType.DROPOUT, "rate", "0"),
                        layer(LayerType.DENSE, "units", "16", "activation", "elu"),
                        layer(LayerType.BATCHNORM)));
    }

    private static LayerSpec layer(LayerType type, String... settings) {
        return LayerSpec.of(type, settings);
    }
}
