package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.report.EvaluationJob.Baseline;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.List;
import org.eclipse.aether.DefaultRepositorySystemSession;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;
import org.eclipse.aether.resolution.VersionRangeRequest;
import org.eclipse.aether.resolution.VersionRangeResolutionException;
import org.eclipse.aether.resolution.VersionRangeResult;
import org.eclipse.aether.version.Version;

/**
 * Resolves the baseline model ({@code groupId:artifactId:version}, classifier {@code model}, type {@code zip}, or
 * type {@code onnx} where a model trained elsewhere was published without a zip)
 * with Maven's own resolver: the project's remote repositories with the mirrors, proxies and credentials of
 * settings.xml already applied, the local repository, and offline mode. The version may be a range,
 * {@code LATEST} or {@code RELEASE}. Never from the build's own reactor: the baseline is what was published
 * before, not the model this build just made.
 */
final class BaselineResolver {

    static final String CLASSIFIER = AbstractModelMojo.CLASSIFIER;
    static final String EXTENSION = "zip";
    static final String ONNX_EXTENSION = AbstractModelMojo.ONNX_TYPE;

    private final RepositorySystem system;
    private final RepositorySystemSession session;
    private final List<RemoteRepository> repositories;

    BaselineResolver(RepositorySystem system, RepositorySystemSession session, List<RemoteRepository> repositories) {
        DefaultRepositorySystemSession withoutReactor = new DefaultRepositorySystemSession(session);
        withoutReactor.setWorkspaceReader(null);
        this.system = system;
        this.session = withoutReactor;
        this.repositories = repositories;
    }

    /** Checks the coordinates' form without resolving anything. */
    static String[] parse(String coordinates) {
        String[] parts =
                coordinates == null ? new String[0] : coordinates.trim().split(":");
        if (parts.length != 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            throw new InvalidSettingException(
                    "baseline",
                    coordinates,
                    "use groupId:artifactId:version of a published model"
                            + " (classifier model, type zip or onnx), e.g. com.example:digits-classifier:1.2; the version may be a range"
                            + " such as [1.0,2.0), LATEST or RELEASE; or none for no baseline");
        }
        return new String[] {parts[0].trim(), parts[1].trim(), parts[2].trim()};
    }

    /** The baseline's file with the resolved version in its coordinates, or why it cannot be had. */
    Baseline resolve(String coordinates) {
        String[] gav = parse(coordinates);
        String version = gav[2];
        try {
            if (isRange(version) || version.equals("LATEST") || version.equals("RELEASE")) {
                version = newest(gav[0], gav[1], version);
                if (version == null) {
                    return Baseline.missing(
                            coordinates,
                            "no version matching " + gav[2] + " was found in " + describe(repositories)
                                    + (session.isOffline() ? " (offline: the local repository only)" : ""));
                }
            }
            String resolved = gav[0] + ":" + gav[1] + ":" + version;
            Artifact zip = new DefaultArtifact(gav[0], gav[1], CLASSIFIER, EXTENSION, version);
            Artifact found;
            try {
                found = system.resolveArtifact(session, new ArtifactRequest(zip, repositories, null))
                        .getArtifact();
            } catch (ArtifactResolutionException noZip) {
                Artifact onnx = new DefaultArtifact(gav[0], gav[1], CLASSIFIER, ONNX_EXTENSION, version);
                try {
                    found = system.resolveArtifact(session, new ArtifactRequest(onnx, repositories, null))
                            .getArtifact();
                } catch (ArtifactResolutionException noOnnx) {
                    throw noZip; // the zip is what a model of this plugin's has; say why it is missing
                }
            }
            return Baseline.found(resolved, found.getFile().toPath());
        } catch (ArtifactResolutionException | VersionRangeResolutionException e) {
            return Baseline.missing(
                    coordinates,
                    "it cannot be resolved (" + e.getMessage() + ")" + (session.isOffline() ? " while offline" : ""));
        }
    }

    private String newest(String groupId, String artifactId, String version) throws VersionRangeResolutionException {
        String range = isRange(version) ? version : "[0,)";
        Artifact artifact = new DefaultArtifact(groupId, artifactId, CLASSIFIER, EXTENSION, range);
        VersionRangeResult result =
                system.resolveVersionRange(session, new VersionRangeRequest(artifact, repositories, null));
        List<Version> versions = result.getVersions();
        for (int i = versions.size() - 1; i >= 0; i--) {
            String v = versions.get(i).toString();
            if (!version.equals("RELEASE") || !v.endsWith("-SNAPSHOT")) {
                return v;
            }
        }
        return null;
    }

    private static boolean isRange(String version) {
        return version.startsWith("[") || version.startsWith("(");
    }

    private static String describe(List<RemoteRepository> repositories) {
        return "the local repository and "
                + (repositories.isEmpty()
                        ? "no remote repository"
                        : repositories.stream()
                                .map(r -> r.getId() + " (" + r.getUrl() + ")")
                                .toList());
    }
}
