package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.fetch.FetchSettings;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.execution.DefaultMavenExecutionRequest;
import org.apache.maven.execution.MavenExecutionRequest;
import org.apache.maven.model.Plugin;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.plugin.testing.AbstractMojoTestCase;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.ProjectBuilder;
import org.apache.maven.project.ProjectBuildingRequest;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.eclipse.aether.DefaultRepositorySystemSession;

/**
 * The mojos as Maven configures them from a POM (maven-plugin-testing-harness): POM values reach the
 * core, and bad settings or unreachable sources become build errors that say what to do.
 */
public class MojoTest extends AbstractMojoTestCase {

    private static final File POM = new File("src/test/resources/unit/basic/pom.xml");

    public void testPomConfigurationReachesTheCore() throws Exception {
        EvaluateMojo mojo = (EvaluateMojo) mojo("evaluate");
        assertEquals(2, mojo.trainingSettings().epochs());
        assertEquals(64, mojo.trainingSettings().batchSize()); // the default
        assertEquals(0.975, mojo.gate().minAccuracy(), 1e-12);
        assertEquals(
                List.of("test accuracy >= 0.9750", "recall of each class >= 0.9500"),
                mojo.gate().limits().stream()
                        .map(io.github.mnistgate.mnist.evaluation.Limit::describe)
                        .toList());
        assertEquals(0.95, mojo.evaluationSettings().confidence(), 0.0);
        assertNull("none by default", mojo.baselineCoordinates());
        assertEquals("custom", mojo.modelSpec().name());
        assertEquals(2, mojo.modelSpec().layers().size());
        assertEquals("64", mojo.modelSpec().layers().get(0).settings().get("units"));
        assertEquals(
                "<augmentation>'s elements, one per Keras layer",
                "randomFlip=horizontal,randomTranslation=0.1",
                mojo.trainingSettings().augmentation().describe());
    }

    public void testSkipDoesNothingAndSaysSo() throws Exception {
        TrainMojo mojo = (TrainMojo) mojo("train");
        setVariableValueToObject(mojo, "skip", true);
        setVariableValueToObject(mojo, "epochs", -1); // would fail if anything ran
        List<String> lines = new ArrayList<>();
        mojo.setLog(recording(lines));
        mojo.execute();
        assertEquals(List.of("[mnist] skipped (mnist.skip=true)"), lines);
    }

    public void testBadSettingFailsAtOnceNamingSettingValueAndTheDAlternative() throws Exception {
        assertSettingError(
                "train",
                "epochs",
                -3,
                "Invalid epochs '-3': must be a whole number from 1 to 10000",
                "-Dmnist.epochs=<value>");
        assertSettingError(
                "evaluate", "minAccuracy", "1.5", "Invalid minAccuracy '1.5'", "-Dmnist.minAccuracy=<value>");
        assertSettingError(
                "train",
                "dataset",
                "cifar",
                "Invalid dataset 'cifar': allowed values are mnist, fashion-mnist",
                "-Dmnist.dataset=<value>");
        assertSettingError("evaluate", "optimizer", "lbfgs", "Invalid optimizer 'lbfgs'", "-Dmnist.optimizer=<value>");
        assertSettingError(
                "train",
                "kernels",
                "fast",
                "Invalid kernels 'fast': allowed values are auto, dl4j",
                "-Dmnist.kernels=<value>");
        assertSettingError(
                "evaluate", "readTimeout", "soon", "Invalid readTimeout 'soon'", "-Dmnist.readTimeout=<value>");
        assertSettingError(
                "train",
                "classWeights",
                "wolf=2",
                "Invalid classWeights 'wolf=2': 'wolf' is no class: use a class index from 0 to 9",
                "-Dmnist.classWeights=<value>");
        AugmentationConfiguration badFlip = new AugmentationConfiguration();
        badFlip.set("randomFlip=diagonal");
        assertSettingError(
                "train",
                "augmentation",
                badFlip,
                "Invalid augmentation 'randomFlip=diagonal': <randomFlip> 'diagonal': use horizontal",
                "-Dmnist.augmentation=<value>");
        assertSettingError(
                "tune",
                "checkpointEvery",
                -1,
                "Invalid checkpointEvery '-1': must be a whole number of"
                        + " epochs from 1 to 10000, or 0 for no checkpoints",
                "-Dmnist.checkpointEvery=<value>");
    }

