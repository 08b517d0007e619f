package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.data.Examples;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.NetworkFactory;
import io.github.mnistgate.mnist.training.EpochMetrics;
import io.github.mnistgate.mnist.training.ModelFiles;
import io.github.mnistgate.mnist.training.Trainer;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.BuildLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Trains a trial's network with DL4J on the training part of the split, scoring the validation part
 * after every epoch. A trial that continues another (hyperband) starts from the model that trial saved.
 */
final class NetworkTrialRunner implements Tuner.TrialRunner {

    private final ModelSpec spec;
    private final TrainingSettings base;
    private final Examples train;
    private final Examples validation;
    private final TrialStore store;
    private final boolean keepModels;
    private final BuildLog log;

    /**
     * @param keepModels save the model of each trial a later trial may continue (hyperband)
     */
    NetworkTrialRunner(
            ModelSpec spec,
            TrainingSettings base,
            Examples train,
            Examples validation,
            TrialStore store,
            boolean keepModels,
            BuildLog log) {
        this.spec = spec;
        this.base = base;
        this.train = train;
        this.validation = validation;
        this.store = store;
        this.keepModels = keepModels;
        this.log = log;
    }

    /** The class weights over this trial's training split, or null for none. */
    private double[] classWeights(TrainingSettings settings) {
        if (settings.classWeights().none()) {
            return null;
        }
        return settings.classWeights().weights(train.classes(), train.classCounts());
    }

    @Override
    public void run(Trial trial, Trainer.EpochListener listener) throws IOException {
        TrainingSettings settings = TrainingOverrides.apply(base, trial.hyperParameters());
        MultiLayerNetwork network = null;
        int done = 0;
        if (trial.continuesFrom() != null) {
            Path parent = store.checkpoint(trial.continuesFrom());
            if (Files.isRegularFile(parent)) {
                network = ModelFiles.readWithUpdater(parent);
                done = trial.initialEpoch();
            } else {
                log.warn("" + trial.id() + ": the model of " + trial.continuesFrom() + " is gone (" + parent
                        + "); training from scratch instead");
            }
        }
        if (network == null) {
            network = NetworkFactory.build(spec, settings.hyperParameters(), classWeights(settings));
        }
        int offset = done;
        HyperParameterValues hp = settings.hyperParameters();
        // A continued model sees a new order of examples, not the one its first epochs saw.
        TrainingSettings run = settings.withEpochs(Math.max(1, trial.epochs() - done))
                .with(
                        new HyperParameterValues(hp.optimizer(), hp.learningRate(), hp.seed() + offset, hp.named()),
                        settings.batchSize());
        String label = "" + trial.id()
                + (offset > 0 ? " (after the " + offset + " epoch(s) of " + trial.continuesFrom() + ")" : "");
        new Trainer(log, label, spec.input())
                .train(
                        network,
                        train,
                        validation,
                        run,
                        m -> listener.afterEpoch(new EpochMetrics(
                                m.epoch() + offset,
                                m.loss(),
                                m.trainAccuracy(),
                                m.validationLoss(),
                                m.validationAccuracy(),
                                m.examplesPerSecond(),
                                m.seconds())));
        if (keepModels && trial.bracket() != null && trial.round() != null && trial.round() < trial.bracket()) {
            // Only a round before the bracket's last can be continued.
            MultiLayerNetwork trained = network;
            AtomicFiles.write(store.checkpoint(trial.id()), out -> ModelSerializer.writeModel(trained, out, true));
        }
    }
}
