package io.github.mnistgate.mnist.training;

import static io.github.mnistgate.mnist.util.SameBits.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.Examples;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.data.ValidationSplit;
import io.github.mnistgate.mnist.evaluation.EvaluationReport;
import io.github.mnistgate.mnist.evaluation.Gate;
import io.github.mnistgate.mnist.evaluation.GateMode;
import io.github.mnistgate.mnist.evaluation.Limit;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.NetworkFactory;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.report.EvaluationJob;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.ListLog;
import io.github.mnistgate.mnist.util.OutputFiles;
import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real DL4J training on a small learnable dataset: learning happens, is reproducible, and is written safely. */
class TrainingTest {

    private static final MnistData DATA =
            new MnistData(Dataset.MNIST, IdxFiles.learnable(1200, 1), IdxFiles.learnable(400, 2));

    @TempDir
    Path dir;

    private static TrainingSettings settings(long seed) {
        return new TrainingSettings(3, 32, 0, new HyperParameterValues(Optimizer.ADAM, 1e-3, seed));
    }

    /**
     * The images a build trains on stay on disk and are read a minibatch at a time; what it trains is the model that
     * the same images held whole in memory train, to the bit, on the dense and the convolution path, with augmentation
     * and with a validation split scored every epoch.
     */
    @Test
    void imagesReadFromDiskAMinibatchAtATimeTrainTheModelThatImagesInMemoryTrain() throws IOException {
        LabelledImages onDisk = IdxFiles.learnableOnDisk(dir, 600, 1);
        LabelledImages inMemory = IdxFiles.learnable(600, 1);
        ValidationSplit split = ValidationSplit.stratified(inMemory, 600, 0.2, 5);
        for (ModelSpec spec : List.of(ModelSpec.mlp(), ModelSpec.cnn())) {
            TrainingSettings settings =
                    settings(3).withEpochs(2).withAugmentation(new AugmentationSetting("randomTranslation=0.1"));
            List<MultiLayerNetwork> trained = new ArrayList<>();
            List<List<EpochMetrics>> histories = new ArrayList<>();
            for (boolean disk : List.of(false, true)) {
                ModelSpec forData = spec.forData(ImageShape.MNIST, 10);
                MultiLayerNetwork network = NetworkFactory.build(forData, settings.hyperParameters(), null);
                Examples train = disk ? onDisk.examples(split.train()) : Examples.of(inMemory.toDataSet(split.train()));
                Examples validation = disk
                        ? onDisk.examples(split.validation())
                        : Examples.of(inMemory.toDataSet(split.validation()));
                TrainingResult result = new Trainer(BuildLog.silent(), "train", forData.input())
                        .train(network, train, validation, settings, m -> true);
                trained.add(network);
                histories.add(result.epochs().stream()
                        .map(m -> new EpochMetrics(
                                m.epoch(),
                                m.loss(),
                                m.trainAccuracy(),
                                m.validationLoss(),
                                m.validationAccuracy(),
                                0,
                                0))
                        .toList());
            }
            assertSameBits(trained.get(0).params(), trained.get(1).params(), spec.name());
            assertEquals(histories.get(0), histories.get(1), spec.name() + ": losses and accuracies");
        }
    }

