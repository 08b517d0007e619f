package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.report.EvaluationJob;
import io.github.mnistgate.mnist.evaluation.EvaluationReport;
import io.github.mnistgate.mnist.evaluation.Limit;
import io.github.mnistgate.mnist.fetch.FetchFailedException;
import io.github.mnistgate.mnist.training.ModelFiles;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Evaluates the model on the whole test set, writes {@code evaluation.json} and {@code evaluation.md},
 * and fails the build when test accuracy is below {@code minAccuracy} (a warning instead with
 * {@code haltOnFailure=false}). Trains the model first when no model was built yet.
 */
@Mojo(name = "evaluate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class EvaluateMojo extends AbstractModelMojo {

    @Override
    protected void run() throws IOException, FetchFailedException, MojoFailureException {
        Limit limit = limit();
        MnistData data = dataForModel();
        Path model = modelFile();
        if (!Files.isRegularFile(model)) {
            log().info("[mnist] no model at " + model + " yet: training it first");
            trainAndAttach(data);
        }
        EvaluationReport report = new EvaluationJob(log()).run(ModelFiles.read(model),
                model.getFileName().toString(), data, limit, outputFiles());
        if (limit == null) {
            log().info("[mnist] no gate set (mnist.minAccuracy): reporting only");
            return;
        }
        Optional<String> violation = limit.check(report.accuracy());
        if (violation.isEmpty()) {
            log().info("[mnist] gate passed: test accuracy " + String.format(java.util.Locale.ROOT, "%.4f", report.accuracy())
                    + " >= minimum " + limit);
        } else if (haltOnFailure) {
            throw new MojoFailureException("[mnist] " + violation.get()
                    + " (see " + outputFiles().evaluationMarkdown() + "; -Dmnist.haltOnFailure=false only warns)");
        } else {
            log().warn("[mnist] " + violation.get() + " (haltOnFailure=false: not failing the build)");
        }
    }
}
