package io.github.mnistgate.mnist.util;

import java.util.Optional;
import java.util.function.Predicate;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.CrashReportingUtil;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Chooses how ND4J runs before it loads: the oneDNN native build where the plugin ships it (Linux x86-64; the AVX2
 * one where the CPU has AVX2),
 * with Deeplearning4j's oneDNN layer helpers switched on (they are off by default in 1.0.0-M2.1), and the
 * number of threads. See bench/README.md for the measurements behind these choices.
 */
public final class NativeBackend {

    static final String EXTENSION = "javacpp.platform.extension";
    static final String HELPERS_DISABLED = "org.eclipse.deeplearning4j.helpers.disable";
    static final String ONEDNN = "-onednn";
    static final String ONEDNN_AVX2 = "-onednn-avx2";

    /** Threads set by {@link #threads(int)}; ND4J's environment does not report the OpenMP setting. */
    private static volatile int threadsInUse;

    private static final ThreadLocal<Integer> PINNED = new ThreadLocal<>();
    /** ND4J's own thread count (one per core), read before anything changes it. */
    private static int defaultThreads;
    /** Open stretches of single-threaded native work ({@link #singleThreadedBegin}). */
    private static int singleThreaded;

    private NativeBackend() {}

    /**
     * Must run before the first use of {@code Nd4j} in this JVM; later calls change nothing that already
     * loaded. Settings the user made ({@code -Djavacpp.platform.extension=…}) are kept.
     */
    public static synchronized void prepare() {
        if (System.getProperty(EXTENSION) == null) {
            String extension = extensionFor(NativeBackend::buildPresent, CpuInfo.hasAvx2());
            if (extension != null) {
                System.setProperty(EXTENSION, extension);
            }
        }
        if (System.getProperty(HELPERS_DISABLED) == null) {
            System.setProperty(HELPERS_DISABLED, "false");
        }
        // On native out-of-memory DL4J would write a memory crash dump into the working directory, through oshi,
        // which the plugin leaves out of its dependencies (bench/footprint.sh); the plugin reports that error itself.
        CrashReportingUtil.crashDumpsEnabled(false);
    }

    /**
     * The build to load, of those on the class path: oneDNN built for AVX2 (what the plugin ships for Linux x86-64:
     * smaller, and faster on the ops oneDNN leaves to libnd4j) where the CPU has AVX2, else the generic oneDNN build
     * (which a user on an older CPU adds, see {@link #unusableBuild}); null for the platform's plain build.
     */
    static String extensionFor(Predicate<String> present, boolean avx2) {
        if (avx2 && present.test(ONEDNN_AVX2)) {
            return ONEDNN_AVX2;
        }
        return present.test(ONEDNN) ? ONEDNN : null;
    }

    /**
     * Why no native build on the class path can run on this CPU, with what to add; empty when one can. The AVX2
     * build would stop the JVM with an illegal instruction on a CPU without AVX2, so this is checked first.
     */
    public static Optional<String> unusableBuild() {
        return unusableBuild(
                NativeBackend::buildPresent,
                CpuInfo.hasAvx2(),
                System.getProperty(EXTENSION),
                org.bytedeco.javacpp.Loader.getPlatform(),
                CpuInfo.model(),
                nd4jVersion());
    }

    static Optional<String> unusableBuild(
            Predicate<String> present,
            boolean avx2,
            String extension,
            String platform,
            String cpu,
            String nd4jVersion) {
        boolean needsAvx2 =
                extension == null ? !present.test("") && present.test(ONEDNN_AVX2) : extension.endsWith("avx2");
        if (avx2 || !needsAvx2) {
            return Optional.empty();
        }
        return Optional.of("this CPU (" + cpu + ") has no AVX2, and the plugin's native build for " + platform
                + " (" + platform + ONEDNN_AVX2 + ") needs it. Add org.nd4j:nd4j-native:" + nd4jVersion + ":"
                + platform + ONEDNN + " to the plugin's <dependencies> in your POM: it runs on any x86-64 CPU, and the"
                + " plugin then chooses it by itself");
    }