    /**
     * Each goal declares the settings it reads and no others: {@code mnist:fetch} has no {@code epochs}, so
     * {@code mvn mnist:fetch -Dmnist.epochs=-1} passes. In a build, the plugin's first goal checks the later goals'
     * settings ({@link LaterGoals}; the IT fetch-reads-dataset-settings runs both).
     */
    public void testEachGoalDeclaresOnlyTheSettingsItReads() throws Exception {
        assertDeclares("fetch", List.of("dataset", "sources", "retryDelays", "imageSize"), List.of("epochs", "model"));
        assertDeclares("fetch", List.of(), List.of("minAccuracy", "threads", "retrain"));
        assertDeclares(
                "tune",
                List.of("epochs", "model", "tuner", "augmentation", "classWeights"),
                List.of("minAccuracy", "retrain", "earlyStopping"));
        assertDeclares("train", List.of("earlyStopping", "validationSplit", "objective"), List.of("tuningEpochs"));
        assertDeclares("train", List.of("epochs", "retrain", "kernels"), List.of("minAccuracy", "baseline", "tuner"));
        assertDeclares("evaluate", List.of("epochs", "minAccuracy", "baseline", "limits"), List.of("tuner"));

        AbstractMnistMojo fetch = (AbstractMnistMojo) mojo("fetch");
        fetch.checkSettings();
        setVariableValueToObject(fetch, "retryDelays", "soon");
        assertEquals(
                "retryDelays",
                assertThrows(InvalidSettingException.class, fetch::checkSettings)
                        .setting());
        AbstractMnistMojo train = (AbstractMnistMojo) mojo("train");
        setVariableValueToObject(train, "epochs", -1);
        assertEquals(
                "epochs",
                assertThrows(InvalidSettingException.class, train::checkSettings)
                        .setting());
    }

    private void assertDeclares(String goal, List<String> declared, List<String> notDeclared) throws Exception {
        Set<String> parameters =
                newMojoExecution(goal).getMojoDescriptor().getParameterMap().keySet();
        for (String p : declared) {
            assertTrue(goal + " declares " + p, parameters.contains(p));
        }
        for (String p : notDeclared) {
            assertFalse(goal + " does not declare " + p, parameters.contains(p));
        }
    }

    /** The plugin's first goal in a build checks the later ones; the others leave that to it. */
    public void testTheFirstOfThePluginsGoalsChecksTheLaterOnes() throws Exception {
        MojoExecution fetch = execution("fetch", "default-fetch");
        MojoExecution train = execution("train", "default-train");
        MojoExecution evaluate = execution("evaluate", "gate");
        PluginDescriptor compiler = new PluginDescriptor();
        compiler.setGroupId("org.apache.maven.plugins");
        compiler.setArtifactId("maven-compiler-plugin");
        MojoDescriptor compile = new MojoDescriptor();
        compile.setGoal("compile");
        compile.setPluginDescriptor(compiler);
        MojoExecution compiling = new MojoExecution(compile, "default-compile");
        List<MojoExecution> plan = List.of(compiling, fetch, compiling, train, evaluate);

        assertEquals(List.of(train, evaluate), LaterGoals.after(fetch, plan));
        assertEquals(List.of(), LaterGoals.after(train, plan));
        assertEquals(List.of(), LaterGoals.after(evaluate, plan));
        assertEquals(List.of(evaluate), LaterGoals.after(train, List.of(train, evaluate)));
        assertEquals(
                "another execution of the same goal is not this one",
                List.of(),
                LaterGoals.after(execution("train", "other"), List.of(train, evaluate)));
        assertEquals(List.of(), LaterGoals.after(fetch, List.of(compiling)));
    }

    private MojoExecution execution(String goal, String id) throws Exception {
        return new MojoExecution(newMojoExecution(goal).getMojoDescriptor(), id);
    }

