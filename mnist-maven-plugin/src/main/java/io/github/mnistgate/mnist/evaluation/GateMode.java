package io.github.mnistgate.mnist.evaluation;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Suggestions;
import java.util.Arrays;
import java.util.List;

/**
 * How a limit is held against a measurement that carries test-set noise: the point value, the whole
 * confidence interval, or any part of it. Metrics without an interval (F1, macro F1) are held as measured
 * in every mode.
 */
public enum GateMode {
    /** The measured value must meet the limit. */
    ESTIMATE("estimate"),
    /** The whole interval must meet it: the model is better than the limit with that confidence. */
    CONFIDENT("confident"),
    /** Fails only when the whole interval misses it, so test-set noise alone never fails a build. */
    TOLERANT("tolerant");

    private final String id;

    GateMode(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static GateMode fromId(String id) {
        List<String> ids = Arrays.stream(values()).map(GateMode::id).toList();
        for (GateMode m : values()) {
            if (m.id.equalsIgnoreCase(id == null ? "" : id.trim())) {
                return m;
            }
        }
        throw new InvalidSettingException(
                "gateMode", id, "allowed values are " + String.join(", ", ids) + Suggestions.didYouMean(id, ids));
    }
}
