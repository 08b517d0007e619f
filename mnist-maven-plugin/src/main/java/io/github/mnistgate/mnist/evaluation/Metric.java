package io.github.mnistgate.mnist.evaluation;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Suggestions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a limit may be set on: two whole-test-set figures and three per-class ones. */
public enum Metric {
    ACCURACY("accuracy", false, "test accuracy"),
    MACRO_F1("macroF1", false, "macro F1"),
    PRECISION("precision", true, "precision"),
    RECALL("recall", true, "recall"),
    F1("f1", true, "F1");

    private final String id;
    private final boolean perClass;
    private final String wording;

    Metric(String id, boolean perClass, String wording) {
        this.id = id;
        this.perClass = perClass;
        this.wording = wording;
    }

    public String id() {
        return id;
    }

    public boolean perClass() {
        return perClass;
    }

    /** How a message names the value: {@code test accuracy}, {@code recall of class 8}. */
    String subject(Integer label) {
        return perClass ? wording + " of class " + label : wording;
    }

    double value(Metrics m, Integer label) {
        return switch (this) {
            case ACCURACY -> m.accuracy();
            case MACRO_F1 -> m.macroF1();
            case PRECISION -> m.precision(label);
            case RECALL -> m.recall(label);
            case F1 -> m.f1(label);
        };
    }

    /** The value's confidence interval; null for the F1 figures, which are no proportions. */
    Interval interval(Metrics m, Integer label) {
        return switch (this) {
            case ACCURACY -> m.accuracyInterval();
            case PRECISION -> m.precisionInterval(label);
            case RECALL -> m.recallInterval(label);
            case MACRO_F1, F1 -> null;
        };
    }

    static Metric fromId(String setting, String id) {
        List<String> ids = Arrays.stream(values()).map(Metric::id).toList();
        for (Metric m : values()) {
            if (m.id.equalsIgnoreCase(id == null ? "" : id.trim())) {
                return m;
            }
        }
        throw new InvalidSettingException(
                setting,
                id,
                "the metric must be one of " + String.join(", ", ids)
                        + Suggestions.didYouMean(id == null ? "" : id.trim().toLowerCase(Locale.ROOT), ids));
    }
}
