package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.model.LayerSpec;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code best-hyperparameters.json}: the values of the best trial, with what they were tuned for, so that
 * {@code mnist:train} uses them only for the model they belong to.
 */
public record BestHyperParameters(
        String tuner,
        String objective,
        String direction,
        double score,
        String trial,
        String model,
        List<String> layers,
        Map<String, Object> values,
        String createdAt) {

    /** The training settings and where they came from ("the POM", or this file's path). */
    public record HandOff(TrainingSettings settings, String source) {}

    static List<String> layersOf(ModelSpec spec) {
        return spec.layers().stream().map(LayerSpec::toString).toList();
    }

    public static BestHyperParameters read(Path file) throws IOException {
        try {
            return Json.read(file, BestHyperParameters.class);
        } catch (IOException e) {
            throw new IOException(
                    "cannot read " + file + " (" + e.getMessage() + "); delete it or run mnist:tune again", e);
        }
    }

    /** Why these values do not fit {@code spec}, if they do not. */
    public Optional<String> mismatch(ModelSpec spec) {
        if (!spec.name().equals(model)) {
            return Optional.of("they were tuned for the " + model + " model, but the model is " + spec.name());
        }
        if (!layersOf(spec).equals(layers)) {
            return Optional.of("the model's layers changed since tuning");
        }
        return Optional.empty();
    }

    public TrainingSettings applyTo(TrainingSettings pom) {
        return TrainingOverrides.apply(pom, values);
    }

    public String describe() {
        return Values.display(values);
    }

    /**
     * The settings {@code mnist:train} trains with: the tuned values when {@code bestFile} exists and fits the
     * model, else the POM's; either way the log says which.
     */
    public static HandOff forTraining(Path bestFile, ModelSpec spec, TrainingSettings pom, BuildLog log)
            throws IOException {
        if (!Files.isRegularFile(bestFile)) {
            return new HandOff(pom, "the POM");
        }
        BestHyperParameters best = read(bestFile);
        Optional<String> mismatch = best.mismatch(spec);
        if (mismatch.isPresent()) {
            log.warn("not using the tuned hyperparameters in " + bestFile + ": " + mismatch.get()
                    + "; training with the POM's values (run mnist:tune again to tune this model)");
            return new HandOff(pom, "the POM");
        }
        log.info(String.format(
                Locale.ROOT,
                "using tuned hyperparameters from %s (%s, %s %.4f): %s",
                bestFile,
                best.trial(),
                best.objective(),
                best.score(),
                best.describe()));
        return new HandOff(best.applyTo(pom), bestFile.toString());
    }
}
