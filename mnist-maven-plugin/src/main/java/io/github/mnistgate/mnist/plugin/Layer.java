package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.model.LayerSpec;
import io.github.mnistgate.mnist.model.LayerType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code <layer>} of a custom model in the POM. Every value is text so it can also name a
 * hyperparameter ({@code hp:units}); the core checks which settings a type accepts.
 */
public class Layer {

    /** dense, conv2d, maxpool, avgpool, dropout, batchnorm or output. */
    private String type;
    /** dense/output: number of units. */
    private String units;
    /** conv2d: number of filters. */
    private String filters;
    /** conv2d: kernel size (square), default 3. */
    private String kernel;
    /** conv2d and pooling: stride, default 1 for conv2d and the pool size for pooling. */
    private String stride;
    /** conv2d: valid (default) or same. */
    private String padding;
    /** dense/conv2d/output: activation, default relu (softmax for output). */
    private String activation;
    /** maxpool/avgpool: pool size (square), default 2. */
    private String size;
    /** dropout: fraction of activations dropped, as Keras's rate. */
    private String rate;
    /** Any type: how many times this layer stands in the network, default 1; e.g. {@code hp:blocks}. */
    private String repeat;

    LayerSpec toSpec() {
        Map<String, String> settings = new LinkedHashMap<>();
        put(settings, "units", units);
        put(settings, "filters", filters);
        put(settings, "kernel", kernel);
        put(settings, "stride", stride);
        put(settings, "padding", padding);
        put(settings, "activation", activation);
        put(settings, "size", size);
        put(settings, "rate", rate);
        put(settings, LayerSpec.REPEAT, repeat);
        return new LayerSpec(LayerType.fromId(type), settings);
    }

    private static void put(Map<String, String> settings, String key, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(key, value.trim());
        }
    }
}
