package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.util.BuildLog;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The JVM switches that chose kernels before {@code mnist.kernels} existed. Each still works: it logs a warning that
 * names {@code mnist.kernels} and maps onto it. A switch that turned a compiled kernel off maps onto {@code dl4j}; the
 * ones that tuned DL4J's own layers ({@code mnist.pooling}, {@code mnist.forwardReuse},
 * {@code mnist.firstLayerWeightsOnly}) have no effect left but the warning, since DL4J's layers now run unpatched.
 */
final class LegacyKernelSwitches {

    /** Switches whose {@code false} turned one of the plugin's kernels off. */
    static final List<String> OFF_MEANS_DL4J =
            List.of("mnist.denseStep", "mnist.convStep", "mnist.inferencePass", "mnist.dataParallel");
    /** Switches of DL4J's patched layers, gone with the patches. */
    static final List<String> GONE = List.of("mnist.pooling", "mnist.forwardReuse", "mnist.firstLayerWeightsOnly");

    private LegacyKernelSwitches() {}

    /**
     * The kernels to use: {@code configured} unless an old switch in {@code properties} (the build's user and system
     * properties) turns a kernel off, in which case {@code dl4j}; each old switch found is warned about.
     */
    static Kernels apply(Kernels configured, Properties properties, BuildLog log) {
        Kernels kernels = configured;
        for (String name : OFF_MEANS_DL4J) {
            String value = properties.getProperty(name);
            if (value == null) {
                continue;
            }
            boolean off = value.trim().toLowerCase(Locale.ROOT).equals("false");
            log.warn("-D" + name + "=" + value + " is replaced by mnist.kernels"
                    + (off
                            ? "; taken as -Dmnist.kernels=dl4j"
                            : "; it has no effect (mnist.kernels=" + configured + ")"));
            if (off) {
                kernels = Kernels.DL4J;
            }
        }
        for (String name : GONE) {
            String value = properties.getProperty(name);
            if (value != null) {
                log.warn("-D" + name + "=" + value + " has no effect: DL4J's layers run unpatched; mnist.kernels=dl4j"
                        + " runs stock DL4J for everything, mnist.kernels=auto the compiled path where it applies");
            }
        }
        return kernels;
    }
}
