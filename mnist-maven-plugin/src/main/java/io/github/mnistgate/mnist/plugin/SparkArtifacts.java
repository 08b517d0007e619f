package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.spark.SparkClasspath;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.graph.DependencyFilter;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * Spark's jars, resolved on demand with Maven's own resolver (as surefire resolves its providers): the plugin
 * repositories of the project, with the mirrors, proxies and credentials of settings.xml, the local repository
 * and offline mode. So Spark is downloaded once, by the first build that sets {@code mnist.sparkMaster}, and never
 * by a build that does not.
 */
final class SparkArtifacts {

    static final String GROUP = "org.apache.spark";
    static final String CORE = "spark-core_2.12";
    /**
     * The SLF4J that Spark 3.5 is built and distributed with; resolved from spark-core's POM alone, an older one
     * (1.7, through Avro) would be nearer, and Spark's log4j2 binding would then log nothing.
     */
    static final String SLF4J = "org.slf4j:slf4j-api:2.0.7";

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    SparkArtifacts(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
        this.system = system;
        this.session = session;
        this.repositories = repositories;
    }

    /** spark-core (Scala 2.12) of {@code version} and everything it needs at run time. */
    List<SparkClasspath.Jar> spark(String version) throws MojoExecutionException {
        Artifact core = new DefaultArtifact(GROUP, CORE, "jar", version);
        Set<String> notAtRuntime = Set.of("test", "provided", "system");
        DependencyFilter runtime = (node, parents) -> node.getDependency() == null
                || !notAtRuntime.contains(node.getDependency().getScope());
        CollectRequest collect = new CollectRequest(new Dependency(core, "runtime"), repositories);
        collect.addDependency(new Dependency(new DefaultArtifact(SLF4J), "runtime"));
        try {
            List<SparkClasspath.Jar> jars = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session, new DependencyRequest(collect, runtime))
                    .getArtifactResults()) {
                Artifact a = r.getArtifact();
                jars.add(jar(a.getGroupId(), a.getArtifactId(), a.getClassifier(), a.getFile()));
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new MojoExecutionException(
                    "[mnist] mnist.sparkMaster is set, but Spark " + version + " ("
                            + GROUP + ":" + CORE + ":" + version + ") cannot be resolved from the local repository and "
                            + repositories.stream().map(RemoteRepository::getId).toList()
                            + (session.isOffline() ? " while offline" : "") + ": " + e.getMessage()
                            + ". Check mnist.sparkVersion, or run once online",
                    e);
        }
    }

    /** The plugin's own jar and its dependencies, as Maven resolved them for this build. */
    static List<SparkClasspath.Jar> plugin(PluginDescriptor descriptor) {
        List<SparkClasspath.Jar> jars = new ArrayList<>();
        org.apache.maven.artifact.Artifact self = descriptor.getPluginArtifact();
        jars.add(jar(self.getGroupId(), self.getArtifactId(), self.getClassifier(), self.getFile()));
        for (org.apache.maven.artifact.Artifact a : descriptor.getArtifacts()) {
            if (a.getFile() != null && a.getFile().getName().endsWith(".jar")) {
                jars.add(jar(a.getGroupId(), a.getArtifactId(), a.getClassifier(), a.getFile()));
            }
        }
        return jars;
    }

    private static SparkClasspath.Jar jar(String groupId, String artifactId, String classifier, java.io.File file) {
        String key = groupId + ":" + artifactId + (classifier == null || classifier.isEmpty() ? "" : ":" + classifier);
        return new SparkClasspath.Jar(key, groupId, artifactId, file.toPath());
    }
}
