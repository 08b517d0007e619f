package io.github.mnistgate.mnist.tuning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a search space as the POM writes it ({@code <hyperParameter>} elements as maps of their settings), failing
 * on the first definition that makes no sense with a message that names its element.
 */
final class SearchSpaceParser {

    private static final Map<String, List<String>> KEYS = Map.of(
            "int", List.of("min", "max", "step", "sampling"),
            "float", List.of("min", "max", "step", "sampling"),
            "choice", List.of("values", "ordered"),
            "boolean", List.of(),
            "fixed", List.of("value"));

    private SearchSpaceParser() {}

    static SearchSpace parse(List<Map<String, String>> definitions) {
        List<HyperParameter> parameters = new ArrayList<>();
        for (Map<String, String> d : definitions) {
            parameters.add(parseOne(d));
        }
        return new SearchSpace(parameters);
    }

    static HyperParameter parseOne(Map<String, String> raw) {
        Map<String, String> d = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                d.put(k, v.trim());
            }
        });
        String name = d.remove("name");
        String type = d.remove("type");
        if (name == null) {
            throw SearchSpace.invalid("(no name)", type, "needs a <name>, which layers refer to as hp:<name>");
        }
        String kind = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (!KEYS.containsKey(kind)) {
            throw SearchSpace.invalid(
                    name,
                    type,
                    "<type> must be one of int, float, choice, boolean, fixed, but is "
                            + (type == null ? "missing" : "'" + type + "'"));
        }
        for (String key : d.keySet()) {
            if (!KEYS.get(kind).contains(key)) {
                throw SearchSpace.invalid(
                        name,
                        kind,
                        "a " + kind + " hyperparameter takes "
                                + (KEYS.get(kind).isEmpty() ? "no settings" : String.join(", ", KEYS.get(kind)))
                                + ", not <" + key + ">");
            }
        }
        return switch (kind) {
            case "int" -> {
                Sampling sampling = sampling(name, kind, d.get("sampling"));
                String step = d.get("step");
                yield new IntParameter(
                        name,
                        wholeNumber(name, "min", d.get("min")),
                        wholeNumber(name, "max", d.get("max")),
                        step == null ? null : wholeNumber(name, "step", step),
                        sampling);
            }
            case "float" -> {
                Sampling sampling = sampling(name, kind, d.get("sampling"));
                String step = d.get("step");
                yield new FloatParameter(
                        name,
                        number(name, "min", d.get("min")),
                        number(name, "max", d.get("max")),
                        step == null ? null : number(name, "step", step),
                        sampling);
            }
            case "choice" -> {
                List<Object> values = d.get("values") == null ? List.of() : Values.parseList(d.get("values"));
                String ordered = d.get("ordered");
                if (ordered != null && !ordered.equalsIgnoreCase("true") && !ordered.equalsIgnoreCase("false")) {
                    throw SearchSpace.invalid(name, kind, "<ordered> must be true or false, but is '" + ordered + "'");
                }
                boolean numbers = !values.isEmpty() && values.stream().allMatch(v -> v instanceof Number);
                yield new ChoiceParameter(
                        name,
                        values,
                        ordered == null ? numbers : Boolean.parseBoolean(ordered.toLowerCase(Locale.ROOT)));
            }
            case "boolean" -> new BooleanParameter(name);
            default -> new FixedParameter(name, d.get("value") == null ? null : Values.parse(d.get("value")));
        };
    }

    private static Sampling sampling(String name, String type, String text) {
        if (text == null) {
            return Sampling.LINEAR;
        }
        for (Sampling s : Sampling.values()) {
            if (s.id().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw SearchSpace.invalid(name, type, "<sampling> must be linear or log, but is '" + text + "'");
    }

    private static int wholeNumber(String name, String key, String text) {
        if (text == null) {
            throw SearchSpace.invalid(name, "int", "needs <" + key + ">");
        }
        Object v = Values.parse(text);
        if (v instanceof Integer i) {
            return i;
        }
        throw SearchSpace.invalid(name, "int", "<" + key + "> must be a whole number, but is '" + text + "'");
    }

    private static double number(String name, String key, String text) {
        if (text == null) {
            throw SearchSpace.invalid(name, "float", "needs <" + key + ">");
        }
        Double d = Values.number(text);
        if (d == null || !Double.isFinite(d)) {
            throw SearchSpace.invalid(name, "float", "<" + key + "> must be a number, but is '" + text + "'");
        }
        return d;
    }
}
