package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.fetch.FetchFailedException;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.spark.SparkTuningRequest;
import io.github.mnistgate.mnist.training.AugmentationSetting;
import io.github.mnistgate.mnist.training.ModelCache;
import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.tuning.BayesianOptimizationOracle;
import io.github.mnistgate.mnist.tuning.SearchCache;
import io.github.mnistgate.mnist.tuning.SearchSpace;
import io.github.mnistgate.mnist.tuning.TuningException;
import io.github.mnistgate.mnist.tuning.TuningJob;
import io.github.mnistgate.mnist.tuning.TuningSettings;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;

/**
 * Searches hyperparameters as KerasTuner does, on a validation split of the training images (the test set
 * is never used), and writes {@code target/mnist/tuning/}: {@code oracle.json}, one
 * {@code trial_NNN/trial.json} per trial, {@code results.md} (best first) and
 * {@code best-hyperparameters.json}, which {@code mnist:train} then trains with. Run again with the same
 * settings, it resumes: completed trials are kept, an interrupted one runs again.
 */
@Mojo(name = "tune", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public class TuneMojo extends AbstractTrainingMojo {

    /**
     * The search algorithm: {@code random}, {@code grid}, {@code hyperband} or {@code bayesian} (Gaussian process).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.tuner", defaultValue = "random")
    protected String tuner;

    /**
     * Trials at most, counting those a resumed search already ran; 0 for no limit (grid: the whole grid;
     * hyperband: its whole schedule; random and bayesian then need a {@code tuningTimeout}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.maxTrials", defaultValue = "10")
    protected int maxTrials;

    /**
     * Epochs each trial trains; for hyperband, the most epochs any trial trains ({@code max_epochs}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.tuningEpochs", defaultValue = "3")
    protected int tuningEpochs;

    /**
     * Wall-clock budget of the whole search in this build, e.g. {@code 10m} or {@code 1h}; {@code none} for no
     * limit. No trial starts once it is used up, and a running trial stops after its current epoch.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.tuningTimeout", defaultValue = "none")
    protected String tuningTimeout;

    /**
     * Early stopping: a trial ends after this many epochs without a better objective; 0 never stops early.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.tuningPatience", defaultValue = "3")
    protected int tuningPatience;

    /**
     * The search gives up (and the build fails) after this many failed trials in a row.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.maxConsecutiveFailedTrials", defaultValue = "3")
    protected int maxConsecutiveFailedTrials;

    /**
     * {@code false} resumes the search in {@code target/mnist/tuning/} (and refuses one with other settings);
     * {@code true} deletes it and starts afresh.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.overwrite", defaultValue = "false")
    protected boolean overwrite;

    /**
     * How many trials run at once in this build, sharing ND4J's threads ({@code mnist.threads}) among them: e.g. 4
     * trials of 4 threads on 16 cores. Each trial then trains its minibatches in one piece on its share. Hyperband
     * runs one trial at a time whatever this says (each round needs the whole previous round).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.parallelTrials", defaultValue = "1")
    protected int parallelTrials;

    /**
     * Runs the trials as Apache Spark tasks: {@code local[n]} (a Spark driver in the build, n threads),
     * {@code spark://host:port} (a standalone cluster), {@code yarn} or {@code k8s://https://host:port};
     * {@code none} runs them in the build. The oracle and the trial files stay with the driver, a JVM that this goal
     * forks; Spark itself ({@code mnist.sparkVersion}) is resolved through Maven on first use.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.sparkMaster", defaultValue = "none")
    protected String sparkMaster;

    /**
     * Spark settings passed to the driver as they are, e.g. {@code <spark.executor.memory>4g</spark.executor.memory>}
     * or {@code <spark.task.cpus>4</spark.task.cpus>} (the native threads each trial gets on an executor). Every
     * {@code -Dspark.*} system property is added to them.
     *
     * @since 0.1.0
     */
    @Parameter
    protected Map<String, String> sparkConf = new java.util.LinkedHashMap<>();

    /**
     * The Apache Spark version (Scala 2.12) that the driver runs with; match the cluster's.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.sparkVersion", defaultValue = "3.5.9")
    protected String sparkVersion;

    @SuppressWarnings("deprecation") // @Component stays until the mojos take JSR-330 injection
    @Component
    private RepositorySystem repositorySystem;

    @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
    private RepositorySystemSession repositorySession;

    /**
     * Hyperband: the factor by which each round cuts the trials and multiplies the epochs.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.hyperbandFactor", defaultValue = "3")
    protected int hyperbandFactor;

    /**
     * Hyperband: how many times the whole set of brackets runs.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.hyperbandIterations", defaultValue = "1")
    protected int hyperbandIterations;

    /**
     * Bayesian: random trials before the Gaussian process proposes; 0 for three per searched hyperparameter.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.bayesianInitialPoints", defaultValue = "0")
    protected int bayesianInitialPoints;

    /**
     * Bayesian: the acquisition function, {@code ei} (expected improvement) or {@code ucb} (upper confidence bound).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.bayesianAcquisition", defaultValue = "ei")
    protected String bayesianAcquisition;

    /**
     * The search space; without it, the model preset's (mlp: units 32..512 step 32 and learning_rate
     * 1e-2/1e-3/1e-4, the notebook's; cnn: dense_units 32..128 step 32 and learning_rate 3e-3/1e-3/3e-4).
     * Types: {@code int} and {@code float} (min, max, step, sampling linear|log), {@code choice} (values,
     * ordered), {@code boolean}, {@code fixed} (value). Layers refer to a hyperparameter as
     * {@code hp:<name>}; {@code learning_rate}, {@code optimizer} and {@code batch_size} replace the training
     * settings of the same meaning. Example:
     * <pre>
     * &lt;hyperParameters&gt;
     *   &lt;hyperParameter&gt;&lt;name&gt;units&lt;/name&gt;&lt;type&gt;int&lt;/type&gt;&lt;min&gt;32&lt;/min&gt;&lt;max&gt;512&lt;/max&gt;&lt;step&gt;32&lt;/step&gt;&lt;/hyperParameter&gt;
     *   &lt;hyperParameter&gt;&lt;name&gt;learning_rate&lt;/name&gt;&lt;type&gt;float&lt;/type&gt;&lt;min&gt;1e-4&lt;/min&gt;&lt;max&gt;1e-2&lt;/max&gt;&lt;sampling&gt;log&lt;/sampling&gt;&lt;/hyperParameter&gt;
     *   &lt;hyperParameter&gt;&lt;name&gt;optimizer&lt;/name&gt;&lt;type&gt;choice&lt;/type&gt;&lt;values&gt;adam,rmsprop&lt;/values&gt;&lt;/hyperParameter&gt;
     *   &lt;hyperParameter&gt;&lt;name&gt;batch_size&lt;/name&gt;&lt;type&gt;choice&lt;/type&gt;&lt;values&gt;32,64,128&lt;/values&gt;&lt;/hyperParameter&gt;
     * &lt;/hyperParameters&gt;
     * </pre>
     *
     * @since 0.1.0
     */
    @Parameter
    protected List<HyperParameterConfiguration> hyperParameters = new ArrayList<>();

    @Override
    void checkGoalSettings() throws IOException, MojoExecutionException {
        super.checkGoalSettings();
        if (searches()) {
            SearchSpace space = searchSpace(modelSpec());
            tuningSettings().oracle(space, seed); // a grid too large to search fails here
            AugmentationSetting augmentationSetting = trainingSettings().augmentationSetting();
            for (String name : augmentationSetting.references()) {
                if (space.get(name).isEmpty()) {
                    throw new InvalidSettingException(
                            "augmentation",
                            augmentationSetting.text(),
                            "it refers to hyperparameter '" + name + "', which no <hyperParameter> declares");
                }
            }
        }
    }

    @Override
    protected void run() throws IOException, FetchFailedException, MojoFailureException, MojoExecutionException {
        if (!searches()) {
            log().info("no search space configured (<hyperParameters>): no tuning; training uses the POM's values");
            return;
        }
        ModelSpec spec = modelSpec();
        SearchSpace space = searchSpace(spec);
        TuningSettings settings = tuningSettings();
        if (SparkTuning.wanted(sparkMaster)) {
            onSpark(spec, settings);
            writeReport();
            return;
        }
        MnistData data = dataForModel();
        try {
            new TuningJob(log(), searchCache())
                    .run(data.train(), data.dataset().id(), spec, space, trialSettings(), settings, outputFiles());
        } catch (TuningException e) {
            writeReport(); // the trials that failed are worth a look
            throw new MojoFailureException("[mnist] " + e.getMessage(), e);
        }
        writeReport();
    }

    private void onSpark(ModelSpec spec, TuningSettings settings)
            throws IOException, FetchFailedException, MojoExecutionException, MojoFailureException {
        String app = "mnist:tune " + (project == null ? "" : project.getGroupId() + ":" + project.getArtifactId());
        SparkTuningRequest.Builder request = new SparkTuningRequest.Builder(
                spec,
                declaredSpace(),
                trialSettings(),
                settings,
                outputDirectory.getAbsolutePath(),
                threads,
                sparkMaster.trim(),
                SparkTuning.conf(
                        sparkConf,
                        System.getProperties(),
                        session == null ? new java.util.Properties() : session.getUserProperties()),
                app,
                modelCache() == null ? null : modelCache().directory().toString(),
                modelCacheSize,
                fetchSettings().lockTimeout());
        SparkTuning.run(
                request,
                fetchedDataset(),
                sparkVersion,
                new SparkArtifacts(repositorySystem, repositorySession, project.getRemotePluginRepositories()),
                mojoExecution.getMojoDescriptor().getPluginDescriptor(),
                outputDirectory.toPath().resolve("spark"),
                log());
    }

    /** The training settings of every trial: class weights name their classes by index, as trials know no names. */
    private TrainingSettings trialSettings() throws IOException {
        TrainingSettings settings = trainingSettings();
        return settings.withClassWeights(settings.classWeights().byIndex(classNames()));
    }

    /** Where finished searches are kept, or null: the model cache's folder. */
    private SearchCache searchCache() {
        ModelCache cache = modelCache();
        return cache == null ? null : new SearchCache(cache);
    }

    /** The POM's {@code <hyperParameters>}, as the core takes them. */
    private List<Map<String, String>> declaredSpace() {
        return hyperParameters == null
                ? List.of()
                : hyperParameters.stream()
                        .map(HyperParameterConfiguration::toSettings)
                        .toList();
    }

    private SearchSpace searchSpace(ModelSpec spec) throws MojoExecutionException {
        try {
            return SearchSpace.forModel(spec, declaredSpace());
        } catch (InvalidSettingException e) {
            throw new MojoExecutionException(
                    e.getMessage() + ". Fix the <hyperParameters> in the plugin's <configuration>.", e);
        }
    }

    /**
     * Whether this goal searches: not when the mnist-model packaging's lifecycle, not the POM or the command line,
     * started it with no {@code <hyperParameters>}, as that lifecycle tunes only what the POM asks to tune.
     */
    private boolean searches() {
        return (hyperParameters != null && !hyperParameters.isEmpty()) || !boundByModelPackaging();
    }

    private boolean boundByModelPackaging() {
        return project != null
                && AbstractModelMojo.MODEL_PACKAGING.equals(project.getPackaging())
                && mojoExecution != null
                && "default-tune".equals(mojoExecution.getExecutionId());
    }

    private TuningSettings tuningSettings() {
        return TuningSettings.builder()
                .tuner(tuner)
                .parallelTrials(parallelTrials)
                .objective(Objective.fromId(objective))
                .maxTrials(maxTrials)
                .epochs(tuningEpochs)
                .timeoutSeconds(TuningSettings.parseTimeout(tuningTimeout))
                .patience(tuningPatience)
                .maxConsecutiveFailures(maxConsecutiveFailedTrials)
                .validationSplit(validationSplit)
                .overwrite(overwrite)
                .hyperband(hyperbandFactor, hyperbandIterations)
                .bayesian(bayesianInitialPoints, BayesianOptimizationOracle.Acquisition.fromId(bayesianAcquisition))
                .build();
    }
}
