package io.github.mnistgate.mnist.training;

import static io.github.mnistgate.mnist.util.SameBits.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.LayerSpec;
import io.github.mnistgate.mnist.model.LayerType;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.FolderLock;
import io.github.mnistgate.mnist.util.ListLog;
import io.github.mnistgate.mnist.util.NativeBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose training inputs are unchanged is taken, not trained again: from {@code target/}, or from the
 * model cache after a clean. Changing any one input trains again, and the log names what changed.
 */
class ModelReuseTest {

    private static final MnistData MNIST =
            new MnistData(Dataset.MNIST, IdxFiles.learnable(256, 1), IdxFiles.learnable(100, 2));
    /** The same images under the other dataset's name, and so its checksums. */
    private static final MnistData FASHION =
            new MnistData(Dataset.FASHION_MNIST, IdxFiles.learnable(256, 1), IdxFiles.learnable(100, 2));

    @TempDir
    Path dir;

    private int threadsBefore;

    @BeforeEach
    void oneThread() {
        threadsBefore = NativeBackend.threadsInUse();
        NativeBackend.threads(1);
    }

    @AfterEach
    void restoreThreads() {
        NativeBackend.restoreThreads(threadsBefore);
    }

    private static TrainingSettings settings(int epochs, long seed) {
        return new TrainingSettings(epochs, 32, 0, new HyperParameterValues(Optimizer.ADAM, 1e-3, seed));
    }

    private Path model() {
        return dir.resolve("target/app-model.zip");
    }

    private ModelCache cache() {
        return new ModelCache(dir.resolve("cache/models"), 10, Duration.ofSeconds(30), BuildLog.silent());
    }

    /** One build's mnist:train: returns the log. */
    private List<String> train(MnistData data, ModelSpec spec, TrainingSettings settings, boolean retrain)
            throws IOException {
        List<String> log = new ArrayList<>();
        BuildLog buildLog = ListLog.into(log);
        new TrainingJob(buildLog, Checkpoints.none(), ModelReuse.of(retrain, cache()))
                .run(data, spec, settings, "the POM", model(), dir.resolve("target/mnist/model-card.json"));
        return log;
    }

    private static boolean trained(List<String> log) {
        return log.stream().anyMatch(l -> l.contains(": loss ") && l.contains("epoch 1/"));
    }

    @Test
    void anUnchangedBuildTakesItsModelThenAfterACleanTheCachedOne() throws IOException {
        List<String> first = train(MNIST, ModelSpec.mlp(), settings(1, 7), false);
        assertTrue(trained(first), first.toString());
        ModelCard card = ModelFiles.readCard(model());
        assertEquals(64, card.fingerprint().length());
        assertTrue(
                Files.isRegularFile(dir.resolve("cache/models/" + card.fingerprint() + ".zip")), "stored in the cache");

        List<String> second = train(MNIST, ModelSpec.mlp(), settings(1, 7), false);
        assertFalse(trained(second), second.toString());
        assertTrue(
                second.stream()
                        .anyMatch(l -> l.startsWith(
                                "model up to date: " + model() + " has fingerprint " + card.fingerprint())),
                second.toString());

        byte[] before = Files.readAllBytes(model());
        Files.delete(model()); // mvn clean
        List<String> afterClean = train(MNIST, ModelSpec.mlp(), settings(1, 7), false);
        assertFalse(trained(afterClean), afterClean.toString());
        assertTrue(
                afterClean.stream()
                        .anyMatch(l -> l.contains(
                                "up to date: fingerprint " + card.fingerprint() + " found in the model cache")),
                afterClean.toString());
        assertSameBits(
                ModelFiles.read(model()).params(),
                NetworkFromBytes.restore(before, dir).params(),
                "the same model");
        assertTrue(Files.isRegularFile(dir.resolve("target/mnist/model-card.json")));
    }

