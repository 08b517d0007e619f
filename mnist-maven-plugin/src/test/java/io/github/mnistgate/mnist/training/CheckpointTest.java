package io.github.mnistgate.mnist.training;

import static io.github.mnistgate.mnist.util.SameBits.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.NetworkFactory;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.ListLog;
import io.github.mnistgate.mnist.util.NativeBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checkpoints let an interrupted run continue to exactly the model an uninterrupted run trains. */
class CheckpointTest {

    static final MnistData DATA = new MnistData(Dataset.MNIST, IdxFiles.learnable(1200, 1), IdxFiles.learnable(200, 2));

    @TempDir
    Path dir;

    static TrainingSettings settings(int epochs) {
        return new TrainingSettings(epochs, 32, 0, new HyperParameterValues(Optimizer.ADAM, 1e-3, 7));
    }

    static Path model(Path dir) {
        return dir.resolve("app-model.zip");
    }

    static Path card(Path dir) {
        return dir.resolve("mnist/model-card.json");
    }

    static Checkpoints checkpoints(Path dir, BuildLog log) {
        return new Checkpoints(dir.resolve("mnist/checkpoints"), 1, log);
    }

    static TrainingJob job(Path dir, BuildLog log) {
        return new TrainingJob(log, checkpoints(dir, log), ModelReuse.never());
    }

    static TrainingInputs inputs(MultiLayerNetwork network) {
        return TrainingInputs.of(
                NetworkFactory.build(ModelSpec.mlp(), settings(1).hyperParameters()),
                ModelSpec.mlp(),
                settings(1),
                DATA);
    }

    /** The same run as {@link #job}'s, uninterrupted and without checkpoints. */
    static TrainingResult trainInProcess(int epochs) {
        MultiLayerNetwork network =
                NetworkFactory.build(ModelSpec.mlp(), settings(epochs).hyperParameters());
        return new Trainer(BuildLog.silent(), "t").train(network, DATA.train().toDataSet(1200), settings(epochs));
    }

    /** Makes writing the model fail after training, as a kill during model writing would end the build. */
    private void blockModelFile() throws IOException {
        Files.createDirectories(model(dir));
        Files.writeString(model(dir).resolve("occupied"), "x");
    }

    private void unblockModelFile() throws IOException {
        Files.delete(model(dir).resolve("occupied"));
        Files.delete(model(dir));
    }

    /** With 2 threads each minibatch is split across them; a resumed run must still end where an uninterrupted one does. */
    @ParameterizedTest(name = "{0} thread(s)")
    @ValueSource(ints = {1, 2})
    void aRunThatDidNotFinishResumesFromItsLastCheckpointToTheSameModel(int threads) throws IOException {
        int before = NativeBackend.threadsInUse();
        NativeBackend.threads(threads);
        try {
            resumesToTheSameModel();
        } finally {
            NativeBackend.restoreThreads(before);
        }
    }

    private void resumesToTheSameModel() throws IOException {
        TrainingResult uninterrupted = trainInProcess(3);

        blockModelFile();
        assertThrows(
                IOException.class,
                () -> job(dir, BuildLog.silent())
                        .run(DATA, ModelSpec.mlp(), settings(2), "the POM", model(dir), card(dir)));
        Path checkpoint = dir.resolve("mnist/checkpoints/" + Checkpoints.FILE);
        assertTrue(Files.isRegularFile(checkpoint), "the checkpoint outlives a build that failed to write its model");
        assertEquals(2, Checkpoints.readState(checkpoint).epochsDone());
        unblockModelFile();

        List<String> log = new ArrayList<>();
        ModelCard card =
                job(dir, ListLog.into(log)).run(DATA, ModelSpec.mlp(), settings(3), "the POM", model(dir), card(dir));

        assertTrue(
                log.stream()
                        .anyMatch(l -> l.contains("resuming from checkpoint")
                                && l.contains("after epoch 2 of 3")
                                && l.contains("inputs unchanged")),
                log.toString());
        assertEquals(
                1, log.stream().filter(l -> l.contains("epoch 3/3: loss")).count(), "only epoch 3 is trained: " + log);
        assertFalse(
                log.stream().anyMatch(l -> l.contains("epoch 1/3: loss") || l.contains("epoch 2/3: loss")),
                log.toString());
        assertEquals(3, card.history().size(), "the card tells the whole history");
        assertSameBits(
                uninterrupted.network().params(),
                ModelFiles.read(model(dir)).params(),
                "resumed training ends exactly where uninterrupted training does");
        assertFalse(Files.exists(checkpoint.getParent()), "the checkpoint is removed once the model is written");
    }

