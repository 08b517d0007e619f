package io.github.mnistgate.mnist.spark;

import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.DatasetInfo;
import io.github.mnistgate.mnist.training.ModelCache;
import io.github.mnistgate.mnist.tuning.SearchCache;
import io.github.mnistgate.mnist.tuning.SearchSpace;
import io.github.mnistgate.mnist.tuning.TrainingFiles;
import io.github.mnistgate.mnist.tuning.TuningException;
import io.github.mnistgate.mnist.tuning.TuningJob;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark driver of a search: a JVM that {@code mnist:tune} forks, because Spark needs JVM options
 * ({@code --add-opens}) and library versions that a Maven JVM does not have. It runs the same {@link TuningJob} as a
 * local search, with the trials as Spark tasks, so the trial store, resume and the hand-off to {@code mnist:train}
 * are the local search's. Its log lines go to standard output marked for the goal to read back; it ends when its
 * standard input closes (the build is gone).
 */
public final class SparkTuningDriver {

    /** Marks the lines the goal turns back into its own log; the level follows. */
    public static final String PREFIX = "[mnist] ";
    /** The search failed (the goal fails the build); the message was logged at level {@code failure}. */
    public static final int EXIT_FAILED = 3;
    /** Anything else went wrong; the message was logged at level {@code error}. */
    public static final int EXIT_ERROR = 1;

    private SparkTuningDriver() {}

    public static void main(String[] args) {
        exitWhenParentEnds();
        StreamLog log = new StreamLog(System.out, PREFIX);
        int status;
        try {
            run(SparkTuningRequest.read(Path.of(args[0])), log);
            status = 0;
        } catch (TuningException e) {
            log.print("failure", e.getMessage());
            status = EXIT_FAILED;
        } catch (Throwable e) {
            e.printStackTrace(System.out);
            log.print("error", e.getMessage() == null ? e.getClass().getName() : e.getMessage());
            status = EXIT_ERROR;
        }
        System.out.flush();
        // Spark's and ND4J's non-daemon threads would keep the JVM alive.
        Runtime.getRuntime().halt(status);
    }

    static void run(SparkTuningRequest request, StreamLog log) throws IOException, TuningException {
        NativeBackend.prepare();
        NativeBackend.threads(request.threads());
        DatasetInfo dataset = request.dataset();
        Map<DatasetFile, Path> files = new EnumMap<>(DatasetFile.class);
        request.files().forEach((k, v) -> files.put(k, Path.of(v)));
        SparkConf conf = new SparkConf()
                .setMaster(request.master())
                .setAppName(request.appName())
                .set("spark.ui.enabled", "false");
        request.conf().forEach(conf::set);
        if (!request.isLocal()) {
            conf.set("spark.jars", String.join(",", request.executorJars()));
        }
        try (JavaSparkContext spark = new JavaSparkContext(conf)) {
            log.info("Spark " + spark.version() + " driver for " + request.master() + " (application "
                    + spark.sc().applicationId() + "); "
                    + (request.isLocal()
                            ? "executors in the driver"
                            : request.executorJars().size() + " jar(s) of the plugin sent to each executor"));
            // The training files are read once: the driver's own images and the executors' bytes come from them.
            TrainingFiles train = TrainingFiles.read(dataset, files);
            SearchSpace space = SearchSpace.forModel(request.spec(), request.hyperParameters());
            SearchCache cache = request.modelCache() == null
                    ? null
                    : new SearchCache(new ModelCache(
                            Path.of(request.modelCache()), request.modelCacheSize(), request.lockTimeout(), log));
            new TuningJob(log, cache)
                    .run(
                            train.verified(),
                            dataset.id(),
                            request.spec(),
                            space,
                            request.base(),
                            request.tuning(),
                            new OutputFiles(Path.of(request.outputDirectory())),
                            SparkTrialExecutor.on(spark, train, log));
        }
    }

    /** The goal keeps this JVM's standard input open while it waits; end of input means the build is gone. */
    private static void exitWhenParentEnds() {
        Thread watch = new Thread(
                () -> {
                    try {
                        while (System.in.read() >= 0) {
                            // nothing is ever sent; reading only waits for the end
                        }
                    } catch (IOException ignored) {
                        // the same as the end of input
                    }
                    Runtime.getRuntime().halt(143);
                },
                "mnist-parent-watch");
        watch.setDaemon(true);
        watch.start();
    }
}
