package io.github.mnistgate.mnist.spark;

import io.github.mnistgate.mnist.tuning.TrainingFiles;
import io.github.mnistgate.mnist.tuning.TrialTask;
import io.github.mnistgate.mnist.util.BuildLog;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;

/**
 * The Spark task of one trial, run on an executor: trains with as many native threads as the task holds cores
 * ({@code spark.task.cpus}), on the training files broadcast once to every executor.
 */
final class RunTrial implements Function<TrialTask, TrialTask.Outcome> {

    private static final long serialVersionUID = 1L;

    private final Broadcast<TrainingFiles> files;

    RunTrial(Broadcast<TrainingFiles> files) {
        this.files = files;
    }

    @Override
    public TrialTask.Outcome call(TrialTask task) throws Exception {
        String executor = SparkEnv.get().executorId();
        TaskContext context = TaskContext.get();
        int threads = context == null ? 1 : Math.max(1, context.cpus());
        BuildLog log = new StreamLog(System.err, SparkTuningDriver.PREFIX);
        log.info(task.trial().id() + " started on executor " + executor + " (attempt "
                + (context == null ? 0 : context.attemptNumber()) + ", " + threads + " thread(s))");
        return task.run(files.value(), executor, threads, log);
    }
}
