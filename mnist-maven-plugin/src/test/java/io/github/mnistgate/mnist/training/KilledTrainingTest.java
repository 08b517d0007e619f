package io.github.mnistgate.mnist.training;

import static io.github.mnistgate.mnist.util.SameBits.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.ListLog;
import io.github.mnistgate.runtime.ImageShape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGKILL during training or while writing the model and its checkpoint: the next run never
 * trusts a partial file, resumes from the last checkpoint, and ends with the model an uninterrupted run makes.
 */
class KilledTrainingTest {

    private static final int EPOCHS = 12;

    @TempDir
    Path dir;

    static ModelCard card(TrainingResult trained) {
        return new ModelCard(
                ModelCard.FORMAT,
                ModelCard.input(ImageShape.MNIST),
                ModelCard.output(10),
                ModelCard.onnx(ImageShape.MNIST, 10),
                ImageShape.MNIST,
                io.github.mnistgate.mnist.data.Dataset.MNIST.classNames(),
                "mnist",
                Map.of(),
                "mlp",
                List.of(),
                trained.network().numParams(),
                Map.of(),
                "test",
                7,
                trained.epochs().size(),
                null,
                trained.examples(),
                trained.epochs(),
                trained.seconds(),
                "-",
                "-",
                "-",
                null,
                null,
                null,
                null,
                null);
    }

    private static Process child(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                TrainingChild.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private Path checkpoint() {
        return dir.resolve("mnist/checkpoints/" + Checkpoints.FILE);
    }

    @Test
    void killedDuringTrainingTheNextRunResumesFromTheLastCheckpointToTheSameModel() throws Exception {
        Process child = child("train", dir.toString(), String.valueOf(EPOCHS));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (epochsCheckpointed() < 2) {
                assertTrue(child.isAlive(), () -> "child ended early: " + output(child));
                assertTrue(System.nanoTime() < deadline, "no checkpoint within 120 s");
                Thread.sleep(10);
            }
        } finally {
            child.destroyForcibly().waitFor();
        }
        int killedAfter = epochsCheckpointed();
        assertTrue(killedAfter < EPOCHS, "killed before the end (after epoch " + killedAfter + ")");
        assertFalse(Files.exists(CheckpointTest.model(dir)), "no model under its name before training ended");

        List<String> log = new ArrayList<>();
        CheckpointTest.job(dir, ListLog.into(log))
                .run(
                        CheckpointTest.DATA,
                        ModelSpec.mlp(),
                        CheckpointTest.settings(EPOCHS),
                        "the POM",
                        CheckpointTest.model(dir),
                        CheckpointTest.card(dir));

        assertTrue(
                log.stream()
                        .anyMatch(l -> l.contains("resuming from checkpoint")
                                && l.contains("after epoch " + killedAfter + " of " + EPOCHS)),
                log.toString());
        assertSameBits(
                CheckpointTest.trainInProcess(EPOCHS).network().params(),
                ModelFiles.read(CheckpointTest.model(dir)).params(),
                "resumed in another JVM, training ends exactly where uninterrupted training does");
        assertNoTempFiles();
    }

    @Test
    void killedWhileWritingTheModelAndCheckpointNothingPartialIsEverUnderTheirNames() throws Exception {
        Random random = new Random(20261125);
        int killedMidWrite = 0;
        // At least 4 rounds, and more (up to 12) until a kill has landed mid-write: how often a random moment falls
        // inside a write depends on the machine's speed, and a test that sometimes saw none would fail for nothing.
        for (int round = 0; round < 12 && (round < 4 || killedMidWrite == 0); round++) {
            Process child = child("write", dir.toString());
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null && !line.equals("WRITING"); ) {
                    // start-up output
                }
                // Up to 2 s: the first write of a cold JVM on a loaded machine may take longer than a few hundred ms
                // to open its temporary file, and a kill before that lands mid-write in no round.
                Thread.sleep(random.nextInt(2000));
            } finally {
                child.destroyForcibly().waitFor();
            }
            String context = "round " + round;
            killedMidWrite += tempFiles().isEmpty() ? 0 : 1;
            if (Files.exists(CheckpointTest.model(dir))) {
                assertEquals(
                        ModelFiles.readCard(CheckpointTest.model(dir)).parameters(),
                        ModelFiles.read(CheckpointTest.model(dir)).numParams(),
                        context);
            }
            if (Files.exists(checkpoint())) {
                assertEquals(1, Checkpoints.readState(checkpoint()).epochsDone(), context);
            }
        }
        assertTrue(killedMidWrite > 0, "at least one kill landed while a file was being written");
        // The next build writes over whatever a killed one left, and sweeps its temporary files.
        TrainingResult trained = CheckpointTest.trainInProcess(1);
        ModelFiles.write(trained.network(), card(trained), CheckpointTest.model(dir));
        CheckpointTest.checkpoints(dir, BuildLog.silent())
                .save(trained.network(), CheckpointTest.inputs(trained.network()), trained.epochs(), 1);
        assertNoTempFiles();
    }

    private int epochsCheckpointed() {
        try {
            return Files.exists(checkpoint())
                    ? Checkpoints.readState(checkpoint()).epochsDone()
                    : 0;
        } catch (IOException e) {
            throw new AssertionError("a checkpoint under its name is always complete", e);
        }
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                    .toList();
        }
    }

    private void assertNoTempFiles() throws IOException {
        assertTrue(tempFiles().isEmpty(), () -> "temporary files left: " + dir);
    }

    private static String output(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
