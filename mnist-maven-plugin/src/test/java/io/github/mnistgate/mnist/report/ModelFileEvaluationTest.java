package io.github.mnistgate.mnist.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.EvaluationReport;
import io.github.mnistgate.mnist.evaluation.Gate;
import io.github.mnistgate.mnist.evaluation.GateMode;
import io.github.mnistgate.mnist.evaluation.Limit;
import io.github.mnistgate.mnist.evaluation.RegressionRule;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.onnx.OnnxModels;
import io.github.mnistgate.mnist.training.ImportedModel;
import io.github.mnistgate.mnist.training.ModelCard;
import io.github.mnistgate.mnist.training.ModelFiles;
import io.github.mnistgate.mnist.training.TrainingJob;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.ListLog;
import io.github.mnistgate.mnist.util.OutputFiles;
import io.github.mnistgate.mnist.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained elsewhere ({@code mnist.modelFile}) is taken, scored, compared and recorded as the build's own: its
 * ONNX file, giving logits, against the DL4J zip it came from, and the other way round.
 */
class ModelFileEvaluationTest {

    private static final MnistData DATA =
            new MnistData(Dataset.MNIST, IdxFiles.learnable(600, 1), IdxFiles.learnable(400, 2));

    @TempDir
    Path dir;

    private Path zip;
    private Path logits;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void trainAndExport() throws IOException {
        zip = dir.resolve("dl4j-model.zip");
        new TrainingJob(BuildLog.silent())
                .run(
                        DATA,
                        ModelSpec.mlp(),
                        new TrainingSettings(1, 32, 0, new HyperParameterValues(Optimizer.ADAM, 1e-3, 5)),
                        "the POM",
                        zip,
                        dir.resolve("dl4j-card.json"));
        Path onnx = dir.resolve("dl4j-model.onnx");
        ModelFiles.writeOnnx(zip, onnx);
        logits = Files.write(dir.resolve("elsewhere.onnx"), OnnxModels.logits(Files.readAllBytes(onnx)));
    }

    private static EvaluationJob.Settings settings() {
        return new EvaluationJob.Settings(
                new Gate(List.of(Limit.parse("0.5")), GateMode.ESTIMATE),
                0.95,
                RegressionRule.parse("0", "none"),
                true);
    }

    private Path take(Path file, OutputFiles out) throws IOException {
        return ImportedModel.take(
                file,
                file.getFileName().toString(),
                DATA.dataset(),
                dir.resolve("target/app-model.zip"),
                dir.resolve("target/app-model.onnx"),
                out.modelCard(),
                ListLog.into(log));
    }

    @Test
    void anOnnxFileIsGatedAgainstItsZipWithTheSamePredictionsAndItsCardRecordsTheResult() throws IOException {
        OutputFiles out = new OutputFiles(dir.resolve("mnist"));
        Path taken = take(logits, out);
        assertEquals(dir.resolve("target/app-model.onnx"), taken);
        assertArrayEquals(Files.readAllBytes(logits), Files.readAllBytes(taken));
        ModelCard card = Json.read(out.modelCard(), ModelCard.class);
        assertEquals(Sha256.ofFile(logits), card.fingerprint());
        assertEquals(Dataset.MNIST.classNames(), card.classNames());
        assertTrue(card.layers().contains("Gemm"), card.layers().toString());

        EvaluationJob.Outcome outcome = new EvaluationJob(ListLog.into(log), OnnxModels.runtime())
                .runOnModel(taken, DATA, settings(), EvaluationJob.Baseline.found("g:dl4j:1", zip), out);
        assertEquals(0, outcome.comparison().candidateOnlyCorrect());
        assertEquals(0, outcome.comparison().baselineOnlyCorrect());
        assertEquals(outcome.comparison().baselineAccuracy(), outcome.report().accuracy());
        assertTrue(outcome.comparison().passed());
        assertEquals(true, outcome.report().passed());
        assertTrue(
                log.stream().anyMatch(l -> l.contains("outputs taken as logits (rows do not sum to 1)")),
                log::toString);
        assertEquals(2, scoresKept(out), "the predictions of the ONNX file and of the baseline zip, by SHA-256");
        EvaluationReport recorded = Json.read(out.modelCard(), ModelCard.class).evaluation();
        assertEquals(outcome.report().accuracy(), recorded.accuracy());

        // Taken again unchanged: nothing copied, the recorded evaluation kept.
        log.clear();
        take(logits, out);
        assertTrue(log.get(0).contains("up to date"), log::toString);
        assertEquals(
                outcome.report().accuracy(),
                Json.read(out.modelCard(), ModelCard.class).evaluation().accuracy());
    }

    private static long scoresKept(OutputFiles out) throws IOException {
        try (var files = Files.list(out.scores())) {
            return files.count();
        }
    }

    @Test
    void anOnnxBaselineIsScoredThroughOnnxRuntime() throws IOException {
        OutputFiles out = new OutputFiles(dir.resolve("mnist"));
        EvaluationJob.Outcome outcome = new EvaluationJob(ListLog.into(log), OnnxModels.runtime())
                .runOnModel(zip, DATA, settings(), EvaluationJob.Baseline.found("g:pytorch:1", logits), out);
        assertEquals(
                0,
                outcome.comparison().candidateOnlyCorrect()
                        + outcome.comparison().baselineOnlyCorrect());
        assertEquals("g:pytorch:1", outcome.comparison().baseline());
    }

    @Test
    void aTakenZipKeepsItsOwnCardAndNoStaleOnnxFileDecides() throws IOException {
        OutputFiles out = new OutputFiles(dir.resolve("mnist"));
        Path taken = take(zip, out);
        assertEquals(dir.resolve("target/app-model.zip"), taken);
        assertEquals(
                ModelFiles.readCard(zip).fingerprint(),
                Json.read(out.modelCard(), ModelCard.class).fingerprint());
        take(logits, out);
        assertFalse(Files.exists(taken), "the zip taken before is gone once an ONNX file is taken");
    }

    @Test
    void aFileThatIsNotAModelOrDoesNotFitFailsNamingModelFile() throws IOException {
        OutputFiles out = new OutputFiles(dir.resolve("mnist"));
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> take(dir.resolve("missing.onnx"), out));
        assertTrue(e.getMessage().startsWith("Invalid modelFile 'missing.onnx': no such file"), e.getMessage());

        Path text = Files.writeString(dir.resolve("README.onnx"), "# not a model\n");
        e = assertThrows(InvalidSettingException.class, () -> take(text, out));
        assertTrue(e.getMessage().contains("it is not an ONNX model"), e.getMessage());

        Path otherZip = dir.resolve("other.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(otherZip))) {
            z.putNextEntry(new ZipEntry("weights.bin"));
            z.write(new byte[] {1, 2, 3});
        }
        e = assertThrows(InvalidSettingException.class, () -> take(otherZip, out));
        assertTrue(e.getMessage().contains("it is a zip but not a model zip of this plugin"), e.getMessage());

        Path flat =
                Files.write(dir.resolve("flat.onnx"), OnnxModels.inputDims(Files.readAllBytes(logits), -1, 3 * 784));
        e = assertThrows(InvalidSettingException.class, () -> take(flat, out));
        assertEquals("modelFile", e.setting());
        assertTrue(
                e.getMessage()
                        .contains("the model's input \"images\" is [N, 2352], but the mnist dataset's images are"
                                + " [N, 1, 28, 28]"),
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("target/app-model.onnx")), "nothing taken from a file that does not fit");
    }
}
