package io.github.mnistgate.mnist.util;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Where ND4J computes: {@code cpu} (the plugin's own natives) or {@code cuda} (an NVIDIA GPU). */
public enum Backend {
    CPU,
    CUDA;

    /** What shows that an NVIDIA driver is loaded, on Linux. */
    static final List<Path> NVIDIA_DRIVER = List.of(Path.of("/proc/driver/nvidia/version"), Path.of("/dev/nvidiactl"));

    public static Backend fromId(String id) {
        String v = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "cpu" -> CPU;
            case "cuda" -> CUDA;
            default ->
                throw new InvalidSettingException(
                        "backend",
                        id,
                        "allowed values are cpu (the default) and cuda"
                                + Suggestions.didYouMean(v, List.of("cpu", "cuda")));
        };
    }

    /** What shows a GPU on this machine: the driver's files, or {@code nvidia-smi} on the path; empty for none. */
    public static Optional<String> nvidiaGpu(List<Path> driverFiles, String path) {
        for (Path p : driverFiles) {
            if (Files.exists(p)) {
                return Optional.of(p.toString());
            }
        }
        for (String dir : (path == null ? "" : path).split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, "nvidia-smi"))) {
                return Optional.of(Path.of(dir, "nvidia-smi").toString());
            }
        }
        return Optional.empty();
    }

    /**
     * Fails at once when this backend cannot run here, before any download or training.
     *
     * @throws BackendUnavailableException with what was looked for and what to do instead
     */
    public void checkAvailable(List<Path> driverFiles, String path) {
        if (this == CPU) {
            NativeBackend.unusableBuild().ifPresent(why -> {
                throw new BackendUnavailableException(why);
            });
            return;
        }
        Optional<String> gpu = nvidiaGpu(driverFiles, path);
        if (gpu.isEmpty()) {
            throw new BackendUnavailableException("mnist.backend=cuda needs an NVIDIA GPU with its driver, and this"
                    + " machine has none (no "
                    + String.join(
                            ", no ", driverFiles.stream().map(Path::toString).toList())
                    + ", no nvidia-smi on the PATH). Use mnist.backend=cpu, the default, or run the build on a machine"
                    + " with a GPU");
        }
        throw new BackendUnavailableException("mnist.backend=cuda: an NVIDIA GPU is here (" + gpu.get() + "), but this"
                + " version of the plugin trains on ND4J's CPU backend only; the CUDA backend (nd4j-cuda) is not"
                + " built into it yet. Use mnist.backend=cpu, the default");
    }

    public void checkAvailable() {
        checkAvailable(NVIDIA_DRIVER, System.getenv("PATH"));
    }

    /** A backend that cannot run on this machine. */
    public static final class BackendUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public BackendUnavailableException(String message) {
            super(message);
        }
    }
}
