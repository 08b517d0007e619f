package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code mnist.classWeights}: how much each class's examples weigh in the loss, as Keras's {@code class_weight} does.
 * {@code none}; {@code balanced}, {@code n / (classes x count)} as scikit-learn's {@code compute_class_weight} computes
 * it; or weights by class, either one number per class in label order ({@code 1,1,5}) or {@code class=weight} pairs
 * naming a class by index or name ({@code cat=5,2=0.5}), the others weighing 1.
 */
public record ClassWeights(String setting) implements Serializable {

    public static final ClassWeights NONE = new ClassWeights("none");

    private static final String ALLOWED = "use none, balanced, one weight per class in label order (1,1,5), or"
            + " class=weight pairs naming classes by index or name (cat=5,2=0.5); weights above 0 and at most 1000";

    public ClassWeights {
        setting = setting == null || setting.isBlank() ? "none" : setting.trim();
        String id = setting.toLowerCase(Locale.ROOT);
        if (!id.equals("none") && !id.equals("balanced")) {
            for (String part : setting.split(",", -1)) {
                String value = part.contains("=") ? part.substring(part.indexOf('=') + 1) : part;
                weight(setting, value);
                if (part.contains("=") && part.substring(0, part.indexOf('=')).isBlank()) {
                    throw new InvalidSettingException(
                            "classWeights", setting, "'" + part + "' names no class; " + ALLOWED);
                }
            }
        }
    }

    public boolean none() {
        return setting.equalsIgnoreCase("none");
    }

    /**
     * The weight of each class, or null for none.
     *
     * @param counts how many training examples each class has (read only for {@code balanced})
     * @throws InvalidSettingException naming an unknown class, or a list whose length is not the number of classes
     */
    public double[] weights(List<String> classNames, int[] counts) {
        if (none()) {
            return null;
        }
        int classes = classNames.size();
        double[] w = new double[classes];
        if (setting.equalsIgnoreCase("balanced")) {
            long total = Arrays.stream(counts).asLongStream().sum();
            for (int c = 0; c < classes; c++) {
                w[c] = counts[c] == 0 ? 1.0 : (double) total / ((double) classes * counts[c]);
            }
            return w;
        }
        String[] parts = setting.split(",", -1);
        if (!setting.contains("=")) {
            if (parts.length != classes) {
                throw new InvalidSettingException(
                        "classWeights",
                        setting,
                        parts.length + " weights for " + classes + " classes " + classNames + "; " + ALLOWED);
            }
            for (int c = 0; c < classes; c++) {
                w[c] = weight(setting, parts[c]);
            }
            return w;
        }
        Arrays.fill(w, 1.0);
        for (String part : parts) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new InvalidSettingException(
                        "classWeights",
                        setting,
                        "'" + part + "' names no class; give all weights as pairs; " + ALLOWED);
            }
            w[classIndex(part.substring(0, eq).trim(), classNames)] = weight(setting, part.substring(eq + 1));
        }
        return w;
    }

    /** The same weights with every class named by its index, for code that knows no class names (tuning trials). */
    public ClassWeights byIndex(List<String> classNames) {
        if (!setting.contains("=")) {
            return this;
        }
        StringBuilder out = new StringBuilder();
        for (String part : setting.split(",", -1)) {
            int eq = part.indexOf('=');
            out.append(out.length() == 0 ? "" : ",")
                    .append(classIndex(part.substring(0, eq).trim(), classNames))
                    .append(part.substring(eq));
        }
        return new ClassWeights(out.toString());
    }

    /**
     * The weight of each of {@code classes} classes, named by index, over examples whose one-hot labels sum to
     * {@code counts}; null for none.
     */
    public double[] weights(int classes, int[] counts) {
        return weights(
                java.util.stream.IntStream.range(0, classes)
                        .mapToObj(String::valueOf)
                        .toList(),
                counts);
    }

    /** The weights by class name, as the model card records them; empty for none. */
    public static Map<String, Double> byName(double[] weights, List<String> classNames) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (int c = 0; weights != null && c < weights.length; c++) {
            out.put(classNames.get(c), Math.round(weights[c] * 1e6) / 1e6);
        }
        return out;
    }

    /** As above, for the weights a network's loss holds (in float). */
    static Map<String, Double> byName(float[] weights, List<String> classNames) {
        double[] wider = new double[weights.length];
        for (int c = 0; c < weights.length; c++) {
            wider[c] = weights[c];
        }
        return byName(wider, classNames);
    }

    private int classIndex(String key, List<String> classNames) {
        int byName = classNames.indexOf(key);
        if (byName >= 0) {
            return byName;
        }
        try {
            int index = Integer.parseInt(key);
            if (index >= 0 && index < classNames.size()) {
                return index;
            }
        } catch (NumberFormatException e) {
            // not an index either: named below
        }
        throw new InvalidSettingException(
                "classWeights",
                setting,
                "'" + key + "' is no class: use a class index from 0 to " + (classNames.size() - 1) + " or a name of "
                        + classNames);
    }

    private static double weight(String setting, String text) {
        double w;
        try {
            w = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(
                    "classWeights", setting, "'" + text.trim() + "' is no weight; " + ALLOWED);
        }
        if (!(w > 0 && w <= 1000)) {
            throw new InvalidSettingException(
                    "classWeights", setting, "'" + text.trim() + "' is out of range; " + ALLOWED);
        }
        return w;
    }
}
