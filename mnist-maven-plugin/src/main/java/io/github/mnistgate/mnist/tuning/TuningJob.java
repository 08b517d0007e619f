package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.data.ValidationSplit;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code mnist:tune} goal's work: splits the training images into a training and a validation part,
 * and runs (or resumes) the search in {@code target/mnist/tuning/}. It is given the training images only,
 * so the test set cannot be seen while tuning.
 */
public final class TuningJob {

    private final BuildLog log;
    private final SearchCache cache;

    /** A job that keeps no search beyond the tuning folder. */
    public TuningJob(BuildLog log) {
        this(log, null);
    }

    /** @param cache where finished searches are kept by fingerprint, to survive {@code mvn clean}; null for nowhere */
    public TuningJob(BuildLog log, SearchCache cache) {
        this.log = log;
        this.cache = cache;
    }

    /**
     * @param trainImages the dataset's training split
     * @param dataset     the dataset's id, for the log and to tell searches apart
     * @param base        the POM's training settings: batch size, optimizer, learning rate, seed and train
     *                    limit, each replaced by the search space's value of the same well-known name
     */
    public TuningResult run(
            LabelledImages trainImages,
            String dataset,
            ModelSpec spec,
            SearchSpace space,
            TrainingSettings base,
            TuningSettings settings,
            OutputFiles out)
            throws IOException, TuningException {
        return run(trainImages, dataset, spec, space, base, settings, out, null);
    }

    /** Trials that run outside the build: where, and the executor that sends them there. */
    public interface RemoteTrials {
        /** What the log calls the place, e.g. the Spark master. */
        String where();

        /**
         * @param template every trial's task but the trial itself
         * @param store    the search's store, from which continued models are read and into which they are saved
         */
        TrialExecutor.Factory executors(TrialTask template, TrialStore store);
    }

    /**
     * As {@link #run(LabelledImages, String, ModelSpec, SearchSpace, TrainingSettings, TuningSettings, OutputFiles)},
     * with the trials run by {@code remote} (null: in the build).
     */
    public TuningResult run(
            LabelledImages trainImages,
            String dataset,
            ModelSpec architecture,
            SearchSpace space,
            TrainingSettings base,
            TuningSettings settings,
            OutputFiles out,
            RemoteTrials remote)
            throws IOException, TuningException {
        ModelSpec spec = architecture.forData(trainImages.images().shape(), trainImages.classes());
        space.checkReferences(spec);
        for (String unused : space.unused(spec, base.augmentationSetting().references())) {
            log.warn("hyperparameter '" + unused + "' is not referenced by any layer or the augmentation (hp:" + unused
                    + ") and is not one of learning_rate, optimizer, batch_size: searching it changes nothing");
        }
        long seed = base.hyperParameters().seed();
        int examples = base.examplesOf(trainImages.size());
        ValidationSplit split = ValidationSplit.stratified(trainImages, examples, settings.validationSplit(), seed);
        log.info(String.format(
                Locale.ROOT,
                "tuning the %s model on %s: %,d training and %,d validation images (%.0f%% of the first %,d training images, stratified, seed %d); the test set is not used",
                spec.name(),
                dataset,
                split.train().length,
                split.validation().length,
                settings.validationSplit() * 100,
                examples,
                seed));
        Oracle oracle = settings.oracle(space, seed);
        TrialStore store = new TrialStore(out.tuning());
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("dataset", dataset);
        context.put("trainExamples", examples);
        context.put("validationSplit", settings.validationSplit());
        Map<String, Object> training = new LinkedHashMap<>();
        if (space.get(SearchSpace.OPTIMIZER).isEmpty()) {
            training.put("optimizer", base.hyperParameters().optimizer().id());
        }
        if (space.get(SearchSpace.LEARNING_RATE).isEmpty()) {
            training.put("learningRate", base.hyperParameters().learningRate());
        }
        if (space.get(SearchSpace.BATCH_SIZE).isEmpty()) {
            training.put("batchSize", base.batchSize());
        }
        context.put("training", training);
        Tuner.TrialRunner runner = remote != null
                ? (trial, listener) -> {
                    throw new IllegalStateException(trial.id() + " runs on " + remote.where() + ", not here");
                }
                : new NetworkTrialRunner(
                        spec,
                        base,
                        trainImages.examples(split.train()),
                        trainImages.examples(split.validation()),
                        store,
                        oracle.continuesTrials(),
                        log);
        Tuner tuner = new Tuner(oracle, space, settings.budget(), seed, spec, context, store, runner, log);
        if (remote == null) {
            // Trials side by side share the threads ND4J may use (all cores when mnist.threads is unset).
            int threads = NativeBackend.threadsInUse() > 0
                    ? NativeBackend.threadsInUse()
                    : Runtime.getRuntime().availableProcessors();
            int threadsEach = Math.max(1, threads / settings.parallelTrials());
            tuner.parallel(
                    settings.parallelTrials(),
                    LocalTrialExecutor.factory(() -> NativeBackend.pinThreadsHere(threadsEach)),
                    LocalTrialExecutor.SIDE_BY_SIDE);
        } else {
            long deadline = settings.timeoutSeconds() > 0
                    ? System.currentTimeMillis() + (long) (settings.timeoutSeconds() * 1000)
                    : 0;
            TrialTask template = new TrialTask(
                    null,
                    spec,
                    base,
                    settings.objective(),
                    settings.patience(),
                    deadline,
                    oracle.continuesTrials(),
                    examples,
                    settings.validationSplit(),
                    seed,
                    null);
            tuner.parallel(
                    settings.parallelTrials(), remote.executors(template, store), "as tasks of " + remote.where());
        }
        String fingerprint = cache == null
                ? null
                : SearchCache.fingerprint(
                        tuner.search(),
                        settings.budget(),
                        settings.parallelTrials(),
                        remote == null ? "build" : remote.where(),
                        trainImages.sha256(examples));
        boolean restored = fingerprint != null && !settings.overwrite() && cache.restore(fingerprint, store, log);
        TuningResult result = tuner.run(settings.overwrite());
        if (fingerprint != null && (result.trialsRun() > 0 || !restored)) {
            cache.store(fingerprint, store);
        }
        return result;
    }
}
