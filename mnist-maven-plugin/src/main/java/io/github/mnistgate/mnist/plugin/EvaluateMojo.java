package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.Gate;
import io.github.mnistgate.mnist.fetch.FetchFailedException;
import io.github.mnistgate.mnist.report.EvaluationJob;
import io.github.mnistgate.mnist.util.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
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

    /**
     * The gate: the minimum test accuracy, as a fraction ({@code 0.99}) or a percentage ({@code 99%}).
     * Unset: evaluate reports but never fails.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.minAccuracy", defaultValue = "")
    private String minAccuracy;

    /**
     * {@code false} turns a gate failure into a warning.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.haltOnFailure", defaultValue = "true")
    private boolean haltOnFailure;

    /**
     * Further rules of the gate, as in JaCoCo's {@code check}: each {@code <limit>} has a {@code <metric>}
     * ({@code accuracy}, {@code macroF1}, or per class {@code precision}, {@code recall}, {@code f1}), for the
     * per-class ones a {@code <label>} (a class index, or {@code each}), and a {@code <minimum>} and/or
     * {@code <maximum>} ({@code 0.97} or {@code 97%}). Example:
     * <pre>
     * &lt;limits&gt;
     *   &lt;limit&gt;&lt;metric&gt;recall&lt;/metric&gt;&lt;label&gt;each&lt;/label&gt;&lt;minimum&gt;0.97&lt;/minimum&gt;&lt;/limit&gt;
     *   &lt;limit&gt;&lt;metric&gt;macroF1&lt;/metric&gt;&lt;minimum&gt;98%&lt;/minimum&gt;&lt;/limit&gt;
     * &lt;/limits&gt;
     * </pre>
     *
     * @since 0.1.0
     */
    @Parameter
    private List<LimitConfiguration> limits = new ArrayList<>();

    /**
     * Level of the confidence intervals evaluation reports (Wilson score intervals of accuracy, per-class recall
     * and precision), {@code 0.95} or {@code 95%}, from 0.5 to 0.9999.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.confidence", defaultValue = "0.95")
    private String confidence;

    /**
     * How {@code minAccuracy} and every limit is held against the measurement: {@code estimate} (the measured
     * value must meet it), {@code confident} (the whole confidence interval must), {@code tolerant} (fails only
     * when the whole interval misses it). F1 and macro F1 have no interval and are held as measured.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.gateMode", defaultValue = "estimate")
    private String gateMode;

    /**
     * A published model to compare with, {@code groupId:artifactId:version} (classifier {@code model}, type
     * {@code zip}); the version may be a range ({@code [1.0,)}), {@code LATEST} or {@code RELEASE}. Resolved
     * through the build's own repositories; {@code none}: no comparison.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.baseline", defaultValue = "none")
    private String baseline;

    /**
     * Largest allowed drop of test accuracy below the baseline's, {@code 0.002} or {@code 0.2%}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.maxRegression", defaultValue = "0")
    private String maxRegression;

    /**
     * A drop beyond {@code maxRegression} fails only when McNemar's exact test on the paired test predictions
     * finds it significant at this level ({@code 0.05}, above 0 and at most 0.5); {@code none} compares the
     * point values only.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.significance", defaultValue = "0.05")
    private String significance;

    /**
     * {@code true} fails the build when the baseline cannot be resolved or used; otherwise that is logged and the
     * comparison skipped.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.requireBaseline", defaultValue = "false")
    private boolean requireBaseline;

    @SuppressWarnings("deprecation") // @Component stays until the mojos take JSR-330 injection
    @Component
    private RepositorySystem repositorySystem;

    @Override
    void checkGoalSettings() throws IOException, MojoExecutionException {
        super.checkGoalSettings();
        evaluationSettings();
        baselineCoordinates();
    }

    /** The gate: {@code minAccuracy} first, then every {@code <limit>}, under {@code gateMode}. */
    Gate gate() throws IOException {
        return gateConfiguration().gate(classNames());
    }

    EvaluationJob.Settings evaluationSettings() throws IOException {
        return gateConfiguration().settings(classNames(), kernels());
    }

    /** The baseline's coordinates, or null for none. */
    String baselineCoordinates() {
        return gateConfiguration().baselineCoordinates();
    }

    private GateConfiguration gateConfiguration() {
        return new GateConfiguration(
                minAccuracy, limits, gateMode, confidence, baseline, maxRegression, significance, requireBaseline);
    }

    @Override
    protected void run() throws IOException, FetchFailedException, MojoFailureException {
        EvaluationJob.Settings settings = evaluationSettings();
        MnistData data = dataForModel();
        Path model = modelFile();
        if (!builtInThisBuild(model)) {
            if (importedModelFile() != null) {
                log().info("mnist:train did not run in this build: taking the model file " + modelFile.trim());
            } else if (Files.isRegularFile(model)) {
                log().info("mnist:train did not run in this build: checking that " + model
                        + " is the model of the current settings");
            } else {
                log().info("no model at " + model + " yet: training it first");
            }
            trainAndAttach(data);
        }
        EvaluationJob.Baseline baseline = baseline();
        EvaluationJob.Outcome outcome =
                new EvaluationJob(log(), onnxRuntime()).runOnModel(model, data, settings, baseline, outputFiles());
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

    /** ONNX Runtime, resolved when an ONNX model or baseline is scored, and only then. */
    private OnnxRuntimeArtifacts onnxRuntime() {
        return new OnnxRuntimeArtifacts(
                repositorySystem, session.getRepositorySession(), project.getRemotePluginRepositories());
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
