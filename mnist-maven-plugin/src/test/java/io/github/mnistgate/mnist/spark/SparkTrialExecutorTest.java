package io.github.mnistgate.mnist.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.tuning.SearchSpace;
import io.github.mnistgate.mnist.tuning.TrainingFiles;
import io.github.mnistgate.mnist.tuning.Trial;
import io.github.mnistgate.mnist.tuning.TrialStatus;
import io.github.mnistgate.mnist.tuning.TuningJob;
import io.github.mnistgate.mnist.tuning.TuningResult;
import io.github.mnistgate.mnist.tuning.TuningSettings;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.OutputFiles;
import io.github.mnistgate.mnist.util.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trials as tasks of a real Spark {@code local[2]} context in this JVM (the module options are surefire's). */
class SparkTrialExecutorTest {

    private static final int IMAGES = 400;
    private static final byte[] IMAGE_BYTES = IdxFiles.images(IMAGES, 3);
    private static final byte[] LABEL_BYTES = IdxFiles.labels(IMAGES);
    private static JavaSparkContext spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        // Two task attempts, so the checksum test sees Spark retry before the trial is recorded as failed.
        spark = new JavaSparkContext(new SparkConf()
                .setMaster("local[2,2]")
                .setAppName("SparkTrialExecutorTest")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        spark.close();
    }

    private TuningResult search(TrainingFiles files, int parallel, BuildLog log) throws Exception {
        return search(
                files,
                TuningSettings.builder()
                        .tuner("grid")
                        .epochs(2)
                        .maxTrials(3)
                        .maxConsecutiveFailures(5)
                        .parallelTrials(parallel)
                        .build(),
                log);
    }

    private TuningResult search(TrainingFiles files, TuningSettings settings, BuildLog log) throws Exception {
        // The driver's own copy, as it read the verified files; the executors get theirs from `files`.
        LabelledImages images = LabelledImages.read(
                IdxFiles.write(dir.resolve("data"), "images", IMAGE_BYTES),
                IdxFiles.write(dir.resolve("data"), "labels", LABEL_BYTES));
        ModelSpec spec = ModelSpec.mlp();
        SearchSpace space = SearchSpace.forModel(
                spec,
                List.of(
                        settings.tuner().equals("hyperband")
                                ? Map.of("name", "units", "type", "int", "min", "16", "max", "160", "step", "16")
                                : Map.of("name", "units", "type", "choice", "values", "16,32,48"),
                        Map.of("name", "learning_rate", "type", "fixed", "value", "0.003")));
        TrainingSettings pom = new TrainingSettings(1, 32, IMAGES, new HyperParameterValues(Optimizer.ADAM, 1e-3, 7));
        return new TuningJob(log)
                .run(
                        images,
                        "mnist",
                        spec,
                        space,
                        pom,
                        settings,
                        new OutputFiles(dir),
                        SparkTrialExecutor.on(spark, files, log));
    }

    private static TrainingFiles files(byte[] images) {
        io.github.mnistgate.mnist.data.DatasetInfo mnist = new io.github.mnistgate.mnist.data.DatasetInfo(
                "mnist",
                io.github.mnistgate.mnist.data.Dataset.MNIST.classNames(),
                io.github.mnistgate.runtime.ImageShape.MNIST,
                Map.of(
                        io.github.mnistgate.mnist.data.DatasetFile.TRAIN_IMAGES,
                        Sha256.of(IMAGE_BYTES),
                        io.github.mnistgate.mnist.data.DatasetFile.TRAIN_LABELS,
                        Sha256.of(LABEL_BYTES)),
                null,
                true);
        return new TrainingFiles(mnist, images, LABEL_BYTES);
    }

    @Test
    void trialsRunAsSparkTasksTwoAtATimeAndAreStoredAsALocalSearchStoresThem() throws Exception {
        StringBuilder text = new StringBuilder();
        TuningResult result = search(files(IMAGE_BYTES), 2, recording(text));

        assertEquals(3, result.trials().size());
        for (Trial t : result.trials()) {
            assertEquals(TrialStatus.COMPLETED, t.status(), t.toString());
            assertEquals(2, t.metrics().size());
            assertEquals(
                    "driver", t.ranOn().get("executor"), t.ranOn().toString()); // local mode: the driver's executor
            assertEquals(1, t.ranOn().get("threads"));
            assertNotNull(t.ranOn().get("nativeBuild"));
            Map<?, ?> stored = Json.read(dir.resolve("tuning").resolve(t.id()).resolve("trial.json"), Map.class);
            assertEquals("COMPLETED", stored.get("status"));
            assertEquals(t.ranOn().get("nativeBuild"), ((Map<?, ?>) stored.get("ranOn")).get("nativeBuild"));
        }
        assertTrue(Files.isRegularFile(dir.resolve("tuning/oracle.json")));
        assertTrue(Files.isRegularFile(dir.resolve("tuning/best-hyperparameters.json")));
        assertTrue(text.toString().contains("2 trials at a time, as tasks of Spark (local[2,2])"), text.toString());
    }

    @Test
    void bytesThatDoNotMatchTheirChecksumAreNeverTrainedOnAndTheTrialFailsAfterSparksRetries() throws Exception {
        byte[] corrupted = IMAGE_BYTES.clone();
        corrupted[500] ^= 1;
        StringBuilder text = new StringBuilder();
        TuningResult result = search(files(corrupted), 1, recording(text));

        Trial first = result.trials().get(0);
        assertEquals(TrialStatus.FAILED, first.status());
        assertTrue(
                first.failure().startsWith("its Spark task failed: Job aborted due to stage failure: Task 0 in stage"),
                first.failure());
        assertTrue(first.failure().contains("failed 2 times"), first.failure());
        assertTrue(first.failure().contains("arrived with SHA-256"), first.failure());
        assertTrue(first.metrics().isEmpty());
    }

    @Test
    void hyperbandContinuesOnAnExecutorTheModelThatAnEarlierRoundSentBack() throws Exception {
        TuningSettings settings = TuningSettings.builder()
                .tuner("hyperband")
                .epochs(4)
                .maxTrials(0)
                .hyperband(2, 1)
                .build();
        TuningResult result = search(files(IMAGE_BYTES), settings, recording(new StringBuilder()));

        List<Trial> continued =
                result.trials().stream().filter(t -> t.continuesFrom() != null).toList();
        assertTrue(!continued.isEmpty(), result.trials().toString());
        for (Trial t : continued) {
            assertEquals(TrialStatus.COMPLETED, t.status(), t.toString());
            assertTrue(t.initialEpoch() > 0 && t.metrics().get(0).epoch() == t.initialEpoch() + 1, t.toString());
            // The round it continues ran on an executor, which sent its model back to the driver's store.
            assertTrue(
                    Files.isRegularFile(
                            dir.resolve("tuning").resolve(t.continuesFrom()).resolve("checkpoint.zip")),
                    t.continuesFrom());
        }
    }

    private static BuildLog recording(StringBuilder text) {
        return new BuildLog() {
            @Override
            public void info(String message) {
                text.append(message).append('\n');
            }

            @Override
            public void warn(String message) {
                text.append(message).append('\n');
            }

            @Override
            public void debug(String message) {}
        };
    }
}
