package io.github.mnistgate.mnist.spark;

import io.github.mnistgate.mnist.tuning.TrainingFiles;
import io.github.mnistgate.mnist.tuning.Trial;
import io.github.mnistgate.mnist.tuning.TrialExecutor;
import io.github.mnistgate.mnist.tuning.TrialStore;
import io.github.mnistgate.mnist.tuning.TrialTask;
import io.github.mnistgate.mnist.tuning.TuningJob;
import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.BuildLog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Runs each trial as a Spark job of one task, so that trials are scheduled, retried and spread over the executors
 * by Spark itself. The driver keeps the oracle and the trial store; an executor gets the trial's
 * {@link TrialTask} and the broadcast training files and sends back the ended trial. A task that keeps failing
 * (its executor lost more often than {@code spark.task.maxFailures}) ends its trial failed, with Spark's reason.
 */
public final class SparkTrialExecutor implements TrialExecutor {

    private final JavaSparkContext spark;
    private final Broadcast<TrainingFiles> files;
    private final TrialTask template;
    private final TrialStore store;
    private final BuildLog log;
    private final Map<Integer, Running> running = new LinkedHashMap<>();

    private record Running(Trial trial, JavaFutureAction<List<TrialTask.Outcome>> result, long startedNanos) {}

    private SparkTrialExecutor(
            JavaSparkContext spark, TrainingFiles files, TrialTask template, TrialStore store, BuildLog log) {
        this.spark = spark;
        this.files = spark.broadcast(files);
        this.template = template;
        this.store = store;
        this.log = log;
    }

    /** Trials as tasks of {@code spark}, each given {@code files} (sent once to each executor). */
    public static TuningJob.RemoteTrials on(JavaSparkContext spark, TrainingFiles files, BuildLog log) {
        return new TuningJob.RemoteTrials() {
            @Override
            public String where() {
                return "Spark (" + spark.master() + ")";
            }

            @Override
            public TrialExecutor.Factory executors(TrialTask template, TrialStore store) {
                return (capacity, runHere) -> new SparkTrialExecutor(spark, files, template, store, log);
            }
        };
    }

    @Override
    public void start(int index, Trial trial) throws IOException {
        byte[] parent = null;
        if (trial.continuesFrom() != null) {
            Path saved = store.checkpoint(trial.continuesFrom());
            parent = Files.isRegularFile(saved) ? Files.readAllBytes(saved) : null;
        }
        spark.setJobDescription("mnist " + trial.id());
        JavaFutureAction<List<TrialTask.Outcome>> result = spark.parallelize(List.of(template.of(trial, parent)), 1)
                .map(new RunTrial(files))
                .collectAsync();
        running.put(index, new Running(trial, result, System.nanoTime()));
    }

    @Override
    public int running() {
        return running.size();
    }

    @Override
    public Finished next() throws IOException {
        while (true) {
            for (Iterator<Map.Entry<Integer, Running>> it = running.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Integer, Running> e = it.next();
                if (e.getValue().result().isDone()) {
                    it.remove();
                    return new Finished(e.getKey(), ended(e.getValue()));
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for a Spark trial");
            }
        }
    }

    private Trial ended(Running r) throws IOException {
        try {
            TrialTask.Outcome outcome = r.result().get().get(0);
            if (outcome.model() != null) {
                byte[] model = outcome.model();
                AtomicFiles.write(store.checkpoint(r.trial().id()), out -> out.write(model));
            }
            return outcome.trial();
        } catch (ExecutionException e) {
            String reason = "its Spark task failed: " + firstLine(e.getCause());
            log.warn(r.trial().id() + " failed on Spark: " + firstLine(e.getCause()));
            return r.trial()
                    .failed(
                            reason,
                            (System.nanoTime() - r.startedNanos()) / 1e9,
                            Instant.now().toString())
                    .ranOn(Map.of("executor", "spark", "master", spark.master()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a Spark trial");
        }
    }

    private static String firstLine(Throwable t) {
        String m = t == null ? "unknown" : t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        for (Running r : running.values()) {
            r.result().cancel(true);
        }
        running.clear();
        files.destroy();
    }
}
