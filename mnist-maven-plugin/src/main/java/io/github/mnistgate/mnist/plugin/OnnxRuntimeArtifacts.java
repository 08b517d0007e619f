package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.onnx.OnnxRuntime;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;

/**
 * ONNX Runtime's jar, resolved with Maven's own resolver when a model file is ONNX (as {@link SparkArtifacts} resolves
 * Spark): the plugin repositories with settings.xml's mirrors, proxies and credentials, the local repository and
 * offline mode. A build that scores no ONNX file never downloads it (93 MB).
 */
final class OnnxRuntimeArtifacts implements OnnxRuntime.Provider {

    /** The version the plugin is built and tested against: its {@code provided} dependency. */
    static final String COORDINATES = "com.microsoft.onnxruntime:onnxruntime:1.20.0";

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    OnnxRuntimeArtifacts(
            RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
        this.system = system;
        this.session = session;
        this.repositories = repositories;
    }

    @Override
    public OnnxRuntime get() throws IOException {
        CollectRequest collect =
                new CollectRequest(new Dependency(new DefaultArtifact(COORDINATES), "runtime"), repositories);
        try {
            List<Path> jars = new ArrayList<>();
            for (ArtifactResult r : system.resolveDependencies(session, new DependencyRequest(collect, null))
                    .getArtifactResults()) {
                jars.add(r.getArtifact().getFile().toPath());
            }
            return OnnxRuntime.of(jars);
        } catch (DependencyResolutionException e) {
            throw new IOException(
                    "the model file is ONNX, but ONNX Runtime (" + COORDINATES + ") cannot be resolved from the local"
                            + " repository and "
                            + repositories.stream().map(RemoteRepository::getId).toList()
                            + (session.isOffline() ? " while offline" : "") + ": " + e.getMessage()
                            + ". Run once online",
                    e);
        }
    }
}
