package io.github.mnistgate.mnist.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.LayerSpec;
import io.github.mnistgate.mnist.model.LayerType;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.training.ModelCard;
import io.github.mnistgate.mnist.training.TrainingJob;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One small real search with DL4J on a learnable toy dataset, and its hand-off to training. */
class TuningJobTest {

    private static final LabelledImages TRAIN = IdxFiles.learnable(700, 1);

    @TempDir
    Path dir;

    @Test
    void aTinySearchLearnsRecordsAFailedShapeAndHandsItsBestToTraining() throws Exception {
        ModelSpec spec = new ModelSpec(
                ModelSpec.CUSTOM,
                List.of(
                        LayerSpec.of(LayerType.CONV2D, "filters", "4", "kernel", "hp:kernel"),
                        LayerSpec.of(LayerType.MAXPOOL, "size", "2"),
                        LayerSpec.of(LayerType.DENSE, "units", "hp:units"),
                        LayerSpec.of(LayerType.OUTPUT)),
                Map.of());
        SearchSpace space = SearchSpace.forModel(
                spec,
                List.of(
                        Map.of("name", "kernel", "type", "choice", "values", "3,40"),
                        Map.of("name", "units", "type", "choice", "values", "16,32"),
                        Map.of("name", "learning_rate", "type", "fixed", "value", "0.003")));
        TrainingSettings pom = new TrainingSettings(1, 32, 600, new HyperParameterValues(Optimizer.ADAM, 1e-3, 7));
        TuningSettings settings =
                TuningSettings.builder().tuner("grid").epochs(2).maxTrials(3).build();
        OutputFiles out = new OutputFiles(dir);
        Synthetic.Log log = new Synthetic.Log();

        TuningResult result = new TuningJob(log).run(TRAIN, "mnist", spec, space, pom, settings, out);

        assertEquals(3, result.trials().size());
        assertEquals(
                List.of(3, 3, 40),
                result.trials().stream()
                        .map(t -> t.hyperParameters().get("kernel"))
                        .toList());
        Trial bad = result.trials().get(2);
        assertEquals(TrialStatus.FAILED, bad.status());
        assertTrue(bad.failure().contains("kernel"), bad.failure());
        Trial best = result.best();
        assertTrue(best.score() > 0.6, "learns the toy task: " + best);
        assertEquals(2, best.metrics().size());
        assertTrue(
                log.text()
                        .contains(
                                "481 training and 119 validation images (20% of the first 600 training images, stratified, seed 7); the test set is not used"),
                log.text()); // 20% of each class, rounded per class
        assertTrue(Files.exists(out.tuning().resolve("trial_000/trial.json")));

        // mnist:train's hand-off: the tuned values (and the learning rate) replace the POM's.
        BestHyperParameters.HandOff handOff =
                BestHyperParameters.forTraining(out.bestHyperParameters(), spec, pom, log);
        assertEquals(out.bestHyperParameters().toString(), handOff.source());
        assertEquals(0.003, handOff.settings().hyperParameters().learningRate());
        assertEquals(
                best.hyperParameters().get("units"),
                handOff.settings().hyperParameters().get("units"));
        assertTrue(log.text().contains("using tuned hyperparameters from " + out.bestHyperParameters()), log.text());
        ModelCard card = new TrainingJob(log)
                .run(
                        new MnistData(Dataset.MNIST, TRAIN, IdxFiles.learnable(100, 2)),
                        spec,
                        handOff.settings(),
                        handOff.source(),
                        dir.resolve("m.zip"),
                        dir.resolve("card.json"));
        assertEquals(out.bestHyperParameters().toString(), card.hyperParameterSource());
        assertEquals(0.003, card.hyperParameters().get("learning_rate"));

        // Tuned for another model: the POM's values, with a warning.
        BestHyperParameters.HandOff other =
                BestHyperParameters.forTraining(out.bestHyperParameters(), ModelSpec.mlp(), pom, log);
        assertEquals("the POM", other.source());
        assertTrue(log.text().contains("they were tuned for the custom model, but the model is mlp"), log.text());
        assertEquals(
                "the POM",
                BestHyperParameters.forTraining(dir.resolve("none.json"), spec, pom, log)
                        .source());
    }

    /**
     * An augmentation value named as a hyperparameter is searched like a layer's: each trial trains with its own value,
     * and the name is not reported as unused.
     */
    @Test
    void anAugmentationValueIsSearched() throws Exception {
        SearchSpace space = SearchSpace.forModel(
                ModelSpec.mlp(),
                List.of(
                        Map.of("name", "turn", "type", "choice", "values", "0,0.1"),
                        Map.of("name", "units", "type", "fixed", "value", "16")));
        TrainingSettings pom = new TrainingSettings(1, 32, 300, new HyperParameterValues(Optimizer.ADAM, 1e-3, 7))
                .withAugmentation(new io.github.mnistgate.mnist.training.AugmentationSetting("randomRotation=hp:turn"));
        Synthetic.Log log = new Synthetic.Log();
        TuningResult result = new TuningJob(log)
                .run(
                        TRAIN,
                        "mnist",
                        ModelSpec.mlp(),
                        space,
                        pom,
                        TuningSettings.builder()
                                .tuner("grid")
                                .epochs(1)
                                .maxTrials(2)
                                .build(),
                        new OutputFiles(dir));

        assertEquals(
                List.of(0.0, 0.1),
                result.trials().stream()
                        .map(t -> ((Number) t.hyperParameters().get("turn")).doubleValue())
                        .toList());
        assertTrue(
                result.trials().stream().allMatch(t -> t.status() == TrialStatus.COMPLETED),
                result.trials().toString());
        assertTrue(log.lines.stream().noneMatch(l -> l.contains("'turn' is not referenced")), log.lines.toString());
    }