    @Test
    void trainingLearnsWritesModelAndCardAndLogsEveryEpoch() throws IOException {
        List<String> lines = new ArrayList<>();
        Path model = dir.resolve("app-model.zip");
        ModelCard card = new TrainingJob(ListLog.into(lines))
                .run(DATA, ModelSpec.mlp(), settings(7), "the POM", model, dir.resolve("mnist/model-card.json"));

        assertEquals(3, card.history().size());
        assertTrue(card.history().get(2).loss() < card.history().get(0).loss(), "loss falls");
        assertTrue(card.history().get(2).trainAccuracy() > 0.9, "learns the toy task: " + card.history());
        assertEquals(1200, card.trainExamples());
        assertEquals(
                Dataset.MNIST.sha256(io.github.mnistgate.mnist.data.DatasetFile.TRAIN_IMAGES),
                card.datasetSha256().get("train-images-idx3-ubyte"));
        assertEquals(128, card.hyperParameters().get("units"));
        assertTrue(
                lines.stream()
                        .filter(l -> l.contains("epoch 3/3: loss"))
                        .anyMatch(l -> l.contains("examples/s")
                                && l.contains("elapsed")
                                && l.contains("ETA")
                                && l.contains("train accuracy")),
                lines.toString());

        // Stock DL4J restores it; the card rides along inside the zip and beside it.
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(model.toFile());
        assertEquals(card.parameters(), restored.numParams());
        assertEquals(card.seed(), ModelFiles.readCard(model).seed());
        JsonNode onDisk =
                Json.mapper().readTree(dir.resolve("mnist/model-card.json").toFile());
        assertEquals("mlp", onDisk.get("model").asText());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file left");
        }
    }

    @Test
    void sameSeedSameDataSameSettingsGiveTheSameModel() throws IOException {
        TrainingResult a = train(11);
        TrainingResult b = train(11);
        TrainingResult c = train(12);
        assertSameBits(a.network().params(), b.network().params(), "parameters");
        assertEquals(a.last().loss(), b.last().loss());
        assertNotEquals(a.network().params(), c.network().params());
    }

    @Test
    void evaluationWritesTheContractsFieldsAndAppliesTheGate() throws IOException {
        // Trained on 64 images for one epoch: far from perfect, so a minimum above its accuracy exists.
        MultiLayerNetwork net = io.github.mnistgate.mnist.model.NetworkFactory.build(
                ModelSpec.mlp(), settings(5).hyperParameters());
        TrainingResult trained = new Trainer(BuildLog.silent(), "t")
                .train(net, DATA.train().toDataSet(64), settings(5).withEpochs(1));
        assertTrue(new EvaluationJob(BuildLog.silent())
                        .run(
                                trained.network(),
                                "m.zip",
                                DATA,
                                EvaluationJob.Settings.of(Gate.none()),
                                null,
                                new OutputFiles(dir.resolve("probe")))
                        .report()
                        .accuracy()
                < 0.99);
        OutputFiles out = new OutputFiles(dir.resolve("mnist"));
        Path stale = Files.createDirectories(out.directory()).resolve(".evaluation.json.4711.tmp");
        Files.writeString(stale, "{\"accuracy\": 0."); // as an evaluation killed mid-write leaves it
        EvaluationReport measured = evaluate(trained, null, out);
        assertFalse(Files.exists(stale), "the next evaluation sweeps what a killed one left");
        assertNull(measured.passed(), "no gate: no verdict");
        assertTrue(Json.mapper()
                .readTree(out.evaluationJson().toFile())
                .get("minAccuracy")
                .isNull());
        assertTrue(Files.readString(out.evaluationMarkdown()).contains("- Gate: none"));

        // A minimum exactly at the measured accuracy passes; one a hair above it fails, with the contract's line.
        String at = java.math.BigDecimal.valueOf(measured.accuracy()).toPlainString();
        String above = java.math.BigDecimal.valueOf(measured.accuracy())
                .add(new java.math.BigDecimal("0.0025"))
                .toPlainString();
        assertEquals(true, evaluate(trained, at, out).passed());
        EvaluationReport failed = evaluate(trained, above, out);
        assertEquals(false, failed.passed());
        assertEquals(
                List.of(String.format(
                        java.util.Locale.ROOT,
                        "test accuracy is %.4f, but expected minimum is %s",
                        measured.accuracy(),
                        new java.math.BigDecimal(above)
                                .setScale(Math.max(4, new java.math.BigDecimal(above).scale()))
                                .toPlainString())),
                failed.violations());

        JsonNode json = Json.mapper().readTree(out.evaluationJson().toFile());
        assertEquals("mnist", json.get("dataset").asText());
        assertEquals(400, json.get("testExamples").asInt());
        assertEquals(measured.accuracy(), json.get("accuracy").asDouble());
        assertEquals(Double.parseDouble(above), json.get("minAccuracy").asDouble());
        assertFalse(json.get("passed").asBoolean());
        assertEquals(0.95, json.get("accuracyInterval").get("confidence").asDouble());
        assertTrue(json.get("accuracyInterval").get("low").asDouble() < measured.accuracy());
        assertEquals(10, json.get("confusionMatrix").size());
        int total = 0;
        int diagonal = 0;
        for (int a = 0; a < 10; a++) {
            JsonNode row = json.get("confusionMatrix").get(a);
            assertEquals(10, row.size());
            for (int p = 0; p < 10; p++) {
                total += row.get(p).asInt();
                diagonal += a == p ? row.get(p).asInt() : 0;
            }
        }
        assertEquals(400, total);
        assertEquals(measured.accuracy(), diagonal / 400.0, 1e-12, "accuracy is the confusion matrix's diagonal");
        JsonNode first = json.get("perClass").get(0);
        for (String field : new String[] {"label", "precision", "recall", "f1", "recallInterval"}) {
            assertTrue(first.has(field), field);
        }
        String md = Files.readString(out.evaluationMarkdown());
        assertTrue(
                md.contains("| true \\ predicted |") && md.contains("## Per class") && md.contains("**FAILED**"), md);
    }

    private EvaluationReport evaluate(TrainingResult trained, String minAccuracy, OutputFiles out) throws IOException {
        Gate gate = minAccuracy == null ? Gate.none() : new Gate(List.of(Limit.parse(minAccuracy)), GateMode.ESTIMATE);
        return new EvaluationJob(BuildLog.silent())
                .run(trained.network(), "m.zip", DATA, EvaluationJob.Settings.of(gate), null, out)
                .report();
    }

    private static TrainingResult train(long seed) {
        MultiLayerNetwork net = io.github.mnistgate.mnist.model.NetworkFactory.build(
                ModelSpec.mlp(), settings(seed).hyperParameters());
        return new Trainer(BuildLog.silent(), "t").train(net, DATA.train().toDataSet(600), settings(seed));
    }
}
