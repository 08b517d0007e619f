package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.data.Examples;
import io.github.mnistgate.mnist.evaluation.Evaluator;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Durations;
import io.github.mnistgate.runtime.ImageShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains a network with minibatch gradient descent, reshuffling the examples every epoch with a seeded
 * random order (as Keras's {@code fit} does), and logs progress: per epoch loss, accuracy, examples per
 * second, elapsed time and ETA, and within long epochs a line every {@link #PROGRESS_EVERY_NANOS}.
 */
public final class Trainer {

    /** Examples used to measure training accuracy after each epoch. */
    static final int ACCURACY_SAMPLE = 5_000;

    private static final long PROGRESS_EVERY_NANOS = 30_000_000_000L;

    /** Called after every epoch; returning false stops training (early stopping, time budgets). */
    @FunctionalInterface
    public interface EpochListener {
        boolean afterEpoch(EpochMetrics metrics);
    }

    private final BuildLog log;
    private final String label;
    /** The images' shape, which augmentation needs; null where the settings augment nothing. */
    private final ImageShape shape;

    /** @param label prefix of every progress line, e.g. {@code train} or {@code trial_003} */
    public Trainer(BuildLog log, String label) {
        this(log, label, null);
    }

    /** @param shape the training images' shape, for {@link TrainingSettings#augmentation()} */
    public Trainer(BuildLog log, String label, ImageShape shape) {
        this.log = log;
        this.label = label;
        this.shape = shape;
    }

    public TrainingResult train(MultiLayerNetwork network, DataSet train, TrainingSettings settings) {
        return train(network, Examples.of(train), null, settings, m -> true);
    }

    /**
     * @param validation examples to score after every epoch, or null
     */
    public TrainingResult train(
            MultiLayerNetwork network,
            DataSet train,
            DataSet validation,
            TrainingSettings settings,
            EpochListener listener) {
        return train(
                network, Examples.of(train), validation == null ? null : Examples.of(validation), settings, listener);
    }

    /**
     * @param validation examples to score after every epoch, or null
     */
    public TrainingResult train(
            MultiLayerNetwork network,
            Examples train,
            Examples validation,
            TrainingSettings settings,
            EpochListener listener) {
        return train(network, train, validation, settings, listener, List.of());
    }

    /**
     * Continues a run of which {@code completed} epochs are already done (a resumed checkpoint): the example order of
     * those epochs is replayed without training, so every later epoch sees the order it would have seen in an
     * uninterrupted run.
     *
     * @param validation examples to score after every epoch, or null
     */
    public TrainingResult train(
            MultiLayerNetwork network,
            Examples train,
            Examples validation,
            TrainingSettings settings,
            EpochListener listener,
            List<EpochMetrics> completed) {
        return train(
                network,
                train,
                validation,
                settings,
                listener,
                completed,
                ShardPlan.forThisThread(network, Math.min(settings.batchSize(), train.count()), settings.kernels()));
    }

    /** As above, with each minibatch split as {@code plan} says (the plan the training fingerprint recorded). */
    public TrainingResult train(
            MultiLayerNetwork network,
            Examples train,
            Examples validation,
            TrainingSettings settings,
            EpochListener listener,
            List<EpochMetrics> completed,
            ShardPlan plan) {
        long seed = settings.hyperParameters().seed();
        int n = train.count();
        int batch = Math.min(settings.batchSize(), n);
        Examples sample = train.head(ACCURACY_SAMPLE);
        Random order = new Random(seed);
        int[] indices = IntStream.range(0, n).toArray();
        List<EpochMetrics> history = new ArrayList<>(completed);
        for (int epoch = 1; epoch <= completed.size(); epoch++) {
            shuffle(indices, order);
        }
        long start = System.nanoTime();
        boolean stopped = false;
        AugmentedBatches augmented = null;
        if (!settings.augmentation().none()) {
            if (shape == null) {
                throw new IllegalStateException("augmentation needs the images' shape: construct the Trainer with it");
            }
            augmented = new AugmentedBatches(shape, settings.augmentation(), seed);
        }
        Examples.Minibatches minibatches = train.minibatches();
        try (MinibatchStep step = MinibatchStep.of(network, plan)) {
            for (int epoch = completed.size() + 1; epoch <= settings.epochs() && !stopped; epoch++) {
                shuffle(indices, order);
                // Seeded per epoch (dropout masks and anything else drawn from ND4J's generator), so a resumed run
                // draws what an uninterrupted one would.
                step.seed(seed + epoch - 1);
                long epochStart = System.nanoTime();
                double loss = epoch(step, minibatches, augmented, indices, batch, epoch, settings.epochs());
                double epochSeconds = seconds(System.nanoTime() - epochStart);
                double trainAccuracy =
                        Evaluator.evaluate(network, sample, settings.kernels()).accuracy();
                double validationLoss = Double.NaN;
                double validationAccuracy = Double.NaN;
                if (validation != null) {
                    Evaluation v = Evaluator.evaluate(network, validation, settings.kernels());
                    validationAccuracy = v.accuracy();
                    validationLoss = Evaluator.loss(network, validation);
                }
                EpochMetrics metrics = new EpochMetrics(
                        epoch, loss, trainAccuracy, validationLoss, validationAccuracy, n / epochSeconds, epochSeconds);
                history.add(metrics);
                double elapsed = seconds(System.nanoTime() - start);
                int ranNow = epoch - completed.size();
                log.info(describe(metrics, settings.epochs(), elapsed, elapsed / ranNow * (settings.epochs() - epoch)));
                stopped = !listener.afterEpoch(metrics) && epoch < settings.epochs();
            }
        }
        return new TrainingResult(network, history, n, seconds(System.nanoTime() - start), stopped);
    }

    private String describe(EpochMetrics m, int epochs, double elapsed, double eta) {
        String validation = m.hasValidation()
                ? String.format(
                        java.util.Locale.ROOT,
                        ", val_loss %.4f, val_accuracy %.4f",
                        m.validationLoss(),
                        m.validationAccuracy())
                : "";
        return String.format(
                java.util.Locale.ROOT,
                "%s epoch %d/%d: loss %.4f, train accuracy %.4f%s, %.0f examples/s, elapsed %s, ETA %s",
                label,
                m.epoch(),
                epochs,
                m.loss(),
                m.trainAccuracy(),
                validation,
                m.examplesPerSecond(),
                Durations.format(elapsed),
                Durations.format(eta));
    }

    /**
     * One pass over {@code train} in the order of {@code indices}, logging progress within long epochs.
     *
     * @return the mean of the minibatches' losses
     */
    private double epoch(
            MinibatchStep step,
            Examples.Minibatches minibatches,
            AugmentedBatches augmented,
            int[] indices,
            int batch,
            int epoch,
            int epochs) {
        int n = indices.length;
        long epochStart = System.nanoTime();
        long nextProgress = epochStart + PROGRESS_EVERY_NANOS;
        double lossSum = 0;
        int batches = 0;
        for (int from = 0; from < n; from += batch) {
            int[] rows = java.util.Arrays.copyOfRange(indices, from, Math.min(n, from + batch));
            Examples.Batch read = minibatches.batch(rows);
            Examples.Batch fed = augmented == null ? read : augmented.batch(read, epoch, from);
            lossSum += step.fit(fed.features(), fed.labels(), fed.rows());
            batches++;
            long now = System.nanoTime();
            if (now > nextProgress) {
                int done = Math.min(n, from + batch);
                double perSecond = done / seconds(now - epochStart);
                log.info(String.format(
                        java.util.Locale.ROOT,
                        "%s epoch %d/%d: %,d/%,d examples, loss %.4f, %.0f examples/s, epoch ETA %s",
                        label,
                        epoch,
                        epochs,
                        done,
                        n,
                        lossSum / batches,
                        perSecond,
                        Durations.format((n - done) / perSecond)));
                nextProgress = now + PROGRESS_EVERY_NANOS;
            }
        }
        return lossSum / batches;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
