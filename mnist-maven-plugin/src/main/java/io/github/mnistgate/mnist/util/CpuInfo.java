package io.github.mnistgate.mnist.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The instruction set the native kernels dispatch to. oneDNN picks AVX-512 or AVX2 kernels by the CPU (or by
 * {@code DNNL_MAX_CPU_ISA}), and the two round differently, so the same seed trains slightly different models
 * on the two kinds of machine: the training fingerprint and the model card record which one ran.
 */
public final class CpuInfo {

    private static volatile String instructionSet;
    private static volatile Set<String> flags;

    private CpuInfo() {}

    /** {@code avx512_core}, {@code avx2}, {@code sse41} or the architecture's name, with any cap in force. */
    public static String instructionSet() {
        if (instructionSet == null) {
            String isa = fromFlags(flags(), System.getProperty("os.arch", "unknown"));
            String cap = System.getenv("DNNL_MAX_CPU_ISA");
            instructionSet = cap == null || cap.isBlank() ? isa : isa + " (DNNL_MAX_CPU_ISA=" + cap.trim() + ")";
        }
        return instructionSet;
    }

    static String fromFlags(Set<String> flags, String arch) {
        if (flags.containsAll(Set.of("avx512f", "avx512bw", "avx512vl", "avx512dq"))) {
            return "avx512_core";
        }
        if (hasAvx2(flags)) {
            return "avx2";
        }
        if (flags.contains("sse4_1")) {
            return "sse41";
        }
        return arch.toLowerCase(Locale.ROOT);
    }

    /** Whether this CPU runs code built for AVX2 (with FMA), as ND4J's {@code -avx2} natives are. */
    public static boolean hasAvx2() {
        return hasAvx2(flags());
    }

    static boolean hasAvx2(Set<String> flags) {
        return flags.contains("avx2") && flags.contains("fma");
    }

    /** The CPU's name, for messages; the architecture where {@code /proc/cpuinfo} has none. */
    public static String model() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try (var lines = Files.lines(cpuinfo)) {
                var name = lines.filter(l -> l.startsWith("model name")).findFirst();
                if (name.isPresent()) {
                    return name.get().substring(name.get().indexOf(':') + 1).trim();
                }
            } catch (IOException | RuntimeException e) {
                // fall through to the architecture
            }
        }
        return System.getProperty("os.arch", "unknown");
    }

    /** The flags line of {@code /proc/cpuinfo}, read once; empty where there is none (macOS, Windows). */
    private static Set<String> flags() {
        if (flags == null) {
            flags = readFlags();
        }
        return flags;
    }

    private static Set<String> readFlags() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(cpuinfo)) {
            return Set.of();
        }
        try (var lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> new HashSet<>(
                            Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))))
                    .map(s -> (Set<String>) s)
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
