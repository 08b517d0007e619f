package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.data.Examples;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.data.ValidationSplit;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Folders;
import io.github.mnistgate.mnist.util.NativeBackend;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One trial as it travels to a machine that is not the build's (a Spark executor): everything the trial runner
 * needs besides the training images, which travel once per machine as {@link TrainingFiles}. The machine rebuilds
 * the same validation split from them, trains, scores each epoch as the build would, and sends back the ended
 * trial (and, for hyperband, the model a later round continues).
 *
 * @param deadlineMillis wall-clock time (epoch milliseconds) after which the trial stops after its current epoch,
 *                       0 for none
 * @param parentModel    the saved model of the trial this one continues (hyperband), or null
 */
public record TrialTask(
        Trial trial,
        ModelSpec spec,
        TrainingSettings base,
        Objective objective,
        int patience,
        long deadlineMillis,
        boolean keepModels,
        int examples,
        double validationSplit,
        long seed,
        byte[] parentModel)
        implements Serializable {

    /** What comes back: the ended trial, and the model it saved for a later round (or null). */
    public record Outcome(Trial trial, byte[] model) implements Serializable {}

    /** This task for {@code t}, continuing the model {@code parent} (or null). */
    public TrialTask of(Trial t, byte[] parent) {
        return new TrialTask(
                t,
                spec,
                base,
                objective,
                patience,
                deadlineMillis,
                keepModels,
                examples,
                validationSplit,
                seed,
                parent);
    }

    /** The split last built in this JVM, so that later trials on one executor skip the work. */
    private static Split split;

    private record Split(TrainingFiles files, String key, Examples train, Examples validation) {}

    /**
     * Trains and scores the trial here, with {@code threads} native threads.
     *
     * @param executor what the trial record calls this machine, e.g. a Spark executor's id
     */
    public Outcome run(TrainingFiles files, String executor, int threads, BuildLog log) throws IOException {
        NativeBackend.prepare();
        // An executor on another machine may lack what the build machine's natives need: say so, not a link error.
        NativeBackend.unusableBuild().ifPresent(why -> {
            throw new IllegalStateException(why);
        });
        NativeBackend.pinThreadsHere(threads);
        Split data = splitOf(files);
        Path work = Files.createTempDirectory("mnist-" + trial.id() + "-");
        try {
            TrialStore here = new TrialStore(work);
            if (parentModel != null) {
                Path parent = here.checkpoint(trial.continuesFrom());
                Files.createDirectories(parent.getParent());
                Files.write(parent, parentModel);
            }
            NetworkTrialRunner runner =
                    new NetworkTrialRunner(spec, base, data.train(), data.validation(), here, keepModels, log);
            long start = System.nanoTime();
            Trial ended = TrialScorer.runAndScore(
                    runner,
                    trial,
                    objective,
                    patience,
                    () -> deadlineMillis > 0 && System.currentTimeMillis() >= deadlineMillis,
                    () -> (System.nanoTime() - start) / 1e9,
                    here);
            Path saved = here.checkpoint(trial.id());
            byte[] model = Files.isRegularFile(saved) ? Files.readAllBytes(saved) : null;
            return new Outcome(ended.ranOn(ranHere(executor, threads)), model);
        } finally {
            Folders.deleteTree(work);
        }
    }

    @SuppressWarnings("ReferenceEquality") // files that arrived anew are verified anew, even when equal
    private Split splitOf(TrainingFiles files) throws IOException {
        String key = files.dataset().sha256(io.github.mnistgate.mnist.data.DatasetFile.TRAIN_IMAGES) + "/" + examples
                + "/" + validationSplit + "/" + seed;
        synchronized (TrialTask.class) {
            // Files that arrived anew (another broadcast) are verified anew, even when they claim the same content.
            if (split == null || split.files() != files || !split.key().equals(key)) {
                LabelledImages images = files.verified();
                ValidationSplit s = ValidationSplit.stratified(images, examples, validationSplit, seed);
                split = new Split(files, key, images.examples(s.train()), images.examples(s.validation()));
            }
            return split;
        }
    }

    /** Where a trial ran, for its record: the executor, the host, the native build and the threads. */
    public static Map<String, Object> ranHere(String executor, int threads) {
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("executor", executor);
        where.put("host", hostName());
        where.put("nativeBuild", NativeBackend.build());
        where.put("threads", threads);
        return where;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
