package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.util.BuildLog;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.lifecycle.LifecycleExecutor;
import org.apache.maven.plugin.MavenPluginManager;
import org.apache.maven.plugin.Mojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.PluginConfigurationException;
import org.apache.maven.plugin.PluginContainerException;
import org.apache.maven.plugin.descriptor.MojoDescriptor;

/**
 * The plugin's goals that this build runs after its first one, configured as Maven will configure them. Each goal
 * declares only the settings it reads, so {@code mnist:fetch} has no {@code epochs}; in {@code mvn verify} the fetch
 * still checks the training's and the gate's settings through them, and a bad one fails before any download.
 */
final class LaterGoals {

    private final LifecycleExecutor lifecycleExecutor;
    private final MavenPluginManager pluginManager;
    private final MavenSession session;
    private final MojoExecution current;
    private final BuildLog log;

    LaterGoals(
            LifecycleExecutor lifecycleExecutor,
            MavenPluginManager pluginManager,
            MavenSession session,
            MojoExecution current,
            BuildLog log) {
        this.lifecycleExecutor = lifecycleExecutor;
        this.pluginManager = pluginManager;
        this.session = session;
        this.current = current;
        this.log = log;
    }

    /**
     * When the current goal is the plugin's first in this build, checks the settings of every later one. Where Maven
     * cannot say what the build runs (the testing harness), each goal checks its own settings when it starts.
     */
    void checkSettings() throws IOException, MojoExecutionException {
        if (lifecycleExecutor == null
                || pluginManager == null
                || session == null
                || session.getCurrentProject() == null
                || current == null
                || current.getMojoDescriptor() == null) {
            return;
        }
        // Working out the plan leaves the project's class loader as the thread's, under which ND4J would not find
        // its backend later; the goal's own is put back before any setting is checked.
        ClassLoader goalLoader = Thread.currentThread().getContextClassLoader();
        try {
            for (MojoExecution later : after(current, plan())) {
                check(later, goalLoader);
            }
        } finally {
            Thread.currentThread().setContextClassLoader(goalLoader);
        }
    }

    /** The mojo executions of this project's build, in order; none when Maven cannot work them out. */
    private List<MojoExecution> plan() {
        List<String> tasks = session.getGoals() == null ? List.of() : session.getGoals();
        String defaultGoal = session.getCurrentProject().getDefaultGoal();
        if (tasks.isEmpty() && defaultGoal != null) {
            tasks = Arrays.asList(defaultGoal.trim().split("\\s+"));
        }
        try {
            return lifecycleExecutor
                    .calculateExecutionPlan(session, tasks.toArray(String[]::new))
                    .getMojoExecutions();
        } catch (Exception e) { // its eleven checked exceptions all mean the same here
            log.debug("the build's later goals are not known (" + e + "); each checks its own settings");
            return List.of();
        }
    }

    /**
     * The executions of {@code current}'s plugin that follow it in {@code plan}, when {@code current} is the first of
     * them; none otherwise, as the first one checked them.
     */
    static List<MojoExecution> after(MojoExecution current, List<MojoExecution> plan) {
        List<MojoExecution> ours = new ArrayList<>();
        for (MojoExecution execution : plan) {
            if (samePlugin(current, execution)) {
                ours.add(execution);
            }
        }
        if (ours.isEmpty() || !sameExecution(current, ours.get(0))) {
            return List.of();
        }
        return List.copyOf(ours.subList(1, ours.size()));
    }

    private static boolean samePlugin(MojoExecution a, MojoExecution b) {
        MojoDescriptor da = a.getMojoDescriptor();
        MojoDescriptor db = b.getMojoDescriptor();
        return da != null
                && db != null
                && Objects.equals(
                        da.getPluginDescriptor().getPluginLookupKey(),
                        db.getPluginDescriptor().getPluginLookupKey());
    }

    private static boolean sameExecution(MojoExecution a, MojoExecution b) {
        return Objects.equals(a.getGoal(), b.getGoal()) && Objects.equals(a.getExecutionId(), b.getExecutionId());
    }

    /** Configures {@code later} as Maven will, and has it check the settings it reads beyond the dataset's. */
    private void check(MojoExecution later, ClassLoader goalLoader) throws IOException, MojoExecutionException {
        Mojo mojo;
        try {
            mojo = pluginManager.getConfiguredMojo(Mojo.class, session, later);
        } catch (PluginConfigurationException e) {
            throw new MojoExecutionException(
                    "[mnist] mnist:" + later.getGoal() + " (" + later.getExecutionId() + "), which this build runs"
                            + " later, cannot be configured: " + e.getMessage(),
                    e);
        } catch (PluginContainerException e) {
            log.debug("mnist:" + later.getGoal() + " not checked ahead (" + e + "); it checks its settings itself");
            return;
        }
        Thread.currentThread().setContextClassLoader(goalLoader);
        try {
            if (mojo instanceof AbstractMnistMojo goal && !goal.skip) {
                goal.checkGoalSettings();
            }
        } finally {
            pluginManager.releaseMojo(mojo, later);
        }
    }
}
