package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.model.LayerSpec;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.util.CpuInfo;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.mnist.util.Sha256;
import io.github.mnistgate.mnist.util.Versions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Every input that decides the trained parameters, known before training starts. Its SHA-256 is the
 * model's {@link #fingerprint()}: a model with the same fingerprint is the model this training would make,
 * so the build takes it instead of training again. A checkpoint continues a run whose inputs are the same
 * but for the number of epochs.
 *
 * @param networkConfigurationSha256 DL4J's whole configuration of the untrained network: every layer,
 *                                   the optimizer with its learning rate, the seed, weight initialisation
 * @param hyperParameters            the effective values, tuned ones included, to name what changed
 * @param threads                    ND4J's threads; with {@code shards} they decide the summation order
 * @param step                       the compiled path ({@code dense}, {@code conv}) or stock DL4J's ({@code dl4j}):
 *                                   they round differently
 * @param nativeBuild                the ND4J native build ({@code linux-x86_64-onednn})
 * @param cpuInstructionSet          what oneDNN's kernels dispatch to ({@code avx2}, {@code avx512_core})
 * @param pluginBuild                the plugin's version and a hash of its classes
 */
public record TrainingInputs(
        String networkConfigurationSha256,
        String model,
        List<String> layers,
        Map<String, Object> hyperParameters,
        String dataset,
        Map<String, String> datasetSha256,
        int trainExamples,
        int epochs,
        int batchSize,
        long seed,
        int threads,
        int shards,
        String step,
        String nativeBuild,
        String cpuInstructionSet,
        String dl4jVersion,
        String pluginBuild) {

    /** The inputs of training {@code fresh}, an untrained network built from {@code spec} and {@code settings}. */
    public static TrainingInputs of(
            MultiLayerNetwork fresh, ModelSpec spec, TrainingSettings settings, MnistData data) {
        return of(fresh, spec, settings, data, planFor(fresh, settings, data));
    }

    /** The shard plan a training with these settings uses on the calling thread. */
    public static ShardPlan planFor(MultiLayerNetwork fresh, TrainingSettings settings, MnistData data) {
        return ShardPlan.forThisThread(
                fresh,
                Math.min(settings.batchSize(), settings.examplesOf(data.train().size())),
                settings.kernels());
    }

    public static TrainingInputs of(
            MultiLayerNetwork fresh, ModelSpec spec, TrainingSettings settings, MnistData data, ShardPlan plan) {
        int examples = settings.examplesOf(data.train().size());
        int threads = NativeBackend.threadsInUse();
        Map<String, String> sha = new LinkedHashMap<>();
        for (DatasetFile f : DatasetFile.values()) {
            sha.put(f.fileName(), data.dataset().sha256(f));
        }
        Map<String, Object> hp = new TreeMap<>(
                settings.hyperParameters().withDefaults(spec.defaults()).named());
        hp.put("optimizer", settings.hyperParameters().optimizer().id());
        hp.put("learning_rate", settings.hyperParameters().learningRate());
        float[] classWeights = DenseKernels.classWeights(fresh); // as the network was built with them
        if (classWeights != null) {
            hp.put(
                    CLASS_WEIGHTS,
                    ClassWeights.byName(classWeights, data.dataset().classNames()));
        }
        if (!settings.augmentation().none()) {
            hp.put(AUGMENTATION, settings.augmentation().describe());
        }
        EarlyStopping early = settings.earlyStopping();
        if (early.on()) {
            hp.put(EARLY_STOPPING, early.patience());
            hp.put(EARLY_STOPPING_OBJECTIVE, early.objective().id());
            hp.put(VALIDATION_SPLIT, early.validationSplit());
        }
        return new TrainingInputs(
                Sha256.of(fresh.getLayerWiseConfigurations().toJson()),
                spec.name(),
                spec.layers().stream().map(LayerSpec::toString).toList(),
                hp,
                data.dataset().id(),
                sha,
                examples,
                settings.epochs(),
                settings.batchSize(),
                settings.hyperParameters().seed(),
                threads,
                plan.shards(),
                plan.step(),
                NativeBackend.build(),
                CpuInfo.instructionSet(),
                Versions.dl4j(),
                Versions.pluginBuild());
    }

    /** Keys among {@link #hyperParameters()} of the training's controls, present only where they are set. */
    static final String CLASS_WEIGHTS = "class_weights";

    static final String AUGMENTATION = "augmentation";
    static final String EARLY_STOPPING = "early_stopping";
    static final String EARLY_STOPPING_OBJECTIVE = "early_stopping_objective";
    static final String VALIDATION_SPLIT = "validation_split";

    /** The augmentation, class weights (by class name) and early stopping, where set, as the card shows them. */
    Map<String, Object> controls() {
        Map<String, Object> out = new TreeMap<>();
        for (String key :
                List.of(AUGMENTATION, CLASS_WEIGHTS, EARLY_STOPPING, EARLY_STOPPING_OBJECTIVE, VALIDATION_SPLIT)) {
            if (hyperParameters != null && hyperParameters.containsKey(key)) {
                out.put(key, hyperParameters.get(key));
            }
        }
        return out;
    }

    /** SHA-256 over all of it, as canonical JSON (keys sorted). */
    public String fingerprint() {
        return Sha256.of(Json.canonical(this));
    }

    /** The same inputs with another number of epochs. */
    public TrainingInputs withEpochs(int otherEpochs) {
        return new TrainingInputs(
                networkConfigurationSha256,
                model,
                layers,
                hyperParameters,
                dataset,
                datasetSha256,
                trainExamples,
                otherEpochs,
                batchSize,
                seed,
                threads,
                shards,
                step,
                nativeBuild,
                cpuInstructionSet,
                dl4jVersion,
                pluginBuild);
    }

    /**
     * What differs from {@code then}, each named with both values ({@code the seed (42 then, 7 now)}); empty
     * when they are equal.
     */
    public List<String> differencesFrom(TrainingInputs then) {
        List<String> out = new ArrayList<>();
        if (then == null) {
            out.add("the model was trained by a plugin that recorded no training inputs");
            return out;
        }
        differ(out, "the dataset", then.dataset, dataset);
        if (Objects.equals(then.dataset, dataset) && !Objects.equals(then.datasetSha256, datasetSha256)) {
            out.add("the dataset's files (their SHA-256)");
        }
        differ(out, "the model", then.model, model);
        if (Objects.equals(then.model, model) && !Objects.equals(then.layers, layers)) {
            out.add("the layers (" + then.layers + " then, " + layers + " now)");
        }
        if (!Objects.equals(then.hyperParameters, hyperParameters)) {
            for (String name : new java.util.TreeSet<>(union(then.hyperParameters, hyperParameters))) {
                differ(out, "the hyperparameter " + name, get(then.hyperParameters, name), get(hyperParameters, name));
            }
        }
        differ(out, "the number of training images", then.trainExamples, trainExamples);
        differ(out, "the epochs", then.epochs, epochs);
        differ(out, "the batch size", then.batchSize, batchSize);
        differ(out, "the seed", then.seed, seed);
        differ(out, "the threads (mnist.threads)", then.threads, threads);
        differ(out, "the shards each minibatch is trained in, which follow mnist.threads", then.shards, shards);
        differ(out, "the training path (mnist.kernels)", then.step, step);
        differ(out, "the native build", then.nativeBuild, nativeBuild);
        differ(out, "the CPU instruction set", then.cpuInstructionSet, cpuInstructionSet);
        differ(out, "the Deeplearning4j version", then.dl4jVersion, dl4jVersion);
        differ(out, "the plugin build", then.pluginBuild, pluginBuild);
        if (out.isEmpty() && !Objects.equals(then.networkConfigurationSha256, networkConfigurationSha256)) {
            out.add("the network's configuration (weight initialisation, optimizer or another setting)");
        }
        return out;
    }

    private static java.util.Set<String> union(Map<String, Object> a, Map<String, Object> b) {
        java.util.Set<String> keys = new java.util.HashSet<>();
        if (a != null) {
            keys.addAll(a.keySet());
        }
        if (b != null) {
            keys.addAll(b.keySet());
        }
        return keys;
    }

    private static Object get(Map<String, Object> map, String key) {
        return map == null ? null : map.get(key);
    }

    private static void differ(List<String> out, String what, Object then, Object now) {
        // JSON turns numbers into the narrowest type: compare their text.
        if (!String.valueOf(then).equals(String.valueOf(now))) {
            out.add(what + " (" + then + " then, " + now + " now)");
        }
    }
}
