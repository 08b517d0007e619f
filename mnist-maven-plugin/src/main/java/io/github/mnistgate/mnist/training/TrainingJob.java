package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.NetworkFactory;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Durations;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.mnist.util.Versions;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Trains the configured model on the training split and writes the model zip and its model card. */
public final class TrainingJob {

    private final BuildLog log;

    public TrainingJob(BuildLog log) {
        this.log = log;
    }

    /**
     * @param hyperParameterSource where the values came from, for the log and the card
     *                             ("the POM", or the tuning result's path)
     */
    public ModelCard run(MnistData data, ModelSpec spec, TrainingSettings settings, String hyperParameterSource,
                         Path modelFile, Path cardFile) throws IOException {
        MultiLayerNetwork network = NetworkFactory.build(spec, settings.hyperParameters());
        int examples = settings.examplesOf(data.train().size());
        log.info(String.format(java.util.Locale.ROOT,
                "[mnist] training %s (%,d parameters) on %,d %s training images: %d epoch(s), batch %d, %s lr %s, seed %d; hyperparameters from %s",
                spec.name(), network.numParams(), examples, data.dataset().id(), settings.epochs(),
                settings.batchSize(), settings.hyperParameters().optimizer().id(),
                settings.hyperParameters().optimizer().usesLearningRate()
                        ? String.valueOf(settings.hyperParameters().learningRate()) : "(adaptive)",
                settings.hyperParameters().seed(), hyperParameterSource));
        log.info("[mnist] " + NativeBackend.describe(network));
        DataSet train = data.train().toDataSet(examples);
        TrainingResult result = new Trainer(log, "[mnist] train").train(network, train, settings);
        ModelCard card = card(data, spec, settings, hyperParameterSource, result);
        ModelFiles.write(network, card, modelFile);
        Json.write(cardFile, card);
        log.info("[mnist] trained in " + Durations.format(result.seconds()) + "; model written to " + modelFile);
        return card;
    }

    private static ModelCard card(MnistData data, ModelSpec spec, TrainingSettings settings, String source,
                                  TrainingResult result) {
        Map<String, String> sha = new LinkedHashMap<>();
        for (DatasetFile f : DatasetFile.values()) {
            sha.put(f.fileName(), data.dataset().sha256(f));
        }
        Map<String, Object> hp = new LinkedHashMap<>(settings.hyperParameters().withDefaults(spec.defaults()).named());
        hp.put("optimizer", settings.hyperParameters().optimizer().id());
        hp.put("learning_rate", settings.hyperParameters().learningRate());
        hp.put("batch_size", settings.batchSize());
        return new ModelCard(ModelCard.FORMAT, ModelCard.INPUT, ModelCard.OUTPUT, data.dataset().id(), sha,
                spec.name(), layers(result.network()), result.network().numParams(), hp, source,
                settings.hyperParameters().seed(), result.epochs().size(), result.examples(), result.epochs(),
                Math.round(result.seconds() * 10) / 10.0, Versions.dl4j(), Versions.plugin(), Instant.now().toString());
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
            return s.getPoolingType().name().toLowerCase(java.util.Locale.ROOT) + " " + s.getKernelSize()[0] + "x" + s.getKernelSize()[1];
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.FeedForwardLayer f) {
            return "units=" + f.getNOut() + " " + f.getActivationFn();
        }
        if (conf instanceof org.deeplearning4j.nn.conf.layers.DropoutLayer d) {
            return "dropout " + d.getIDropout();
        }
        return "";
    }
}