    @Test
    void retrainTrainsEvenWhenTheModelIsUpToDate() throws IOException {
        train(MNIST, ModelSpec.mlp(), settings(1, 7), false);
        List<String> again = train(MNIST, ModelSpec.mlp(), settings(1, 7), true);
        assertTrue(trained(again), again.toString());
        assertTrue(again.stream().anyMatch(l -> l.startsWith("training (mnist.retrain=true)")), again.toString());
    }

    @Test
    void changingTheSeedTrainsAgainNamingIt() throws IOException {
        assertRetrainsNaming(MNIST, ModelSpec.mlp(), settings(1, 8), "the seed (7 then, 8 now)");
    }

    @Test
    void changingTheEpochsTrainsAgainNamingThem() throws IOException {
        assertRetrainsNaming(MNIST, ModelSpec.mlp(), settings(2, 7), "the epochs (1 then, 2 now)");
    }

    @Test
    void changingALayerTrainsAgainNamingIt() throws IOException {
        ModelSpec wider = ModelSpec.resolve("custom", List.of(LayerSpec.of(LayerType.DENSE, "units", "64")));
        ModelSpec narrower = ModelSpec.resolve("custom", List.of(LayerSpec.of(LayerType.DENSE, "units", "32")));
        train(MNIST, wider, settings(1, 7), false);
        List<String> log = train(MNIST, narrower, settings(1, 7), false);
        assertTrue(trained(log), log.toString());
        assertTrue(
                log.stream()
                        .anyMatch(l -> l.startsWith("training: the layers (")
                                && l.contains("then, ")
                                && l.endsWith("changed since app-model.zip was trained")),
                log.toString());
    }

    @Test
    void changingTheDatasetTrainsAgainNamingIt() throws IOException {
        assertRetrainsNaming(FASHION, ModelSpec.mlp(), settings(1, 7), "the dataset (mnist then, fashion-mnist now)");
    }

    @Test
    void changingTheThreadsTrainsAgainNamingThem() throws IOException {
        train(MNIST, ModelSpec.mlp(), settings(1, 7), false);
        NativeBackend.threads(2);
        List<String> log = train(MNIST, ModelSpec.mlp(), settings(1, 7), false);
        assertTrue(trained(log), log.toString());
        assertTrue(
                log.stream().anyMatch(l -> l.startsWith("training: the threads (mnist.threads) (1 then, 2 now)")),
                log.toString());
    }

    @Test
    void changingTheLearningRateTrainsAgainNamingTheHyperparameter() throws IOException {
        TrainingSettings otherLr = new TrainingSettings(1, 32, 0, new HyperParameterValues(Optimizer.ADAM, 1e-2, 7));
        assertRetrainsNaming(
                MNIST, ModelSpec.mlp(), otherLr, "the hyperparameter learning_rate (0.001 then, 0.01 now)");
    }

    private void assertRetrainsNaming(MnistData data, ModelSpec spec, TrainingSettings changed, String what)
            throws IOException {
        train(MNIST, ModelSpec.mlp(), settings(1, 7), false);
        String before = ModelFiles.readCard(model()).fingerprint();
        List<String> log = train(data, spec, changed, false);
        assertTrue(trained(log), log.toString());
        assertTrue(
                log.stream().anyMatch(l -> l.equals("training: " + what + " changed since app-model.zip was trained")),
                log.toString());
        assertNotEquals(before, ModelFiles.readCard(model()).fingerprint());
    }

