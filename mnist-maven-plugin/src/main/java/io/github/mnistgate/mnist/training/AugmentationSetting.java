package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mnist.augmentation} as given ({@code randomFlip=horizontal,randomRotation=hp:rotation}): any value may name a
 * hyperparameter, so that tuning searches it; {@link #resolve} puts in the values a run trains with. Its syntax and
 * every value given outright are checked when it is made.
 */
public record AugmentationSetting(String text) implements java.io.Serializable {

    private static final String REFERENCE = "hp:";
    private static final Pattern VALUE = Pattern.compile("(\\w+)\\s*=\\s*" + REFERENCE + "(\\w+)");

    /** No augmentation; after {@link #VALUE}, which its construction reads. */
    public static final AugmentationSetting NONE = new AugmentationSetting("none");

    public AugmentationSetting {
        text = text == null || text.isBlank() ? "none" : text.trim();
        substitute(text, name -> null); // the syntax and the values given outright
    }

    /** The hyperparameters the setting names, in order. */
    public List<String> references() {
        List<String> names = new ArrayList<>();
        Matcher m = VALUE.matcher(text);
        while (m.find()) {
            names.add(m.group(2));
        }
        return names;
    }

    /**
     * The augmentation with each {@code hp:<name>} replaced by {@code values}' value of it.
     *
     * @throws InvalidSettingException naming a hyperparameter {@code values} lacks
     */
    public Augmentation resolve(Map<String, Object> values) {
        return substitute(text, name -> {
            Object value = values.get(name);
            if (value == null) {
                throw new InvalidSettingException(
                        "augmentation",
                        text,
                        "it refers to hyperparameter '" + name + "', which is not defined; declare it in"
                                + " <hyperParameters> and run mnist:tune"
                                + (values.isEmpty() ? "" : "; defined: " + String.join(", ", values.keySet())));
            }
            return String.valueOf(value);
        });
    }

    /** The augmentation of {@code text} with references replaced: by {@code lookup}'s value, or a valid stand-in. */
    private static Augmentation substitute(String text, java.util.function.Function<String, String> lookup) {
        Matcher m = VALUE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = lookup.apply(m.group(2));
            if (value == null) {
                value = m.group(1).equals("randomFlip") ? "horizontal" : "0"; // a stand-in that any layer takes
            }
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "=" + value));
        }
        m.appendTail(out);
        return Augmentation.parse(out.toString());
    }
}
