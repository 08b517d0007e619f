package io.github.mnistgate.mnist.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which jars make up the Spark driver's class path, and which of them travel to the executors. Spark's own jars
 * come first and win wherever both sides bring the same library (Spark checks the versions of some, Jackson's
 * among them). Of the plugin's jars, those only the goals use inside Maven (Maven, Plexus, Sisu, Doxia, Velocity,
 * the report's charts) stay behind; the rest (the plugin jar, DL4J, ND4J and its natives) are what an executor
 * needs beside a Spark installation, and are what the driver itself runs on, so that a {@code local[n]} search
 * proves the set complete.
 */
public final class SparkClasspath {

    /** Groups of the jars that only the goals use inside Maven. */
    static final List<String> MAVEN_ONLY = List.of(
            "org.apache.maven",
            "org.codehaus.plexus",
            "org.eclipse.sisu",
            "org.eclipse.aether",
            "org.apache.velocity",
            "classworlds",
            "javax.enterprise",
            "javax.inject",
            "javax.annotation",
            "org.jfree",
            "commons-digester",
            "org.apache.commons.digester");

    /**
     * A jar of a resolved dependency.
     *
     * @param key {@code groupId:artifactId}, and {@code :classifier} when there is one
     */
    public record Jar(String key, String groupId, String artifactId, Path file) {}

    /**
     * @param driver       the class path of the driver: Spark's jars, then the travelling jars
     * @param executorJars the plugin's jars that executors fetch ({@code spark.jars})
     * @param launcherJar  Spark's launcher jar (its module options)
     */
    public record Plan(List<Path> driver, List<Path> executorJars, Path launcherJar) {}

    private SparkClasspath() {}

    public static Plan plan(List<Jar> spark, List<Jar> plugin) {
        Set<String> fromSpark = new HashSet<>();
        List<Path> driver = new ArrayList<>();
        for (Jar j : spark) {
            if (fromSpark.add(j.key())) {
                driver.add(j.file());
            }
        }
        List<Path> travelling = new ArrayList<>();
        Set<String> seen = new HashSet<>(fromSpark);
        for (Jar j : plugin) {
            boolean mavenOnly = MAVEN_ONLY.stream()
                    .anyMatch(g -> j.groupId().equals(g) || j.groupId().startsWith(g + "."));
            if (!mavenOnly && seen.add(j.key())) {
                travelling.add(j.file());
            }
        }
        driver.addAll(travelling);
        Optional<Jar> launcher = spark.stream()
                .filter(j -> j.artifactId().startsWith("spark-launcher_"))
                .findFirst();
        return new Plan(
                driver,
                travelling,
                launcher.map(Jar::file)
                        .orElseThrow(() -> new IllegalArgumentException("Spark's jars lack spark-launcher: "
                                + spark.stream().map(Jar::key).toList())));
    }
}