    @Test
    void wellKnownNamesReplaceTheTrainingSettings() {
        TrainingSettings pom = new TrainingSettings(3, 64, 0, new HyperParameterValues(Optimizer.ADAM, 1e-3, 1));
        TrainingSettings tuned = TrainingOverrides.apply(
                pom, Map.of("optimizer", "sgd", "learning_rate", 0.05, "batch_size", 128, "units", 96));
        assertEquals(Optimizer.SGD, tuned.hyperParameters().optimizer());
        assertEquals(0.05, tuned.hyperParameters().learningRate());
        assertEquals(128, tuned.batchSize());
        assertEquals(96, tuned.hyperParameters().get("units"));
        assertEquals(3, tuned.epochs());
        assertEquals(1, tuned.hyperParameters().seed());
    }

    /**
     * Real networks trained side by side in one JVM: every trial completes and learns, and the search gives the same
     * files as one of one trial at a time; a trial beside others trains in one shard on its share of the threads.
     */
    @Test
    void realTrialsTrainSideBySide() throws Exception {
        ModelSpec spec = new ModelSpec(
                ModelSpec.CUSTOM,
                List.of(LayerSpec.of(LayerType.DENSE, "units", "hp:units"), LayerSpec.of(LayerType.OUTPUT)),
                Map.of());
        SearchSpace space =
                SearchSpace.forModel(spec, List.of(Map.of("name", "units", "type", "choice", "values", "16,32,48,64")));
        TrainingSettings pom = new TrainingSettings(1, 32, 600, new HyperParameterValues(Optimizer.ADAM, 3e-3, 7));
        OutputFiles out = new OutputFiles(dir);
        Synthetic.Log log = new Synthetic.Log();

        TuningResult result = new TuningJob(log)
                .run(
                        TRAIN,
                        "mnist",
                        spec,
                        space,
                        pom,
                        TuningSettings.builder()
                                .tuner("grid")
                                .epochs(2)
                                .parallelTrials(2)
                                .build(),
                        out);

        assertEquals(4, result.trials().size());
        for (Trial t : result.trials()) {
            assertEquals(TrialStatus.COMPLETED, t.status(), t.id() + ": " + t.failure());
            assertTrue(t.score() > 0.5, "learns the toy task side by side: " + t);
        }
        assertTrue(log.text().contains("2 trials at a time"), log.text());
        assertTrue(java.nio.file.Files.isRegularFile(out.bestHyperParameters()));
        assertTrue(java.nio.file.Files.isRegularFile(out.tuning().resolve("oracle.json")));
    }

    @Test
    void aFinishedSearchSurvivesACleanInTheModelCacheAndRunsNoTrialAgain() throws Exception {
        ModelSpec spec = ModelSpec.mlp();
        SearchSpace space = SearchSpace.forModel(
                spec,
                List.of(
                        Map.of("name", "units", "type", "choice", "values", "16,32"),
                        Map.of("name", "learning_rate", "type", "fixed", "value", "0.003")));
        TrainingSettings pom = new TrainingSettings(1, 32, 400, new HyperParameterValues(Optimizer.ADAM, 1e-3, 7));
        TuningSettings settings =
                TuningSettings.builder().tuner("grid").epochs(1).maxTrials(2).build();
        SearchCache cache = new SearchCache(new io.github.mnistgate.mnist.training.ModelCache(
                dir.resolve("models"),
                10,
                java.time.Duration.ofSeconds(10),
                io.github.mnistgate.mnist.util.BuildLog.silent()));
        OutputFiles out = new OutputFiles(dir.resolve("target/mnist"));

        TuningResult first =
                new TuningJob(new Synthetic.Log(), cache).run(TRAIN, "mnist", spec, space, pom, settings, out);
        assertEquals(2, first.trialsRun());
        io.github.mnistgate.mnist.util.Folders.deleteTree(dir.resolve("target")); // mvn clean

        Synthetic.Log log = new Synthetic.Log();
        TuningResult again = new TuningJob(log, cache).run(TRAIN, "mnist", spec, space, pom, settings, out);
        assertEquals(0, again.trialsRun(), log.text());
        assertTrue(log.text().contains("tuning up to date: search "), log.text());
        assertTrue(
                log.text().contains("its 2 trial(s) copied to " + out.tuning().toAbsolutePath()), log.text());
        assertEquals(first.best().id(), again.best().id());
        assertEquals(first.best().score(), again.best().score());
        assertTrue(Files.isRegularFile(out.bestHyperParameters()));

        // Another tuner is another search: not taken from the cache, and kept beside the first.
        io.github.mnistgate.mnist.util.Folders.deleteTree(dir.resolve("target"));
        TuningSettings three =
                TuningSettings.builder().tuner("random").epochs(1).maxTrials(3).build();
        TuningResult other =
                new TuningJob(new Synthetic.Log(), cache).run(TRAIN, "mnist", spec, space, pom, three, out);
        assertTrue(other.trialsRun() > 0, "a search with other settings is not taken from the cache");
        try (var files = Files.list(dir.resolve("models"))) {
            assertEquals(
                    2,
                    files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}\\.zip"))
                            .count());
        }
        try (var files = Files.list(dir.resolve("target/mnist"))) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".search-")), "no temporary files");
        }
    }
}
