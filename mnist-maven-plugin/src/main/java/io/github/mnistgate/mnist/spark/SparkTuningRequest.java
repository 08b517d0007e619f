package io.github.mnistgate.mnist.spark;

import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.DatasetInfo;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.tuning.TuningSettings;
import io.github.mnistgate.mnist.util.AtomicFiles;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@code mnist:tune} hands the Spark driver it forks: the search exactly as the goal parsed it, the verified
 * dataset files, and where and how to run Spark. Written by the goal and read by {@link SparkTuningDriver}, both
 * from the same plugin jar.
 *
 * @param hyperParameters the POM's search space declarations, as {@code SearchSpace.forModel} takes them
 * @param threads         {@code mnist.threads} (0: one per core) for trials on the driver itself ({@code local[n]})
 * @param conf            Spark settings, passed as they are
 * @param executorJars    the plugin's jars that executors fetch from the driver (empty for {@code local[n]})
 * @param modelCache      the model cache's folder, where the finished search is kept; null for none
 */
public record SparkTuningRequest(
        DatasetInfo dataset,
        Map<DatasetFile, String> files,
        ModelSpec spec,
        List<Map<String, String>> hyperParameters,
        TrainingSettings base,
        TuningSettings tuning,
        String outputDirectory,
        int threads,
        String master,
        Map<String, String> conf,
        List<String> executorJars,
        String appName,
        String modelCache,
        int modelCacheSize,
        java.time.Duration lockTimeout)
        implements Serializable {

    /** A request lacking only what the goal learns last: the dataset and its files, and the jars that travel. */
    public record Builder(
            ModelSpec spec,
            List<Map<String, String>> hyperParameters,
            TrainingSettings base,
            TuningSettings tuning,
            String outputDirectory,
            int threads,
            String master,
            Map<String, String> conf,
            String appName,
            String modelCache,
            int modelCacheSize,
            java.time.Duration lockTimeout) {
        public SparkTuningRequest build(
                DatasetInfo dataset, Map<DatasetFile, String> files, List<String> executorJars) {
            return new SparkTuningRequest(
                    dataset,
                    files,
                    spec,
                    hyperParameters,
                    base,
                    tuning,
                    outputDirectory,
                    threads,
                    master,
                    conf,
                    executorJars,
                    appName,
                    modelCache,
                    modelCacheSize,
                    lockTimeout);
        }
    }

    public SparkTuningRequest {
        files = new java.util.EnumMap<>(files);
        hyperParameters = hyperParameters.stream()
                .map(m -> (Map<String, String>) new java.util.LinkedHashMap<>(m))
                .toList();
        conf = new java.util.LinkedHashMap<>(conf);
        executorJars = List.copyOf(executorJars);
    }

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            ObjectOutputStream o = new ObjectOutputStream(out);
            o.writeObject(this);
            o.flush();
        });
    }

    public static SparkTuningRequest read(Path file) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
            return (SparkTuningRequest) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException(file + " was written by another version of the plugin: " + e.getMessage(), e);
        }
    }

    /** Whether the master runs executors inside the driver ({@code local}, {@code local[n]}, {@code local[n,f]}). */
    public boolean isLocal() {
        return master.equals("local") || master.startsWith("local[");
    }
}
