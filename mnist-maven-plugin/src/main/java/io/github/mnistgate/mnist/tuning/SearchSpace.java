package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.model.LayerSpec;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The hyperparameters a search explores, in declaration order (KerasTuner's {@code HyperParameters.space}).
 * Layers refer to them by name ({@code hp:units}); the well-known names {@value #LEARNING_RATE},
 * {@value #OPTIMIZER} and {@value #BATCH_SIZE} set the training settings of the same meaning.
 */
public final class SearchSpace {

    /** The POM element every problem with a search space is reported against. */
    public static final String SETTING = "hyperParameters";

    public static final String LEARNING_RATE = "learning_rate";
    public static final String OPTIMIZER = "optimizer";
    public static final String BATCH_SIZE = "batch_size";
    public static final Set<String> WELL_KNOWN = Set.of(LEARNING_RATE, OPTIMIZER, BATCH_SIZE);

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
    private final List<HyperParameter> parameters;

    public SearchSpace(List<HyperParameter> parameters) {
        this.parameters = List.copyOf(parameters);
        Set<String> seen = new LinkedHashSet<>();
        for (HyperParameter p : this.parameters) {
            if (!seen.add(p.name())) {
                throw invalid(
                        p.name(), p.type(), "the name is declared twice; each <hyperParameter> needs its own <name>");
            }
            checkWellKnown(p);
        }
    }

    public static SearchSpace of(HyperParameter... parameters) {
        return new SearchSpace(List.of(parameters));
    }

    /**
     * The space a search explores: the POM's {@code <hyperParameters>} when any are declared, else the
     * model preset's default space.
     *
     * @param declared each hyperparameter as its POM element's settings ({@code name}, {@code type}, ...)
     */
    public static SearchSpace forModel(ModelSpec spec, List<Map<String, String>> declared) {
        List<Map<String, String>> definitions = declared.isEmpty() ? spec.defaultSearchSpace() : declared;
        if (definitions.isEmpty()) {
            throw new InvalidSettingException(
                    SETTING,
                    "(none)",
                    "the " + spec.name()
                            + " model has no default search space; declare the hyperparameters to search in <hyperParameters>");
        }
        SearchSpace space = parse(definitions);
        space.checkReferences(spec);
        return space;
    }

    /** Parses hyperparameters written as the POM writes them, failing on the first that makes no sense. */
    public static SearchSpace parse(List<Map<String, String>> definitions) {
        return SearchSpaceParser.parse(definitions);
    }

    /** The error for a hyperparameter that makes no sense, naming its element. */
    static InvalidSettingException invalid(String name, String type, String problem) {
        return new InvalidSettingException(
                SETTING,
                name,
                "<hyperParameter> " + name + (type == null || type.isEmpty() ? "" : " (" + type + ")") + ": "
                        + problem);
    }

    static void checkName(String name, String type) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid(
                    name == null ? "(no name)" : name,
                    type,
                    "a name starts with a letter or _ and holds letters, digits, _, . and -");
        }
    }

    /** The well-known names must have values the training settings accept. */
    private static void checkWellKnown(HyperParameter p) {
        switch (p.name()) {
            case LEARNING_RATE -> {
                for (Object v : p.extremes()) {
                    if (!(v instanceof Number n) || !(n.doubleValue() > 0 && n.doubleValue() <= 10)) {
                        throw invalid(
                                p.name(),
                                p.type(),
                                "a learning rate must be a number above 0 and at most 10, but " + v + " is possible");
                    }
                }
            }
            case BATCH_SIZE -> {
                for (Object v : p.extremes()) {
                    if (!(v instanceof Integer n) || n < 1 || n > TrainingSettings.MAX_BATCH) {
                        throw invalid(
                                p.name(),
                                p.type(),
                                "a batch size must be a whole number from 1 to " + TrainingSettings.MAX_BATCH + ", but "
                                        + v + " is possible");
                    }
                }
            }
            case OPTIMIZER -> {
                for (Object v : p.extremes()) {
                    try {
                        Optimizer.fromId(v instanceof String s ? s : "");
                    } catch (InvalidSettingException e) {
                        throw invalid(
                                p.name(),
                                p.type(),
                                "'" + v + "' is not an optimizer; "
                                        + e.getMessage()
                                                .substring(e.getMessage().indexOf(": ") + 2));
                    }
                }
            }
            default -> {
                // any value: the layer that uses it checks it when the network is built
            }
        }
    }

    /** Fails when a layer refers to a hyperparameter that neither this space nor the model defines. */
    public void checkReferences(ModelSpec spec) {
        Set<String> defined = new TreeSet<>(names());
        defined.addAll(spec.defaults().keySet());
        for (int i = 0; i < spec.layers().size(); i++) {
            LayerSpec layer = spec.layers().get(i);
            for (Map.Entry<String, String> e : layer.settings().entrySet()) {
                if (!e.getValue().startsWith(LayerSpec.REFERENCE)) {
                    continue;
                }
                String ref = e.getValue().substring(LayerSpec.REFERENCE.length());
                if (!defined.contains(ref)) {
                    throw new InvalidSettingException(
                            SETTING,
                            e.getValue(),
                            "layer " + (i + 1) + " (" + layer.type().id()
                                    + ") " + e.getKey() + " refers to hyperparameter '" + ref
                                    + "', which no <hyperParameter> declares"
                                    + (defined.isEmpty() ? "" : "; declared: " + String.join(", ", defined)));
                }
            }
        }
    }

    /**
     * Names that no layer and no other setting ({@code elsewhere}, e.g. the augmentation's) refers to and that are not
     * well-known: searching them changes nothing.
     */
    public List<String> unused(ModelSpec spec, java.util.Collection<String> elsewhere) {
        Set<String> referenced = new LinkedHashSet<>(elsewhere);
        spec.layers().forEach(l -> referenced.addAll(l.references()));
        return names().stream()
                .filter(n -> !referenced.contains(n) && !WELL_KNOWN.contains(n))
                .toList();
    }

    public List<HyperParameter> parameters() {
        return parameters;
    }

    public List<String> names() {
        return parameters.stream().map(HyperParameter::name).toList();
    }

    public Optional<HyperParameter> get(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Map<String, Object> random(Random random) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (HyperParameter p : parameters) {
            values.put(p.name(), p.random(random));
        }
        return values;
    }

    /** Values like {@code values}, one or a few of them moved to a neighbouring value. */
    public Map<String, Object> neighbour(Map<String, Object> values, Random random) {
        List<HyperParameter> free =
                parameters.stream().filter(p -> p.dimensions() > 0).toList();
        Map<String, Object> moved = new LinkedHashMap<>(values);
        if (free.isEmpty()) {
            return moved;
        }
        HyperParameter first = free.get(random.nextInt(free.size()));
        for (HyperParameter p : free) {
            if (p == first || random.nextDouble() < 0.2) {
                moved.put(p.name(), p.neighbour(values.get(p.name()), random));
            }
        }
        return moved;
    }

    /** Number of combinations grid search visits. */
    public long gridSize() {
        long size = 1;
        for (HyperParameter p : parameters) {
            size = Math.multiplyExact(size, p.gridValues().size());
        }
        return size;
    }

    /** The {@code index}-th combination of the grid, the last parameter changing fastest. */
    public Map<String, Object> gridPoint(long index) {
        Map<String, Object> values = new LinkedHashMap<>();
        long rest = index;
        List<HyperParameter> reversed = new ArrayList<>(parameters);
        Collections.reverse(reversed);
        for (HyperParameter p : reversed) {
            List<Object> grid = p.gridValues();
            values.put(p.name(), grid.get((int) (rest % grid.size())));
            rest /= grid.size();
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (HyperParameter p : parameters) {
            ordered.put(p.name(), values.get(p.name()));
        }
        return ordered;
    }

    public int dimensions() {
        return parameters.stream().mapToInt(HyperParameter::dimensions).sum();
    }

    public double[] encode(Map<String, Object> values) {
        double[] x = new double[dimensions()];
        int at = 0;
        for (HyperParameter p : parameters) {
            double[] part = p.encode(values.get(p.name()));
            System.arraycopy(part, 0, x, at, part.length);
            at += part.length;
        }
        return x;
    }

    /** The values in this space's types and order, or empty when some value does not belong to the space. */
    public Optional<Map<String, Object>> canonical(Map<String, Object> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (HyperParameter p : parameters) {
            Object v = raw == null ? null : p.canonical(raw.get(p.name()));
            if (v == null) {
                return Optional.empty();
            }
            values.put(p.name(), v);
        }
        return Optional.of(values);
    }

    /** A text that is equal for equal values, to tell whether a combination was tried already. */
    public String key(Map<String, Object> values) {
        return parameters.stream()
                .map(p -> p.name() + "=" + values.get(p.name()))
                .collect(Collectors.joining(","));
    }

    public List<Map<String, Object>> config() {
        return parameters.stream().map(HyperParameter::config).toList();
    }

    public List<String> describe() {
        return parameters.stream().map(HyperParameter::describe).toList();
    }
}
