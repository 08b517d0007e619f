package io.github.mnistgate.mnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.Gate;
import io.github.mnistgate.mnist.evaluation.GateMode;
import io.github.mnistgate.mnist.evaluation.Limit;
import io.github.mnistgate.mnist.evaluation.RegressionRule;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.training.ModelCard;
import io.github.mnistgate.mnist.training.ModelFiles;
import io.github.mnistgate.mnist.training.TrainingJob;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.ListLog;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluation against a baseline, and a published model whose card carries its evaluation. */
class EvaluationJobTest {

    private static final MnistData DATA =
            new MnistData(Dataset.MNIST, IdxFiles.learnable(600, 1), IdxFiles.learnable(400, 2));

    @TempDir
    Path dir;

    private Path train(String name, int examples, long seed) throws IOException {
        Path model = dir.resolve(name);
        new TrainingJob(BuildLog.silent())
                .run(
                        DATA,
                        ModelSpec.mlp(),
                        new TrainingSettings(1, 32, examples, new HyperParameterValues(Optimizer.ADAM, 1e-3, seed)),
                        "the POM",
                        model,
                        dir.resolve("card-" + name + ".json"));
        return model;
    }

    private static EvaluationJob.Settings settings(boolean requireBaseline) {
        return new EvaluationJob.Settings(
                new Gate(List.of(Limit.parse("0.01")), GateMode.ESTIMATE),
                0.95,
                RegressionRule.parse("0", "0.05"),
                requireBaseline);
    }

