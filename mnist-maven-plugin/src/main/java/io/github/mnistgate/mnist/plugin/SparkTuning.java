package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.fetch.FetchedDataset;
import io.github.mnistgate.mnist.spark.SparkClasspath;
import io.github.mnistgate.mnist.spark.SparkDriverLauncher;
import io.github.mnistgate.mnist.spark.SparkTuningRequest;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;

/**
 * {@code mnist:tune} with {@code mnist.sparkMaster} set: resolves Spark, forks the driver with the search the goal
 * parsed, and turns how the driver ended into the goal's outcome: a failed search fails the build
 * ({@code MojoFailureException}), anything else that stops the driver is an execution error.
 */
final class SparkTuning {

    private static final Pattern MASTER =
            Pattern.compile("local(\\[(\\*|\\d+)(,\\d+)?])?|spark://[^\\s/]+(,[^\\s/]+)*|yarn|k8s://\\S+|mesos://\\S+");

    private SparkTuning() {}

    /** Whether a master is set ({@code none} and blank mean not), after checking its form. */
    static boolean wanted(String master) {
        if (master == null || master.isBlank() || master.trim().equalsIgnoreCase("none")) {
            return false;
        }
        if (!MASTER.matcher(master.trim()).matches()) {
            throw new InvalidSettingException(
                    "sparkMaster",
                    master,
                    "use local[n] (n threads in the build's own"
                            + " Spark driver), spark://host:port (a standalone cluster), yarn, k8s://https://host:port, or none");
        }
        return true;
    }

    /** Spark settings: the POM's {@code <sparkConf>}, then every {@code spark.*} system or user property. */
    static Map<String, String> conf(Map<String, String> pom, Properties... properties) {
        Map<String, String> conf = new LinkedHashMap<>(pom == null ? Map.of() : pom);
        for (Properties p : properties) {
            for (String name : p.stringPropertyNames()) {
                if (name.startsWith("spark.")) {
                    conf.put(name, p.getProperty(name));
                }
            }
        }
        return conf;
    }

    /** What the driver JVM inherits from the build's: the plugin's own switches and the native loader's. */
    static Map<String, String> systemProperties() {
        Map<String, String> forwarded = new LinkedHashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("mnist.") || name.startsWith("javacpp.") || name.startsWith("org.bytedeco.")) {
                forwarded.put(name, System.getProperty(name));
            }
        }
        return forwarded;
    }

    static void run(
            SparkTuningRequest.Builder request,
            FetchedDataset data,
            String sparkVersion,
            SparkArtifacts resolver,
            PluginDescriptor plugin,
            Path work,
            BuildLog log)
            throws MojoExecutionException, MojoFailureException {
        Map<DatasetFile, String> files = new EnumMap<>(DatasetFile.class);
        data.files().forEach((k, v) -> files.put(k, v.toAbsolutePath().toString()));
        SparkClasspath.Plan plan = SparkClasspath.plan(resolver.spark(sparkVersion), SparkArtifacts.plugin(plugin));
        SparkTuningRequest built = request.build(
                data.dataset(),
                files,
                plan.executorJars().stream().map(Path::toString).toList());
        SparkDriverLauncher.Result result;
        try {
            result = SparkDriverLauncher.run(built, plan.driver(), plan.launcherJar(), work, systemProperties(), log);
        } catch (IOException e) {
            throw new MojoExecutionException("[mnist] cannot start the Spark driver: " + e.getMessage(), e);
        }
        if (result.searchFailed()) {
            throw new MojoFailureException("[mnist] " + result.failure());
        }
        if (!result.succeeded()) {
            throw new MojoExecutionException(
                    "[mnist] the Spark driver for " + built.master() + " ended with exit status "
                            + result.exitStatus()
                            + (result.error() != null
                                    ? ": " + result.error()
                                    : result.exitStatus() > 128
                                            ? " (killed by signal " + (result.exitStatus() - 128) + ")"
                                            : "")
                            + ". Trials that completed are kept in " + built.outputDirectory()
                            + "/tuning: run the build again to resume the search");
        }
    }
}
