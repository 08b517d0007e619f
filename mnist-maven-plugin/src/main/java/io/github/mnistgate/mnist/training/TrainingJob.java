package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.data.Examples;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.data.ValidationSplit;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.NetworkFactory;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Durations;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.mnist.util.Versions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Trains the configured model on the training split and writes the model zip and its model card. */
public final class TrainingJob {

    private final BuildLog log;
    private final Checkpoints checkpoints;
    private final ModelReuse reuse;

    /** A job without checkpoints that always trains. */
    public TrainingJob(BuildLog log) {
        this(log, Checkpoints.none(), ModelReuse.never());
    }

    public TrainingJob(BuildLog log, Checkpoints checkpoints, ModelReuse reuse) {
        this.log = log;
        this.checkpoints = checkpoints;
        this.reuse = reuse;
    }

    /**
     * @param hyperParameterSource where the values came from, for the log and the card
     *                             ("the POM", or the tuning result's path)
     */
    public ModelCard run(
            MnistData data,
            ModelSpec architecture,
            TrainingSettings settings,
            String hyperParameterSource,
            Path modelFile,
            Path cardFile)
            throws IOException {
        ModelSpec spec =
                architecture.forData(data.dataset().shape(), data.dataset().classes());
        int examples = settings.examplesOf(data.train().size());
        double[] classWeights =
                settings.classWeightsOver(data.train(), examples, data.dataset().classNames());
        MultiLayerNetwork network = NetworkFactory.build(spec, settings.hyperParameters(), classWeights);
        ShardPlan plan = TrainingInputs.planFor(network, settings, data);
        TrainingInputs inputs = TrainingInputs.of(network, spec, settings, data, plan);
        Optional<ModelCard> upToDate = reuse.find(inputs, modelFile, log);
        if (upToDate.isPresent()) {
            Json.write(cardFile, upToDate.get());
            return upToDate.get();
        }
        log.info(String.format(
                java.util.Locale.ROOT,
                "training %s (%,d parameters) on %,d %s training images (%,d MiB of pixels, read a minibatch at a time): %d epoch(s), batch %d, %s lr %s, seed %d; hyperparameters from %s",
                spec.name(),
                network.numParams(),
                examples,
                data.dataset().id(),
                ((long) examples * data.dataset().shape().size()) >> 20,
                settings.epochs(),
                settings.batchSize(),
                settings.hyperParameters().optimizer().id(),
                settings.hyperParameters().optimizer().usesLearningRate()
                        ? String.valueOf(settings.hyperParameters().learningRate())
                        : "(adaptive)",
                settings.hyperParameters().seed(),
                hyperParameterSource));
        if (classWeights != null) {
            log.info("class weights (mnist.classWeights="
                    + settings.classWeights().setting() + "): "
                    + ClassWeights.byName(classWeights, data.dataset().classNames()));
        }
        // The compiled path runs no DL4J layer, so oneDNN's helpers do not concern it.
        log.info((plan.own() ? NativeBackend.describe() : NativeBackend.describe(network)) + ", " + plan.describe());
        EarlyStopping early = settings.earlyStopping();
        Optional<Checkpoints.Resumed> resumed = checkpoints.resume(inputs, settings.epochs());
        INDArray[] best = {null}; // with early stopping: the parameters of the best epoch so far
        if (resumed.isPresent() && early.on()) {
            List<EpochMetrics> history = resumed.get().history();
            int bestEpoch = early.bestEpoch(history);
            best[0] = bestEpoch == history.size()
                    ? resumed.get().network().params().dup()
                    : checkpoints.best(bestEpoch).orElse(null);
            if (best[0] == null) {
                log.info("not resuming from checkpoint " + checkpoints.file() + ": the weights of its best epoch, "
                        + bestEpoch + ", are not kept beside it; training from the start");
                resumed = Optional.empty();
            }
        }
        List<EpochMetrics> done = List.of();
        double earlierSeconds = 0;
        if (resumed.isPresent()) {
            network = resumed.get().network();
            done = resumed.get().history();
            earlierSeconds = resumed.get().trainingSeconds();
            log.info("resuming from checkpoint " + checkpoints.file() + " after epoch " + done.size() + " of "
                    + settings.epochs() + " (inputs unchanged)");
        }
        Examples train;
        Examples validation = null;
        if (early.on()) {
            ValidationSplit split = ValidationSplit.stratified(
                    data.train(),
                    examples,
                    early.validationSplit(),
                    settings.hyperParameters().seed());
            train = data.train().examples(split.train());
            validation = data.train().examples(split.validation());
            log.info(String.format(
                    java.util.Locale.ROOT,
                    "early stopping: after %d epoch(s) without a better %s, keeping the best epoch's weights; %,d"
                            + " training and %,d validation images (%.0f%% of each class held out)",
                    early.patience(),
                    early.objective(),
                    split.train().length,
                    split.validation().length,
                    early.validationSplit() * 100));
        } else {
            train = data.train().examples(examples);
        }
        TrainingResult result;
        try {
            result = new Trainer(log, "train", spec.input())
                    .train(
                            network,
                            train,
                            validation,
                            settings,
                            keepingTheBest(
                                    network,
                                    early,
                                    done,
                                    best,
                                    checkpointing(network, inputs, done, earlierSeconds, settings.epochs())),
                            done,
                            plan);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Integer epochKept = null;
        if (early.on()) {
            epochKept = early.bestEpoch(result.epochs());
            if (epochKept != result.epochs().size()) {
                result.network().setParams(best[0]);
            }
            log.info("early stopping: " + (result.stoppedEarly() ? "stopped after " : "ran all ")
                    + result.epochs().size() + " epoch(s); the model keeps the weights of epoch " + epochKept
                    + ", the best " + early.objective());
        }
        double seconds = earlierSeconds + result.seconds();
        ModelCard card = card(data, spec, settings, hyperParameterSource, result, seconds, inputs, epochKept);
        ModelFiles.write(result.network(), card, modelFile);
        Json.write(cardFile, card);
        // Only now is the checkpoint redundant: a kill before this point resumes from it.
        checkpoints.clear();
        reuse.trained(inputs, modelFile);
        log.info("trained in " + Durations.format(seconds) + "; model written to " + modelFile);
        return card;
    }

    /**
     * With early stopping: keeps the parameters of the best epoch so far in {@code best} (and beside the checkpoint),
     * and stops once {@code early} says so; then hands on to {@code next}.
     */
    private Trainer.EpochListener keepingTheBest(
            MultiLayerNetwork network,
            EarlyStopping early,
            List<EpochMetrics> done,
            INDArray[] best,
            Trainer.EpochListener next) {
        if (!early.on()) {
            return next;
        }
        List<EpochMetrics> history = new ArrayList<>(done);
        return metrics -> {
            history.add(metrics);
            if (early.bestEpoch(history) == metrics.epoch()) {
                best[0] = network.params().dup();
                try {
                    checkpoints.saveBest(network, metrics.epoch());
                } catch (IOException e) {
                    throw new UncheckedIOException(new IOException(
                            "cannot write " + Checkpoints.BEST_FILE + " beside " + checkpoints.file() + ": "
                                    + e.getMessage(),
                            e));
                }
            }
            return next.afterEpoch(metrics) && !early.stops(history);
        };
    }

    /** Saves a checkpoint after the epochs it is due. */
    private Trainer.EpochListener checkpointing(
            MultiLayerNetwork network,
            TrainingInputs inputs,
            List<EpochMetrics> done,
            double earlierSeconds,
            int epochs) {
        List<EpochMetrics> history = new ArrayList<>(done);
        double[] seconds = {earlierSeconds};
        return metrics -> {
            history.add(metrics);
            seconds[0] += metrics.seconds();
            if (checkpoints.due(metrics.epoch(), epochs)) {
                try {
                    checkpoints.save(network, inputs, history, seconds[0]);
                } catch (IOException e) {
                    throw new UncheckedIOException(new IOException(
                            "cannot write checkpoint " + checkpoints.file() + ": " + e.getMessage(), e));
                }
            }
            return true;
        };
    }

    private static ModelCard card(
            MnistData data,
            ModelSpec spec,
            TrainingSettings settings,
            String source,
            TrainingResult result,
            double seconds,
            TrainingInputs inputs,
            Integer epochKept) {
        Map<String, Object> hp = new LinkedHashMap<>(
                settings.hyperParameters().withDefaults(spec.defaults()).named());
        hp.put("optimizer", settings.hyperParameters().optimizer().id());
        hp.put("learning_rate", settings.hyperParameters().learningRate());
        hp.put("batch_size", settings.batchSize());
        hp.putAll(inputs.controls());
        return new ModelCard(
                ModelCard.FORMAT,
                ModelCard.input(data.dataset().shape()),
                ModelCard.output(data.dataset().classes()),
                ModelCard.onnx(data.dataset().shape(), data.dataset().classes()),
                data.dataset().shape(),
                data.dataset().classNames(),
                data.dataset().id(),
                inputs.datasetSha256(),
                spec.name(),
                layers(result.network()),
                result.network().numParams(),
                hp,
                source,
                settings.hyperParameters().seed(),
                result.epochs().size(),
                epochKept,
                result.examples(),
                result.epochs(),
                Math.round(seconds * 10) / 10.0,
                Versions.dl4j(),
                Versions.plugin(),
                Instant.now().toString(),
                inputs.fingerprint(),
                inputs,
                null,
                null,
                null);
    }

    private static List<String> layers(MultiLayerNetwork network) {
        List<String> out = new ArrayList<>();
        for (Layer layer : network.getLayers()) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            out.add(conf.getClass().getSimpleName() + " " + describe(conf) + " (" + layer.numParams() + " parameters)");
        }
        return out;
    }

    private static String describe(org.deeplearning4j.nn.conf.layers.Layer conf) {
        if (conf instanceof org.deeplearning4j.nn.conf.layers.ConvolutionLayer c) {
            return "filters=" + c.getNOut() + " kernel=" + c.getKernelSize()[0] + "x" + c.getKernelSize()[1]
                    + " stride=" + c.getStride()[0] + " " + c.getActivationFn();
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer s) {
            return s.getPoolingType().name().toLowerCase(java.util.Locale.ROOT) + " " + s.getKernelSize()[0] + "x"
                    + s.getKernelSize()[1];
        }
        // DropoutLayer is a FeedForwardLayer: it must be matched first.
        if (conf instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer d) {
            return "dropout " + d.getIDropout();
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer f) {
            return "units=" + f.getNOut() + " " + f.getActivationFn();
        }
        return "";
    }
}
