package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetSummary;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.Gate;
import io.github.mnistgate.mnist.evaluation.GateMode;
import io.github.mnistgate.mnist.evaluation.Limit;
import io.github.mnistgate.mnist.evaluation.RegressionRule;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.LayerSpec;
import io.github.mnistgate.mnist.model.LayerType;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.training.TrainingJob;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.tuning.BestHyperParameters;
import io.github.mnistgate.mnist.tuning.SearchSpace;
import io.github.mnistgate.mnist.tuning.TuningJob;
import io.github.mnistgate.mnist.tuning.TuningSettings;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a small but whole build leaves in {@code target/mnist/}, made by the real jobs on a learnable toy dataset
 * (with some test labels wrong, so that there are confident mistakes): summary and samples, a 4-trial search,
 * the model, its evaluation against a baseline.
 */
final class ReportFixture {

    private ReportFixture() {}

    static OutputFiles build(Path shared) throws Exception {
        MnistData data = new MnistData(Dataset.MNIST, IdxFiles.learnable(700, 1), IdxFiles.learnable(400, 2, 13));
        OutputFiles out = new OutputFiles(shared.resolve("mnist"));
        Json.write(out.datasetSummary(), DatasetSummary.of(data));
        SampleGrid.write(data.train(), data.dataset(), 3, out.samples());
        ModelSpec spec = new ModelSpec(
                ModelSpec.CUSTOM,
                List.of(LayerSpec.of(LayerType.DENSE, "units", "hp:units"), LayerSpec.of(LayerType.OUTPUT)),
                Map.of());
        SearchSpace space = SearchSpace.forModel(
                spec,
                List.of(
                        Map.of("name", "units", "type", "choice", "values", "16,32"),
                        Map.of("name", "learning_rate", "type", "choice", "values", "0.003,0.01")));
        TrainingSettings pom = new TrainingSettings(2, 32, 0, new HyperParameterValues(Optimizer.ADAM, 1e-3, 7));
        new TuningJob(BuildLog.silent())
                .run(
                        data.train(),
                        "mnist",
                        spec,
                        space,
                        pom,
                        TuningSettings.builder()
                                .tuner("grid")
                                .epochs(2)
                                .maxTrials(4)
                                .build(),
                        out);
        BestHyperParameters.HandOff handOff =
                BestHyperParameters.forTraining(out.bestHyperParameters(), spec, pom, BuildLog.silent());
        Path model = shared.resolve("model.zip");
        new TrainingJob(BuildLog.silent())
                .run(data, spec, handOff.settings(), handOff.source(), model, out.modelCard());
        Path baseline = Files.copy(model, shared.resolve("baseline.zip"));
        new EvaluationJob(BuildLog.silent())
                .runOnModel(
                        model,
                        data,
                        new EvaluationJob.Settings(
                                new Gate(List.of(Limit.parse("0.5")), GateMode.ESTIMATE),
                                0.95,
                                RegressionRule.parse("0", "0.05"),
                                false),
                        EvaluationJob.Baseline.found("com.example:app:1.0", baseline),
                        out);
        return out;
    }
}
