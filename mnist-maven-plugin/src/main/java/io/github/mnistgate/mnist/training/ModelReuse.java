package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Takes a model that is already trained instead of training it again: the model under the target name, or
 * one in the {@link ModelCache}, whose card carries the same training fingerprint and which passes the
 * checks every model the plugin loads goes through. After training, the new model goes into the cache.
 */
public final class ModelReuse {

    private final boolean retrain;
    private final ModelCache cache;

    private ModelReuse(boolean retrain, ModelCache cache) {
        this.retrain = retrain;
        this.cache = cache;
    }

    /** Never reuses, never stores: every run trains. */
    public static ModelReuse never() {
        return new ModelReuse(true, null);
    }

    /**
     * @param retrain {@code mnist.retrain}: train even when a model with the fingerprint exists
     * @param cache   the model cache, or null for none
     */
    public static ModelReuse of(boolean retrain, ModelCache cache) {
        return new ModelReuse(retrain, cache);
    }

    /** Where models are cached, or null for no cache. */
    public Path cacheDirectory() {
        return cache == null ? null : cache.directory();
    }

    /** The card of a usable model with {@code inputs}' fingerprint, now at {@code modelFile}; logs the decision. */
    Optional<ModelCard> find(TrainingInputs inputs, Path modelFile, BuildLog log) throws IOException {
        String fingerprint = inputs.fingerprint();
        if (retrain) {
            if (cache != null) {
                log.info("training (mnist.retrain=true), whatever model exists for fingerprint " + fingerprint);
            }
            return Optional.empty();
        }
        ModelCard existing = cardOf(modelFile);
        if (existing != null && fingerprint.equals(existing.fingerprint()) && restores(modelFile, log)) {
            log.info("model up to date: " + modelFile + " has fingerprint " + fingerprint
                    + " (every training input unchanged); not training (-Dmnist.retrain=true trains anyway)");
            if (cache != null && Files.notExists(cache.file(fingerprint))) {
                cache.store(fingerprint, modelFile);
            }
            return Optional.of(existing);
        }
        if (cache != null) {
            Optional<Path> cached = cache.copyTo(fingerprint, modelFile);
            if (cached.isPresent()) {
                ModelCard card = cardOf(modelFile);
                if (card != null && fingerprint.equals(card.fingerprint()) && restores(modelFile, log)) {
                    log.info("model up to date: fingerprint " + fingerprint + " found in the model cache ("
                            + cached.get() + "), copied to " + modelFile
                            + "; not training (-Dmnist.retrain=true trains anyway)");
                    return Optional.of(card);
                }
                log.warn("removing " + cached.get()
                        + " from the model cache: it is not a usable model with its fingerprint");
                Files.deleteIfExists(cached.get());
                Files.deleteIfExists(modelFile);
            }
        }
        if (existing != null) {
            List<String> changed = inputs.differencesFrom(existing.trainingInputs());
            log.info("training: " + String.join("; ", changed) + " changed" + " since " + modelFile.getFileName()
                    + " was trained");
        } else if (cache != null) {
            log.info("training: no model with fingerprint " + fingerprint + " in " + modelFile.getParent()
                    + " or the model cache " + cache.directory());
        }
        return Optional.empty();
    }

    /** Stores a freshly trained model in the cache. */
    void trained(TrainingInputs inputs, Path modelFile) throws IOException {
        if (cache != null) {
            cache.store(inputs.fingerprint(), modelFile);
        }
    }

    /** The card inside a model zip, or null when there is no zip or no readable card. */
    private static ModelCard cardOf(Path modelFile) {
        if (!Files.isRegularFile(modelFile)) {
            return null;
        }
        try {
            return ModelFiles.readCard(modelFile);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether the zip passes the checks every model the plugin loads goes through and DL4J restores it; only
     * asked of a model whose fingerprint matches, since restoring costs a second or so.
     */
    private static boolean restores(Path modelFile, BuildLog log) {
        try {
            ModelFiles.read(modelFile);
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("not reusing " + modelFile + ": " + e.getMessage());
            return false;
        }
    }
}
