package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.fetch.FetchFailedException;
import io.github.mnistgate.mnist.report.EvaluationJob;
import io.github.mnistgate.mnist.util.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.eclipse.aether.RepositorySystem;

/**
 * Evaluates the model on the whole test set, compares it with the baseline model when one is set, writes
 * {@code evaluation.json}, {@code evaluation.md}, {@code comparison.json} and the HTML report
 * ({@code report/index.html}), records the result in the model card, and fails the build when the gate's verdict is negative (a warning instead with
 * {@code haltOnFailure=false}). Run without {@code mnist:train} in the same build, it first makes sure the model is the
 * one the current settings train: it takes the model in {@code target/} (or the model cache) when its training
 * fingerprint matches, and trains otherwise, so a stale model is never evaluated and published.
 */
@Mojo(name = "evaluate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class EvaluateMojo extends AbstractModelMojo {

    @SuppressWarnings("deprecation") // @Component stays until the mojos take JSR-330 injection
    @Component
    private RepositorySystem repositorySystem;

    @Override
    protected void run() throws IOException, FetchFailedException, MojoFailureException {
        EvaluationJob.Settings settings = evaluationSettings();
        MnistData data = dataForModel();
        Path model = modelFile();
        if (!builtInThisBuild(model)) {
            log().info(
                            Files.isRegularFile(model)
                                    ? "mnist:train did not run in this build: checking that " + model
                                            + " is the model of the current settings"
                                    : "no model at " + model + " yet: training it first");
            trainAndAttach(data);
        }
        EvaluationJob.Baseline baseline = baseline();
        EvaluationJob.Outcome outcome =
                new EvaluationJob(log()).runOnModel(model, data, settings, baseline, outputFiles());
        writeReport();
        if (!outcome.judged()) {
            log().info("no gate set (mnist.minAccuracy, <limits>, mnist.baseline): reporting only");
            return;
        }
        enforce(
                outcome.report().limits(),
                outcome.violations(),
                outcome.comparison() == null ? null : outcome.comparison().baseline(),
                haltOnFailure,
                log(),
                outputFiles().evaluationMarkdown());
    }

    /**
     * The mojo's one decision: the core's verdict fails the build, or with {@code haltOnFailure=false} only warns.
     *
     * @param baseline the baseline compared with, or null
     */
    static void enforce(
            List<String> limits,
            List<String> violations,
            String baseline,
            boolean haltOnFailure,
            BuildLog log,
            Path report)
            throws MojoFailureException {
        if (violations.isEmpty()) {
            List<String> passed = new java.util.ArrayList<>(limits);
            if (baseline != null) {
                passed.add("no significant drop below the baseline " + baseline);
            }
            log.info("gate passed: " + String.join("; ", passed));
            return;
        }
        for (String violation : violations) {
            log.warn(violation + (haltOnFailure ? "" : " (haltOnFailure=false: not failing the build)"));
        }
        if (haltOnFailure) {
            // One line per violation, as JaCoCo's check lists every rule it broke.
            throw new MojoFailureException("[mnist] " + String.join("\n[mnist] ", violations) + "\n[mnist] (see "
                    + report + "; -Dmnist.haltOnFailure=false only warns)");
        }
    }

    /** Whether a goal of this build (mnist:train) attached {@code model}: then it is the current settings' model. */
    private boolean builtInThisBuild(Path model) {
        return project != null
                && project.getAttachedArtifacts().stream()
                        .anyMatch(a -> CLASSIFIER.equals(a.getClassifier())
                                && a.getFile() != null
                                && a.getFile().toPath().toAbsolutePath().equals(model.toAbsolutePath()));
    }

    private EvaluationJob.Baseline baseline() {
        String coordinates = baselineCoordinates();
        if (coordinates == null) {
            return null;
        }
        EvaluationJob.Baseline found = new BaselineResolver(
                        repositorySystem, session.getRepositorySession(), project.getRemoteProjectRepositories())
                .resolve(coordinates);
        if (found.file() != null) {
            log().info("baseline " + found.coordinates() + ": " + found.file());
        }
        return found;
    }
}