    public void testAnImageFolderIsCheckedBeforeAnyWorkNamingTheSettingOrTheFile() throws Exception {
        File missing = new File("target/no-such-images");
        Mojo fetch = mojo("fetch");
        setVariableValueToObject(fetch, "dataset", "folder");
        setVariableValueToObject(fetch, "imageDirectory", missing);
        MojoExecutionException e = assertThrows(MojoExecutionException.class, fetch::execute);
        assertTrue(
                e.getMessage(), e.getMessage().startsWith("Invalid imageDirectory '" + missing + "': no such folder"));
        assertTrue(e.getMessage(), e.getMessage().endsWith("or pass -Dmnist.imageDirectory=<value>."));

        File oneClass = Files.createTempDirectory("images").toFile();
        new File(oneClass, "cat").mkdirs();
        Mojo train = mojo("train");
        setVariableValueToObject(train, "dataset", "folder");
        setVariableValueToObject(train, "imageDirectory", oneClass);
        e = assertThrows(MojoExecutionException.class, train::execute);
        assertEquals(
                "[mnist] " + oneClass + " holds only one class folder, 'cat'; a classifier needs at least two classes",
                e.getMessage());

        new File(oneClass, "dog").mkdirs();
        Mojo evaluate = mojo("evaluate");
        setVariableValueToObject(evaluate, "dataset", "folder");
        setVariableValueToObject(evaluate, "imageDirectory", oneClass);
        setVariableValueToObject(evaluate, "imageSize", "64x0");
        e = assertThrows(MojoExecutionException.class, evaluate::execute);
        assertTrue(e.getMessage(), e.getMessage().startsWith("Invalid imageSize '64x0'"));
        assertSettingError(
                "fetch",
                "colorMode",
                "cmyk",
                "Invalid colorMode 'cmyk': allowed values are grayscale, rgb",
                "-Dmnist.colorMode=<value>");
    }

    public void testCheckpointsGoUnderTheOutputDirectory() throws Exception {
        TrainMojo mojo = (TrainMojo) mojo("train");
        assertTrue(mojo.checkpoints().enabled());
        assertEquals(
                mojo.outputFiles().checkpoints().resolve("checkpoint.zip"),
                mojo.checkpoints().file());
        setVariableValueToObject(mojo, "checkpointEvery", 0);
        assertFalse(mojo.checkpoints().enabled());
    }

