package io.github.mnistgate.mnist.util;

/**
 * A configuration value that cannot be used. The message names the setting, the value given and what is
 * allowed, and (through {@link #property()}) lets the mojo add the {@code -D} alternative.
 */
public class InvalidSettingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String setting;
    private final String value;

    public InvalidSettingException(String setting, Object value, String allowed) {
        super("Invalid " + setting + " '" + value + "': " + allowed);
        this.setting = setting;
        this.value = String.valueOf(value);
    }

    /** The setting's name without prefix, as in the POM's {@code <configuration>}, e.g. {@code minAccuracy}. */
    public String setting() {
        return setting;
    }

    public String value() {
        return value;
    }

    /**
     * The user property that sets it, e.g. {@code mnist.minAccuracy}; null for the settings that only a POM
     * can hold ({@code <layers>}, {@code <limits>}, {@code <hyperParameters>}).
     */
    public String property() {
        return POM_ONLY.contains(setting) ? null : "mnist." + setting;
    }

    private static final java.util.Set<String> POM_ONLY = java.util.Set.of("layers", "limits", "hyperParameters");
}
