package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.training.ModelCache;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * {@code mnist.modelCache} and {@code mnist.modelCacheSize} mapped onto the core's {@link ModelCache}.
 *
 * @param where {@code default} ({@code <cacheDirectory>/models}), {@code none}, or a folder
 * @param baseDirectory the project's folder, against which a relative folder resolves
 */
record ModelCacheConfiguration(String where, int size, Path cacheDirectory, Path baseDirectory) {

    /** The model cache, or null for none. */
    ModelCache cache(Duration lockTimeout, BuildLog log) {
        String setting = where == null ? "default" : where.trim();
        String id = setting.toLowerCase(Locale.ROOT);
        if (id.equals("none")) {
            return null;
        }
        Path folder = id.equals("default") || id.isEmpty() ? cacheDirectory.resolve("models") : folder(setting);
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new InvalidSettingException(
                    "modelCache",
                    setting,
                    folder + " is a file; give a folder, default for <cacheDirectory>/models, or none for no model"
                            + " cache");
        }
        return new ModelCache(folder, size, lockTimeout, log);
    }

    private Path folder(String path) {
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(
                    "modelCache", path, "not a path (" + e.getReason() + "); give a folder, default or none");
        }
        return p.isAbsolute() ? p : baseDirectory.resolve(p);
    }
}