    public void testRetryDelaysAndLockTimeoutReachTheFetchSettingsWithTheCoreDefaults() throws Exception {
        FetchMojo mojo = (FetchMojo) mojo("fetch");
        assertEquals(FetchSettings.DEFAULT_RETRY_DELAYS, mojo.fetchSettings().retryDelays());
        assertEquals(FetchSettings.DEFAULT_LOCK_TIMEOUT, mojo.fetchSettings().lockTimeout());
        setVariableValueToObject(mojo, "retryDelays", "1s, 2s,4s");
        setVariableValueToObject(mojo, "lockTimeout", "2h");
        assertEquals(
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)),
                mojo.fetchSettings().retryDelays());
        assertEquals(Duration.ofHours(2), mojo.fetchSettings().lockTimeout());
        setVariableValueToObject(mojo, "retryDelays", "none");
        assertEquals(List.of(), mojo.fetchSettings().retryDelays());
    }

    public void testBadRetryDelaysOrLockTimeoutFailAtOnceNamingSettingValueAndTheDAlternative() throws Exception {
        assertSettingError(
                "fetch",
                "retryDelays",
                "1s,soon",
                "Invalid retryDelays '1s,soon': 'soon' is not a duration;"
                        + " use comma-separated pauses such as 1s,2s,4s",
                "-Dmnist.retryDelays=<value>");
        assertSettingError(
                "fetch",
                "retryDelays",
                "1s,11m",
                "Invalid retryDelays '1s,11m': '11m' is more than 10m",
                "-Dmnist.retryDelays=<value>");
        assertSettingError(
                "train",
                "retryDelays",
                "1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
                "11 pauses are too many; use comma-separated pauses such as 1s,2s,4s (at most 10",
                "-Dmnist.retryDelays=<value>");
        assertSettingError(
                "fetch",
                "lockTimeout",
                "0s",
                "Invalid lockTimeout '0s': must be more than 0s and at most 24h",
                "-Dmnist.lockTimeout=<value>");
        assertSettingError(
                "evaluate", "lockTimeout", "forever", "Invalid lockTimeout 'forever'", "-Dmnist.lockTimeout=<value>");
    }

    public void testBadGateSettingsFailAtOnceNamingSettingValueAndTheDAlternative() throws Exception {
        assertSettingError(
                "evaluate",
                "confidence",
                "1.5",
                "Invalid confidence '1.5': use a confidence level from 0.5 to"
                        + " 0.9999 such as 0.95, or a percentage such as 95%",
                "-Dmnist.confidence=<value>");
        assertSettingError(
                "evaluate",
                "gateMode",
                "confidnet",
                "Invalid gateMode 'confidnet': allowed values are estimate,"
                        + " confident, tolerant; did you mean 'confident'?",
                "-Dmnist.gateMode=<value>");
        assertSettingError(
                "evaluate",
                "baseline",
                "com.example:digits",
                "Invalid baseline 'com.example:digits': use" + " groupId:artifactId:version of a published model",
                "-Dmnist.baseline=<value>");
        assertSettingError(
                "evaluate",
                "maxRegression",
                "-1%",
                "Invalid maxRegression '-1%': use a fraction from 0 to 1",
                "-Dmnist.maxRegression=<value>");
        assertSettingError(
                "evaluate",
                "significance",
                "0.7",
                "Invalid significance '0.7': use a level above 0 and at" + " most 0.5",
                "-Dmnist.significance=<value>");
        File aFile = Files.createTempFile("mnist", ".zip").toFile();
        assertSettingError(
                "train",
                "modelCache",
                aFile.getPath(),
                "Invalid modelCache '" + aFile.getPath() + "': " + aFile.getPath()
                        + " is a file; give a folder, default for <cacheDirectory>/models, or none",
                "-Dmnist.modelCache=<value>");
        assertSettingError(
                "train",
                "modelCacheSize",
                0,
                "Invalid modelCacheSize '0': must be a number of models from 1" + " to 1000",
                "-Dmnist.modelCacheSize=<value>");
    }

    public void testARuleThatMakesNoSenseFailsAtOnceNamingTheElement() throws Exception {
        Mojo mojo = mojo("evaluate");
        LimitConfiguration rule = new LimitConfiguration();
        setVariableValueToObject(rule, "metric", "recall");
        setVariableValueToObject(rule, "label", "12");
        setVariableValueToObject(rule, "minimum", "0.9");
        setVariableValueToObject(mojo, "limits", List.of(rule));
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals(
                "Invalid limits 'limit 1 (recall) <label> 12': not a class: use a class index from 0 to 9, or each for"
                        + " every class. Set <limits> in the plugin's <configuration>.",
                e.getMessage());
    }

    public void testModelCacheDefaultsToTheDatasetCachesFolderAndNoneTurnsItOff() throws Exception {
        TrainMojo mojo = (TrainMojo) mojo("train");
        File cache = Files.createTempDirectory("mnist-cache").toFile();
        setVariableValueToObject(mojo, "cacheDirectory", cache);
        assertEquals(cache.toPath().resolve("models"), mojo.modelReuse().cacheDirectory());
        setVariableValueToObject(mojo, "modelCache", "/var/cache/models");
        assertEquals(new File("/var/cache/models").toPath(), mojo.modelReuse().cacheDirectory());
        setVariableValueToObject(mojo, "modelCache", "none");
        assertNull(mojo.modelReuse().cacheDirectory());
    }

    public void testHaltOnFailureChoosesBetweenFailingAndWarningOnTheCoresVerdict() throws Exception {
        List<String> lines = new ArrayList<>();
        io.github.mnistgate.mnist.util.BuildLog log = io.github.mnistgate.mnist.util.ListLog.into(lines);
        List<String> violations = List.of(
                "recall of class 3 is 0.9000, but expected minimum is 0.9700",
                "recall of class 8 is 0.9600, but expected minimum is 0.9700");
        org.apache.maven.plugin.MojoFailureException failure = assertThrows(
                org.apache.maven.plugin.MojoFailureException.class,
                () -> EvaluateMojo.enforce(
                        List.of("recall of each class >= 0.9700"),
                        violations,
                        null,
                        true,
                        log,
                        new File("target/mnist/evaluation.md").toPath()));
        assertEquals(
                "[mnist] recall of class 3 is 0.9000, but expected minimum is 0.9700\n[mnist] recall of class 8 is"
                        + " 0.9600, but expected minimum is 0.9700\n[mnist] (see target/mnist/evaluation.md;"
                        + " -Dmnist.haltOnFailure=false only warns)",
                failure.getMessage());

        lines.clear();
        EvaluateMojo.enforce(
                List.of("recall of each class >= 0.9700"),
                violations,
                null,
                false,
                log,
                new File("target/mnist/evaluation.md").toPath());
        assertEquals(
                List.of(
                        violations.get(0) + " (haltOnFailure=false: not failing the build)",
                        violations.get(1) + " (haltOnFailure=false: not failing the build)"),
                lines);

        lines.clear();
        EvaluateMojo.enforce(List.of("test accuracy >= 0.9900"), List.of(), "g:a:1", true, log, null);
        assertEquals(
                List.of("gate passed: test accuracy >= 0.9900; no significant drop below the baseline g:a:1"), lines);
    }

    public void testNoSourceDeliveringFailsNamingEachSource() throws Exception {
        FetchMojo mojo = (FetchMojo) mojo("fetch");
        File empty = Files.createTempDirectory("mnist-empty").toFile();
        File cache = Files.createTempDirectory("mnist-cache").toFile();
        setVariableValueToObject(mojo, "sources", new File(empty, "missing").getPath() + "," + empty.getPath());
        setVariableValueToObject(mojo, "cacheDirectory", cache);
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage(), e.getMessage().contains(new File(empty, "missing").getPath()));
        assertTrue(e.getMessage(), e.getMessage().contains(empty.getPath()));
        assertTrue(e.getMessage(), e.getMessage().contains("mnist.sources"));
    }

    private void assertSettingError(String goal, String field, Object value, String message, String hint)
            throws Exception {
        Mojo mojo = mojo(goal);
        setVariableValueToObject(mojo, field, value);
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage(), e.getMessage().contains(message));
        assertTrue(e.getMessage(), e.getMessage().contains(hint));
    }

    /** The goal's mojo configured as Maven would: POM values plus the descriptor's defaults. */
    private Mojo mojo(String goal) throws Exception {
        MavenExecutionRequest request = new DefaultMavenExecutionRequest();
        ProjectBuildingRequest building = request.getProjectBuildingRequest();
        building.setRepositorySession(new DefaultRepositorySystemSession());
        MavenProject project = lookup(ProjectBuilder.class).build(POM, building).getProject();
        MojoExecution execution = newMojoExecution(goal);
        // Maven hands each goal only the POM elements it declares; the harness would hand it every one.
        Plugin plugin = project.getPlugin(
                execution.getMojoDescriptor().getPluginDescriptor().getPluginLookupKey());
        Xpp3Dom declared = new Xpp3Dom("configuration");
        if (plugin.getConfiguration() instanceof Xpp3Dom pom) {
            for (Xpp3Dom element : pom.getChildren()) {
                if (execution.getMojoDescriptor().getParameterMap().containsKey(element.getName())) {
                    declared.addChild(new Xpp3Dom(element));
                }
            }
        }
        plugin.setConfiguration(null);
        execution.setConfiguration(Xpp3Dom.mergeXpp3Dom(declared, execution.getConfiguration()));
        return lookupConfiguredMojo(newMavenSession(project), execution);
    }

    private static <T extends Throwable> T assertThrows(Class<T> type, Executable action) {
        try {
            action.run();
        } catch (Throwable t) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + t, t);
        }
        throw new AssertionError("expected " + type.getSimpleName() + " but nothing was thrown");
    }

    private interface Executable {
        void run() throws Exception;
    }

    private static SystemStreamLog recording(List<String> lines) {
        return new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                lines.add(content.toString());
            }
        };
    }
}
