package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One layer as the user wrote it: a type and its settings, kept as text until the network is built so a
 * setting can name a hyperparameter ({@code hp:units}) instead of holding a number.
 */
public record LayerSpec(LayerType type, Map<String, String> settings) implements java.io.Serializable {

    /** Prefix of a setting value that refers to a hyperparameter by name. */
    public static final String REFERENCE = "hp:";
    /** Setting every layer takes: how many times the layer stands in the network (default 1). */
    public static final String REPEAT = "repeat";

    public LayerSpec {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        for (String key : settings.keySet()) {
            if (!type.settings().contains(key) && !key.equals(REPEAT)) {
                throw new InvalidSettingException(
                        "layers",
                        type.id() + " " + key,
                        "a " + type.id()
                                + " layer takes "
                                + (type.settings().isEmpty() ? "" : String.join(", ", type.settings()) + ", ")
                                + REPEAT);
            }
        }
    }

    public static LayerSpec of(LayerType type, String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new LayerSpec(type, map);
    }

    /** Names of the hyperparameters this layer refers to. */
    public Set<String> references() {
        Set<String> names = new java.util.LinkedHashSet<>();
        settings.values().stream()
                .filter(v -> v.startsWith(REFERENCE))
                .forEach(v -> names.add(v.substring(REFERENCE.length())));
        return names;
    }

    /** This layer without its repeat setting. */
    public LayerSpec once() {
        Map<String, String> rest = new LinkedHashMap<>(settings);
        rest.remove(REPEAT);
        return new LayerSpec(type, rest);
    }

    @Override
    public String toString() {
        return settings.isEmpty() ? type.id() : type.id() + settings;
    }
}