    @Test
    void aCheckpointOfOtherInputsIsNotUsedAndTheLogSaysWhichInputChanged() throws IOException {
        blockModelFile();
        assertThrows(
                IOException.class,
                () -> job(dir, BuildLog.silent())
                        .run(DATA, ModelSpec.mlp(), settings(1), "the POM", model(dir), card(dir)));
        unblockModelFile();

        List<String> log = new ArrayList<>();
        TrainingSettings otherBatch = new TrainingSettings(1, 64, 0, settings(1).hyperParameters());
        job(dir, ListLog.into(log)).run(DATA, ModelSpec.mlp(), otherBatch, "the POM", model(dir), card(dir));

        assertTrue(
                log.stream()
                        .anyMatch(l -> l.contains("not resuming from checkpoint")
                                && l.contains("the batch size (32 then, 64 now) changed")),
                log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("epoch 1/1: loss")), "trained from the start: " + log);
    }

    @Test
    void aCheckpointOfMoreEpochsAskedForStillResumesButOneOfOtherShardsDoesNot() {
        TrainingInputs a = inputs(trainInProcess(1).network());
        assertEquals(List.of(), a.differencesFrom(inputs(trainInProcess(1).network())), "the fingerprint is stable");
        assertEquals(List.of("the epochs (1 then, 3 now)"), a.withEpochs(3).differencesFrom(a));
        TrainingInputs split = new TrainingInputs(
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
                a.shards() + 1,
                a.step(),
                a.nativeBuild(),
                a.cpuInstructionSet(),
                a.dl4jVersion(),
                a.pluginBuild());
        assertEquals(
                List.of("the shards each minibatch is trained in, which follow mnist.threads (" + a.shards() + " then, "
                        + (a.shards() + 1) + " now)"),
                split.differencesFrom(a));
        assertNotEquals(a.fingerprint(), split.fingerprint());
    }

    @Test
    void anUnreadableCheckpointIsReportedAndIgnored() throws IOException {
        Path checkpoint = dir.resolve("mnist/checkpoints/" + Checkpoints.FILE);
        Files.createDirectories(checkpoint.getParent());
        Files.writeString(checkpoint, "not a zip");
        List<String> log = new ArrayList<>();
        job(dir, ListLog.into(log)).run(DATA, ModelSpec.mlp(), settings(1), "the POM", model(dir), card(dir));
        assertTrue(
                log.stream().anyMatch(l -> l.contains("ignoring checkpoint") && l.contains("cannot be read")),
                log.toString());
        assertTrue(Files.isRegularFile(model(dir)));
    }

    @Test
    void checkpointEveryIsChecked() {
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> new Checkpoints(dir, -1, BuildLog.silent()));
        assertEquals("mnist.checkpointEvery", e.property());
        assertTrue(e.getMessage().contains("-1") && e.getMessage().contains("or 0 for no checkpoints"), e.getMessage());
        Checkpoints every2 = new Checkpoints(dir, 2, BuildLog.silent());
        assertFalse(every2.due(1, 5));
        assertTrue(every2.due(2, 5));
        assertTrue(every2.due(5, 5), "always after the last epoch");
        assertFalse(new Checkpoints(dir, 0, BuildLog.silent()).due(5, 5));
    }
}
