package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.Locale;

/**
 * Which kernels train and evaluate a network (setting {@code kernels}): {@code auto} runs the plugin's compiled path
 * where {@link NetworkCompiler} takes the network and stock DL4J elsewhere; {@code dl4j} runs stock DL4J always, the
 * reference every compiled kernel is tested against.
 */
public enum Kernels {
    AUTO("auto"),
    DL4J("dl4j");

    private final String id;

    Kernels(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The setting's value, failing with the allowed values. */
    public static Kernels fromId(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Kernels k : values()) {
            if (k.id.equals(wanted)) {
                return k;
            }
        }
        throw new InvalidSettingException("kernels", value, "allowed values are auto, dl4j");
    }

    @Override
    public String toString() {
        return id;
    }
}
