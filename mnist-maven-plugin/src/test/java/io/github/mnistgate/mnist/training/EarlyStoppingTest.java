package io.github.mnistgate.mnist.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.data.ValidationSplit;
import io.github.mnistgate.mnist.evaluation.Evaluator;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.ListLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EarlyStoppingTest {

    @TempDir
    Path dir;

    private static EpochMetrics epoch(int epoch, double valLoss, double valAccuracy) {
        return new EpochMetrics(epoch, 1, 0.5, valLoss, valAccuracy, 100, 1);
    }

    @Test
    void stopsAfterPatienceEpochsWithoutABetterObjectiveKeepingTheEarliestBest() {
        List<EpochMetrics> history =
                List.of(epoch(1, 0.9, 0.70), epoch(2, 0.5, 0.80), epoch(3, 0.6, 0.85), epoch(4, 0.7, 0.85));
        EarlyStopping onLoss = new EarlyStopping(2, 0.2, Objective.VAL_LOSS);
        assertEquals(2, onLoss.bestEpoch(history));
        assertTrue(onLoss.stops(history));
        assertFalse(onLoss.stops(history.subList(0, 3)), "one epoch since the best");
        EarlyStopping onAccuracy = new EarlyStopping(2, 0.2, Objective.VAL_ACCURACY);
        assertEquals(3, onAccuracy.bestEpoch(history), "an equal accuracy is no better");
        assertFalse(onAccuracy.stops(history));
        assertFalse(EarlyStopping.OFF.stops(history));
        assertEquals("val_loss", onLoss.objective().id());
        assertEquals("val_accuracy", onAccuracy.objective().id());
    }

    @Test
    void badSettingsFailNamingThem() {
        assertEquals(
                "earlyStopping",
                assertThrows(InvalidSettingException.class, () -> new EarlyStopping(-1, 0.2, Objective.VAL_LOSS))
                        .setting());
        assertEquals(
                "validationSplit",
                assertThrows(InvalidSettingException.class, () -> new EarlyStopping(3, 1.0, Objective.VAL_LOSS))
                        .setting());
        new EarlyStopping(0, 1.0, Objective.VAL_LOSS); // off: the split is not read
    }

    /**
     * Real training on a task with every fifth label wrong: the network learns the task, then the wrong labels, and
     * the validation loss rises, so training stops {@code patience} epochs after its lowest. The model keeps the best
     * epoch's weights: it scores on the held-out images the loss that epoch scored, not the last one's; the card says
     * which epoch and how many ran.
     */
    @Test
    void trainingStopsEarlyAndTheModelKeepsTheBestEpochsWeights() throws IOException {
        MnistData data = new MnistData(Dataset.MNIST, IdxFiles.learnable(1000, 1, 5), IdxFiles.learnable(200, 2));
        EarlyStopping early = new EarlyStopping(2, 0.2, Objective.VAL_LOSS);
        TrainingSettings settings = new TrainingSettings(
                        40, 32, 0, new HyperParameterValues(Optimizer.ADAM, 3e-3, 4), Kernels.AUTO)
                .withEarlyStopping(early);
        List<String> lines = new ArrayList<>();
        Path model = dir.resolve("model.zip");
        ModelCard card = new TrainingJob(ListLog.into(lines))
                .run(data, ModelSpec.mlp(), settings, "the POM", model, dir.resolve("card.json"));

        assertTrue(card.epochs() < 40, "stopped early: " + card.history());
        assertEquals(early.bestEpoch(card.history()), card.epochKept());
        assertEquals(card.epochs() - 2, card.epochKept(), "two epochs without a better val_loss");
        assertEquals(2, card.hyperParameters().get("early_stopping"));
        assertEquals("val_loss", card.hyperParameters().get("early_stopping_objective"));

        ValidationSplit split = ValidationSplit.stratified(data.train(), 1000, 0.2, 4);
        double kept = Evaluator.loss(ModelFiles.read(model), data.train().toDataSet(split.validation()));
        List<EpochMetrics> h = card.history();
        assertEquals(h.get(card.epochKept() - 1).validationLoss(), kept, 1e-6);
        assertTrue(h.get(h.size() - 1).validationLoss() > kept + 1e-4, "the last epoch's weights score worse: " + h);
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.equals("early stopping: stopped after " + card.epochs()
                                + " epoch(s); the model keeps the weights of epoch " + card.epochKept()
                                + ", the best val_loss")),
                String.join("\n", lines));

        ModelCard plain = new TrainingJob(BuildLog.silent())
                .run(
                        data,
                        ModelSpec.mlp(),
                        settings.withEarlyStopping(EarlyStopping.OFF).withEpochs(2),
                        "the POM",
                        dir.resolve("plain.zip"),
                        dir.resolve("plain.json"));
        assertNull(plain.epochKept());
        assertNull(plain.hyperParameters().get("early_stopping"));
    }

    /**
     * A build killed after early stopping's best epoch resumes from its checkpoint and still keeps that epoch's weights,
     * which lie beside the checkpoint: the model is the uninterrupted run's to the bit. Without them it trains afresh.
     */
    @Test
    void aResumedRunKeepsTheBestEpochsWeightsFromBesideTheCheckpoint() throws IOException {
        MnistData data = new MnistData(Dataset.MNIST, IdxFiles.learnable(1000, 1, 5), IdxFiles.learnable(200, 2));
        TrainingSettings settings = new TrainingSettings(
                        40, 32, 0, new HyperParameterValues(Optimizer.ADAM, 3e-3, 4), Kernels.AUTO)
                .withEarlyStopping(new EarlyStopping(2, 0.2, Objective.VAL_LOSS));
        ModelCard whole = new TrainingJob(BuildLog.silent())
                .run(data, ModelSpec.mlp(), settings, "the POM", dir.resolve("whole.zip"), dir.resolve("whole.json"));
        int stop = whole.epochs();
        int kept = whole.epochKept();
        assertTrue(kept < stop - 1, "the run stopped two epochs after its best: " + whole.history());

        for (boolean bestKept : new boolean[] {true, false}) {
            Path model = dir.resolve("model-" + bestKept + ".zip");
            Checkpoints checkpoints = new Checkpoints(dir.resolve("checkpoints-" + bestKept), 1, BuildLog.silent());
            java.nio.file.Files.createDirectories(model.resolve("occupied")); // the model cannot be written: a kill
            assertThrows(
                    IOException.class,
                    () -> new TrainingJob(BuildLog.silent(), checkpoints, ModelReuse.never())
                            .run(
                                    data,
                                    ModelSpec.mlp(),
                                    settings.withEpochs(stop - 1),
                                    "the POM",
                                    model,
                                    dir.resolve("c")));
            java.nio.file.Files.delete(model.resolve("occupied"));
            java.nio.file.Files.delete(model);
            Path best = checkpoints.file().resolveSibling(Checkpoints.BEST_FILE);
            assertTrue(java.nio.file.Files.isRegularFile(best), "the best epoch's weights lie beside the checkpoint");
            if (!bestKept) {
                java.nio.file.Files.delete(best);
            }
            List<String> lines = new ArrayList<>();
            ModelCard resumed = new TrainingJob(ListLog.into(lines), checkpoints, ModelReuse.never())
                    .run(data, ModelSpec.mlp(), settings, "the POM", model, dir.resolve("resumed.json"));
            assertEquals(kept, resumed.epochKept());
            assertEquals(stop, resumed.epochs());
            assertEquals(
                    ModelFiles.read(dir.resolve("whole.zip")).params(),
                    ModelFiles.read(model).params(),
                    "the uninterrupted run's model");
            String resumedFrom = "resuming from checkpoint " + checkpoints.file() + " after epoch " + (stop - 1);
            String afresh =
                    "the weights of its best epoch, " + kept + ", are not kept beside it; training from the start";
            assertEquals(bestKept, lines.stream().anyMatch(l -> l.startsWith(resumedFrom)), lines.toString());
            assertEquals(!bestKept, lines.stream().anyMatch(l -> l.endsWith(afresh)), lines.toString());
            assertFalse(java.nio.file.Files.exists(best), "removed with the checkpoint once the model is written");
        }
    }
}