    @Test
    void theSameModelAsItsBaselinePassesWithPOneAndThePublishedCardCarriesTheResult() throws IOException {
        Path model = train("app-model.zip", 0, 7);
        Path baseline = Files.copy(model, dir.resolve("baseline.zip"));
        OutputFiles out = new OutputFiles(dir.resolve("mnist"));
        EvaluationJob.Outcome outcome = new EvaluationJob(BuildLog.silent())
                .runOnModel(
                        model,
                        DATA,
                        settings(false),
                        EvaluationJob.Baseline.found("com.example:app:1.0", baseline),
                        out);

        assertEquals(1.0, outcome.comparison().pValue());
        assertEquals(
                0,
                outcome.comparison().candidateOnlyCorrect()
                        + outcome.comparison().baselineOnlyCorrect());
        assertTrue(outcome.comparison().passed());
        assertEquals(true, outcome.report().passed());
        JsonNode comparison = Json.mapper().readTree(out.comparisonJson().toFile());
        for (String field : new String[] {
            "baseline",
            "baselineAccuracy",
            "accuracy",
            "delta",
            "candidateOnlyCorrect",
            "baselineOnlyCorrect",
            "pValue",
            "maxRegression",
            "significance",
            "passed",
            "perClass"
        }) {
            assertTrue(comparison.has(field), field + " in " + comparison);
        }
        assertEquals("com.example:app:1.0", comparison.get("baseline").asText());
        assertTrue(Files.readString(out.evaluationMarkdown()).contains("## Against the baseline com.example:app:1.0"));

        // The card inside the zip, which install publishes, now knows how the model scored.
        ModelCard card = ModelFiles.readCard(model);
        assertEquals(outcome.report().accuracy(), card.evaluation().accuracy());
        assertEquals(0.95, card.evaluation().accuracyInterval().confidence());
        assertEquals(10, card.evaluation().perClass().size());
        assertEquals(List.of("test accuracy >= 0.0100"), card.evaluation().limits());
        assertEquals(1.0, card.comparison().pValue());
        assertEquals("the POM", card.hyperParameterSource());
        String cardJson;
        try (ZipFile zip = new ZipFile(model.toFile())) {
            cardJson = new String(
                    zip.getInputStream(zip.getEntry(ModelCard.ENTRY)).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        assertFalse(cardJson.contains("NaN"), "JSON has no NaN: an undefined figure is null");
        assertTrue(
                Json.mapper()
                        .readTree(cardJson)
                        .get("history")
                        .get(0)
                        .get("validationLoss")
                        .isNull(),
                cardJson);
        assertEquals(
                card, Json.read(out.modelCard(), ModelCard.class).withEvaluation(card.evaluation(), card.comparison()));
        ModelSerializer.restoreMultiLayerNetwork(model.toFile()); // still what stock DL4J restores
        assertEquals(ModelFiles.read(baseline).params(), ModelFiles.read(model).params());
    }

    @Test
    void aClearlyWeakerModelFailsAgainstItsBaseline() throws IOException {
        Path strong = train("strong.zip", 0, 7);
        Path weak = train("app-model.zip", 40, 7);
        EvaluationJob.Outcome outcome = new EvaluationJob(BuildLog.silent())
                .runOnModel(
                        weak,
                        DATA,
                        settings(false),
                        EvaluationJob.Baseline.found("com.example:app:1.0", strong),
                        new OutputFiles(dir.resolve("mnist")));
        assertFalse(outcome.comparison().passed());
        assertEquals(false, outcome.report().passed());
        assertEquals(1, outcome.violations().size());
        assertTrue(
                outcome.violations()
                        .get(0)
                        .matches(
                                "test accuracy is 0\\.\\d{4}, 0\\.\\d{4} below the baseline"
                                        + " com\\.example:app:1\\.0 \\([01]\\.\\d{4}\\), more than the allowed 0\\.0000 \\(McNemar p = 0\\.\\d{4}\\)"),
                outcome.violations().get(0));
    }

    @Test
    void aBaselineThatCannotBeUsedIsLoggedOrFailsWhenRequired() throws IOException {
        Path model = train("app-model.zip", 0, 7);
        Path notAModel = Files.writeString(dir.resolve("junk.zip"), "junk");
        OutputFiles out = new OutputFiles(dir.resolve("mnist"));
        List<String> log = new ArrayList<>();
        EvaluationJob.Outcome lenient = new EvaluationJob(ListLog.into(log))
                .runOnModel(model, DATA, settings(false), EvaluationJob.Baseline.found("g:a:1", notAModel), out);
        assertNull(lenient.comparison());
        assertTrue(lenient.violations().isEmpty());
        assertTrue(
                log.stream()
                        .anyMatch(l -> l.startsWith("the baseline g:a:1 cannot be compared with: ")
                                && l.endsWith(
                                        "comparison skipped (-Dmnist.requireBaseline=true fails the build instead)")),
                log.toString());
        assertFalse(Files.exists(out.comparisonJson()));

        EvaluationJob.Outcome strict = new EvaluationJob(BuildLog.silent())
                .runOnModel(
                        model,
                        DATA,
                        settings(true),
                        EvaluationJob.Baseline.missing("g:a:[2,)", "no version matching [2,) was found"),
                        out);
        assertEquals(
                List.of("the baseline g:a:[2,) cannot be compared with: no version matching [2,) was found"
                        + " (requireBaseline=true)"),
                strict.violations());
    }

    @Test
    void aBaselineOfAnotherDatasetIsNotCompared() throws IOException {
        Path model = train("app-model.zip", 0, 7);
        Path other = dir.resolve("fashion.zip");
        MnistData fashion =
                new MnistData(Dataset.FASHION_MNIST, IdxFiles.learnable(600, 1), IdxFiles.learnable(400, 2));
        new TrainingJob(BuildLog.silent())
                .run(
                        fashion,
                        ModelSpec.mlp(),
                        new TrainingSettings(1, 32, 0, new HyperParameterValues(Optimizer.ADAM, 1e-3, 7)),
                        "the POM",
                        other,
                        dir.resolve("fashion-card.json"));
        EvaluationJob.Outcome outcome = new EvaluationJob(BuildLog.silent())
                .runOnModel(
                        model,
                        DATA,
                        settings(true),
                        EvaluationJob.Baseline.found("g:fashion:1", other),
                        new OutputFiles(dir.resolve("mnist")));
        assertEquals(
                List.of("the baseline g:fashion:1 cannot be compared with: it was trained on fashion-mnist, whose"
                        + " classes [T-shirt/top, Trouser, Pullover, Dress, Coat, Sandal, Shirt, Sneaker, Bag, Ankle boot] are not"
                        + " this mnist dataset's [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] (requireBaseline=true)"),
                outcome.violations());
    }
}