    @Test
    void aCachedModelThatIsNotUsableIsRemovedAndTrainedAgain() throws IOException {
        train(MNIST, ModelSpec.mlp(), settings(1, 7), false);
        String fingerprint = ModelFiles.readCard(model()).fingerprint();
        Files.delete(model());
        Path cached = dir.resolve("cache/models/" + fingerprint + ".zip");
        Files.writeString(cached, "not a zip");
        List<String> log = train(MNIST, ModelSpec.mlp(), settings(1, 7), false);
        assertTrue(trained(log), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("removing " + cached)), log.toString());
        assertTrue(Files.size(cached) > 1000, "replaced by the newly trained model");
    }

    @Test
    void theCacheKeepsTheMostRecentlyUsedModelsOnly() throws Exception {
        ModelCache cache = new ModelCache(dir.resolve("models"), 2, Duration.ofSeconds(30), BuildLog.silent());
        Path zip = Files.writeString(dir.resolve("m.zip"), "model");
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        String c = "c".repeat(64);
        cache.store(a, zip);
        Thread.sleep(20);
        cache.store(b, zip);
        Thread.sleep(20);
        assertTrue(cache.copyTo(a, dir.resolve("out.zip")).isPresent(), "a is used again: now the most recent");
        Thread.sleep(20);
        cache.store(c, zip);
        assertEquals(List.of(cache.file(c), cache.file(a)), cache.models(), "b, the least recently used, went");
    }

    @Test
    void buildsSharingTheCacheStoreAtTheSameTimeAndLeaveOnlyWholeModels() throws Exception {
        ModelCache cache = new ModelCache(dir.resolve("models"), 3, Duration.ofSeconds(30), BuildLog.silent());
        byte[] content = new byte[1 << 20];
        Path zip = Files.write(dir.resolve("m.zip"), content);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String fingerprint = String.valueOf(i).repeat(64);
                done.add(pool.submit(() -> {
                    cache.store(fingerprint, zip);
                    cache.copyTo(fingerprint, dir.resolve("out-" + fingerprint.charAt(0) + ".zip"));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(3, cache.models().size());
        try (var files = Files.list(cache.directory())) {
            List<String> names = files.map(p -> p.getFileName().toString()).toList();
            assertTrue(
                    names.stream().allMatch(n -> n.matches("[0-9]{64}\\.zip") || n.equals(FolderLock.FILE_NAME)),
                    names.toString());
        }
        for (Path p : cache.models()) {
            assertEquals(content.length, Files.size(p));
        }
    }

    /** Restores a model from bytes kept before it was deleted. */
    private static final class NetworkFromBytes {
        static org.deeplearning4j.nn.multilayer.MultiLayerNetwork restore(byte[] zip, Path dir) throws IOException {
            Path p = Files.write(dir.resolve("kept-model.zip"), zip);
            return ModelFiles.read(p);
        }
    }

    @Test
    void theFingerprintIsStableAndSeesTheCpuAndPluginBuild() {
        var net = io.github.mnistgate.mnist.model.NetworkFactory.build(
                ModelSpec.mlp(), settings(1, 7).hyperParameters());
        TrainingInputs a = TrainingInputs.of(net, ModelSpec.mlp(), settings(1, 7), MNIST);
        TrainingInputs b = TrainingInputs.of(net, ModelSpec.mlp(), settings(1, 7), MNIST);
        assertEquals(a.fingerprint(), b.fingerprint());
        assertFalse(a.cpuInstructionSet().isBlank());
        assertTrue(a.pluginBuild().matches(".+ [0-9a-f]{16}"), a.pluginBuild());
        TrainingInputs otherCpu = new TrainingInputs(
                a.networkConfigurationSha256(),
                a.model(),
                a.layers(),
                a.hyperParameters(),
                a.dataset(),
                a.datasetSha256(),
                a.trainExamples(),
                a.epochs(),
                a.batchSize(),
                a.seed(),
                a.threads(),
                a.shards(),
                a.step(),
                a.nativeBuild(),
                "sse41",
                a.dl4jVersion(),
                a.pluginBuild());
        assertEquals(
                List.of("the CPU instruction set (sse41 then, " + a.cpuInstructionSet() + " now)"),
                a.differencesFrom(otherCpu));
        assertNotEquals(a.fingerprint(), otherCpu.fingerprint());
    }
}