    /** ND4J's version, from its jar's Maven metadata. */
    static String nd4jVersion() {
        try (var in = NativeBackend.class
                .getClassLoader()
                .getResourceAsStream("META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            java.util.Properties properties = new java.util.Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "<ND4J's version>");
        } catch (java.io.IOException e) {
            return "<ND4J's version>";
        }
    }

    /** Whether the native build with this extension ("" for the plain one) is on the class path. */
    static boolean buildPresent(String extension) {
        String platform = org.bytedeco.javacpp.Loader.getPlatform();
        return NativeBackend.class
                        .getClassLoader()
                        .getResource("org/nd4j/linalg/cpu/nativecpu/bindings/" + platform + extension + "/")
                != null;
    }

    /**
     * Sets the number of threads ND4J's native code uses; {@code 0} keeps ND4J's choice (one per core).
     *
     * @return the number of threads now in use
     */
    public static synchronized int threads(int threads) {
        checkThreads(threads);
        knowDefault();
        int n = threads > 0 ? threads : defaultThreads;
        threadsInUse = n;
        if (singleThreaded == 0) {
            apply(n);
        }
        return n;
    }

    /**
     * Undoes a temporary {@link #threads(int)}: {@code previous} is what {@link #threadsInUse()} said before it,
     * 0 for ND4J's own choice that nobody made explicit.
     */
    public static synchronized void restoreThreads(int previous) {
        threads(previous);
        threadsInUse = previous;
    }

    /**
     * Opens a stretch of work that runs the native libraries on one thread per calling thread (the plugin's own steps
     * and its inference pass, which split work among threads of their own). While any such stretch is open, in any
     * module of the build, the native libraries run one thread; when the last closes they get the count the build set.
     * {@link #threadsInUse()}, which plans and fingerprints read, never changes here, so another module's training in
     * the same JVM ({@code mvn -T 2}) never sees a passing count, and a step never sees the count change under it.
     */
    public static synchronized void singleThreadedBegin() {
        knowDefault();
        if (singleThreaded++ == 0) {
            apply(1);
        }
    }

    /** Closes a stretch that {@link #singleThreadedBegin} opened. */
    public static synchronized void singleThreadedEnd() {
        if (singleThreaded > 0 && --singleThreaded == 0) {
            apply(threadsInUse > 0 ? threadsInUse : defaultThreads);
        }
    }

    /**
     * Runs the native libraries on {@code threads} threads until {@link #threadsAsSet}, leaving
     * {@link #threadsInUse()} as the build set it (DL4J's own step in shards).
     */
    public static synchronized void threadsForAWhile(int threads) {
        knowDefault();
        apply(threads);
    }

    /** Gives the native libraries back the count the build set, or one thread while a single-threaded stretch is open. */
    public static synchronized void threadsAsSet() {
        knowDefault();
        apply(singleThreaded > 0 ? 1 : threadsInUse > 0 ? threadsInUse : defaultThreads);
    }

    private static void apply(int threads) {
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** Loads the backend and notes ND4J's own thread count, once. */
    private static void knowDefault() {
        Nd4j.getExecutioner(); // loads the backend; NativeOpsHolder cannot initialise before it
        if (defaultThreads == 0) {
            defaultThreads = Nd4j.getEnvironment().maxThreads();
        }
    }

    /**
     * Sets how many OpenMP threads ND4J's native code uses when called from the calling thread. OpenMP keeps this
     * count per thread, so a thread that ND4J did not start uses every core until it says otherwise.
     */
    public static void threadsOnThisThread(int threads) {
        Nd4j.getExecutioner(); // as in threads(int): on a fresh JVM (a Spark executor) this may be the first use
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
    }

    /**
     * Gives the calling thread a share of the threads of its own, for work that runs beside other work of the same
     * kind (trials in parallel): {@link #pinnedThreadsHere()} then says how many, and training on this thread stays
     * within them instead of changing the count for the whole JVM.
     */
    public static void pinThreadsHere(int threads) {
        threadsOnThisThread(threads);
        PINNED.set(threads);
    }

    /** The threads {@link #pinThreadsHere} gave the calling thread, or null. */
    public static Integer pinnedThreadsHere() {
        return PINNED.get();
    }

    /** The threads that training on the calling thread uses: its pinned share, else the JVM's count. */
    public static int threadsHere() {
        Integer pinned = PINNED.get();
        return pinned != null
                ? pinned
                : threadsInUse > 0 ? threadsInUse : Runtime.getRuntime().availableProcessors();
    }

    /** The native build that runs, e.g. {@code linux-x86_64-avx2}. */
    public static String build() {
        return org.bytedeco.javacpp.Loader.getPlatform() + System.getProperty(EXTENSION, "");
    }

    /** The threads ND4J was last told to use by {@link #threads(int)}; 0 when it was never called. */
    public static int threadsInUse() {
        return threadsInUse;
    }

    /** Fails on a thread count that makes no sense, without loading ND4J. */
    public static void checkThreads(int threads) {
        if (threads < 0 || threads > 1024) {
            throw new InvalidSettingException(
                    "threads", threads, "must be 0 (one per core) or a number of threads from 1 to 1024");
        }
    }

    /** One line for the log: which native build runs, on how many threads. */
    public static String describe() {
        int threads = threadsInUse > 0 ? threadsInUse : Nd4j.getEnvironment().maxThreads();
        return "ND4J " + build() + ", " + threads + " thread(s)";
    }

    /** As {@link #describe()}, and whether the network's 2-D layers use oneDNN, for a network DL4J's layers train. */
    public static String describe(MultiLayerNetwork network) {
        String helper = "no convolution layers";
        for (Layer layer : network.getLayers()) {
            if (layer instanceof ConvolutionLayer conv) {
                helper = conv.getHelper() == null
                        ? "oneDNN helpers off (im2col path)"
                        : "convolutions through " + conv.getHelper().getClass().getSimpleName();
                break;
            }
        }
        return describe() + ", " + helper;
    }
}
