package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Suggestions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The layer kinds a custom model may use, with the settings each accepts. */
@SuppressWarnings("ImmutableEnumChecker") // its lists are List.of, unmodifiable
public enum LayerType {
    DENSE("dense", List.of("units", "activation")),
    CONV2D("conv2d", List.of("filters", "kernel", "stride", "padding", "activation")),
    MAXPOOL("maxpool", List.of("size", "stride")),
    AVGPOOL("avgpool", List.of("size", "stride")),
    DROPOUT("dropout", List.of("rate")),
    BATCHNORM("batchnorm", List.of()),
    OUTPUT("output", List.of("units", "activation"));

    private final String id;
    private final List<String> settings;

    LayerType(String id, List<String> settings) {
        this.id = id;
        this.settings = settings;
    }

    public String id() {
        return id;
    }

    public List<String> settings() {
        return settings;
    }

    /** Layers that need the image kept 2-D. */
    public boolean isSpatial() {
        return this == CONV2D || this == MAXPOOL || this == AVGPOOL;
    }

    public static LayerType fromId(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (LayerType t : values()) {
            if (t.id.equals(wanted)) {
                return t;
            }
        }
        java.util.List<String> ids = Arrays.stream(values()).map(LayerType::id).toList();
        throw new InvalidSettingException(
                "layers",
                value,
                "allowed layer types are " + String.join(", ", ids) + Suggestions.didYouMean(value, ids));
    }
}
