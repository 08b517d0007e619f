package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Suggestions;
import io.github.mnistgate.runtime.ImageShape;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A network architecture: a preset by name, or the user's own layer list, for images of {@code input}'s shape in
 * {@code classes} classes (MNIST's 28x28 grayscale in 10 unless {@link #forData} says otherwise). {@code defaults}
 * holds the values of hyperparameters the layers refer to ({@code hp:units}) when no tuning chose them.
 */
public record ModelSpec(
        String name, List<LayerSpec> layers, Map<String, Object> defaults, ImageShape input, int classes)
        implements java.io.Serializable {

    public static final String MLP = "mlp";
    public static final String CNN = "cnn";
    public static final String CUSTOM = "custom";

    public ModelSpec {
        layers = List.copyOf(layers);
        defaults = Map.copyOf(defaults);
        if (layers.isEmpty()) {
            throw new InvalidSettingException("layers", "(empty)", "a custom model needs at least one layer");
        }
    }

    /** For MNIST's images and classes. */
    public ModelSpec(String name, List<LayerSpec> layers, Map<String, Object> defaults) {
        this(name, layers, defaults, ImageShape.MNIST, 10);
    }

    /** The same architecture for images of {@code shape} in {@code classCount} classes. */
    public ModelSpec forData(ImageShape shape, int classCount) {
        return new ModelSpec(name, layers, defaults, shape, classCount);
    }

    /**
     * The model for the settings: the custom layers when any are given, else the named preset.
     *
     * @param model  {@code mlp}, {@code cnn} or {@code custom}
     * @param custom the POM's layer list, possibly empty
     */
    public static ModelSpec resolve(String model, List<LayerSpec> custom) {
        String name = model == null ? CNN : model.trim().toLowerCase(Locale.ROOT);
        if (!custom.isEmpty()) {
            return new ModelSpec(CUSTOM, custom, Map.of());
        }
        return switch (name) {
            case MLP -> mlp();
            case CNN -> cnn();
            case CUSTOM ->
                throw new InvalidSettingException(
                        "model", model, "'custom' needs a <layers> list in the plugin configuration");
            default ->
                throw new InvalidSettingException(
                        "model",
                        model,
                        "allowed values are mlp, cnn, or custom with a <layers> list"
                                + Suggestions.didYouMean(model, List.of(MLP, CNN, CUSTOM)));
        };
    }

    /** The notebook's Dense model: Flatten, Dense(units, relu), Dense(10, softmax). */
    public static ModelSpec mlp() {
        return new ModelSpec(
                MLP,
                List.of(LayerSpec.of(LayerType.DENSE, "units", "hp:units"), LayerSpec.of(LayerType.OUTPUT)),
                Map.of("units", 128));
    }

    /** The notebook's Conv model: Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10, 93,322 parameters. */
    public static ModelSpec cnn() {
        return new ModelSpec(
                CNN,
                List.of(
                        LayerSpec.of(LayerType.CONV2D, "filters", "32", "kernel", "3"),
                        LayerSpec.of(LayerType.MAXPOOL, "size", "2"),
                        LayerSpec.of(LayerType.CONV2D, "filters", "64", "kernel", "3"),
                        LayerSpec.of(LayerType.MAXPOOL, "size", "2"),
                        LayerSpec.of(LayerType.CONV2D, "filters", "64", "kernel", "3"),
                        LayerSpec.of(LayerType.DENSE, "units", "hp:dense_units"),
                        LayerSpec.of(LayerType.OUTPUT)),
                Map.of("dense_units", 64));
    }

    /**
     * The search space {@code mnist:tune} explores when the POM declares no {@code <hyperParameters>}: each
     * entry one hyperparameter as the POM writes it. {@code mlp}: the notebook's KerasTuner space (units
     * 32..512 step 32, learning rate 1e-2, 1e-3 or 1e-4); {@code cnn}: the dense layer's units and the
     * learning rate; a custom model: none.
     */
    public List<Map<String, String>> defaultSearchSpace() {
        return switch (name) {
            case MLP ->
                List.of(
                        Map.of("name", "units", "type", "int", "min", "32", "max", "512", "step", "32"),
                        Map.of("name", "learning_rate", "type", "choice", "values", "1e-2,1e-3,1e-4"));
            case CNN ->
                List.of(
                        Map.of("name", "dense_units", "type", "int", "min", "32", "max", "128", "step", "32"),
                        Map.of("name", "learning_rate", "type", "choice", "values", "3e-3,1e-3,3e-4"));
            default -> List.of();
        };
    }
}
