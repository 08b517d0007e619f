package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.fetch.FetchFailedException;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.training.AugmentationSetting;
import io.github.mnistgate.mnist.training.Checkpoints;
import io.github.mnistgate.mnist.training.ModelCache;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.Backend;
import io.github.mnistgate.mnist.util.Durations;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.mnist.util.NotEnoughMemoryException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;

/** Goals that train, or may: {@code mnist:tune}, {@code mnist:train} and {@code mnist:evaluate}. They read the model's and training's settings. */
abstract class AbstractTrainingMojo extends AbstractMnistMojo {

    /**
     * The network: {@code cnn} (the notebook's Conv32-Pool-Conv64-Pool-Conv64-Dense64-Dense10), {@code mlp}
     * (Dense(units, relu) then Dense(10, softmax); units 128 unless tuned), or {@code custom} with
     * {@code <layers>}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.model", defaultValue = "cnn")
    protected String model;

    /**
     * A custom network, used instead of the preset when given. Types: {@code dense} (units, activation),
     * {@code conv2d} (filters, kernel, stride, padding valid|same, activation), {@code maxpool} and
     * {@code avgpool} (size, stride), {@code dropout} (rate), {@code batchnorm}, {@code output}
     * (10 units, softmax; added when missing). Example:
     * <pre>
     * &lt;layers&gt;
     *   &lt;layer&gt;&lt;type&gt;conv2d&lt;/type&gt;&lt;filters&gt;32&lt;/filters&gt;&lt;kernel&gt;3&lt;/kernel&gt;&lt;/layer&gt;
     *   &lt;layer&gt;&lt;type&gt;maxpool&lt;/type&gt;&lt;size&gt;2&lt;/size&gt;&lt;/layer&gt;
     *   &lt;layer&gt;&lt;type&gt;dense&lt;/type&gt;&lt;units&gt;128&lt;/units&gt;&lt;/layer&gt;
     *   &lt;layer&gt;&lt;type&gt;dropout&lt;/type&gt;&lt;rate&gt;0.2&lt;/rate&gt;&lt;/layer&gt;
     *   &lt;layer&gt;&lt;type&gt;output&lt;/type&gt;&lt;/layer&gt;
     * &lt;/layers&gt;
     * </pre>
     *
     * @since 0.1.0
     */
    @Parameter
    protected List<Layer> layers = new ArrayList<>();

    /**
     * Passes over the training set.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.epochs", defaultValue = "3")
    protected int epochs;

    /**
     * Examples per gradient step.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.batchSize", defaultValue = "64")
    protected int batchSize;

    /**
     * Step size of the optimizer (ignored by adadelta, which adapts its own).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.learningRate", defaultValue = "0.001")
    protected double learningRate;

    /**
     * One of adam, sgd, nesterovs (momentum 0.9), rmsprop, adagrad, adadelta.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.optimizer", defaultValue = "adam")
    protected String optimizer;

    /**
     * Seed of weight initialisation and data order: the same seed, data and settings give the same model.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.seed", defaultValue = "42")
    protected long seed;

    /**
     * Train on the first N training images only, for quick runs; 0 means all. The test set is always whole.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.trainLimit", defaultValue = "0")
    protected int trainLimit;

    /**
     * Threads ND4J's native code uses for training and evaluation; {@code 0} means one per core. On a
     * machine shared with other work, 1 can be faster than 2 (see bench/README.md).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.threads", defaultValue = "0")
    protected int threads;

    /**
     * Which kernels train and evaluate the network: {@code auto}, the plugin's compiled path where it takes the network
     * and stock DL4J elsewhere (the log names the path and, on a fallback, why); or {@code dl4j}, stock DL4J always.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.kernels", defaultValue = "auto")
    protected String kernels;

    /**
     * Where ND4J computes: {@code cpu}, or {@code cuda} for an NVIDIA GPU. Without a GPU, {@code cuda} fails the build
     * at once, before any download.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.backend", defaultValue = "cpu")
    protected String backend;

    /**
     * Write a training checkpoint to {@code target/mnist/checkpoints/} after every this many epochs (and after the
     * last); a build killed during training resumes from the last one when its inputs are unchanged. {@code 0}
     * turns checkpoints, and resuming, off.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.checkpointEvery", defaultValue = "1")
    protected int checkpointEvery;

    /**
     * Where trained models, and the searches of {@code mnist:tune}, are kept by fingerprint between builds, so that
     * {@code mvn clean install} with unchanged inputs neither tunes nor trains again; {@code default} is
     * {@code <cacheDirectory>/models}, {@code none} keeps nothing.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.modelCache", defaultValue = "default")
    protected String modelCache;

    /**
     * The most models and searches the model cache keeps; the least recently used go first.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.modelCacheSize", defaultValue = "10")
    protected int modelCacheSize;

    /**
     * How much each class's training examples weigh in the loss, as Keras's {@code class_weight}: {@code none};
     * {@code balanced} (scikit-learn's {@code compute_class_weight}: examples / (classes x the class's examples));
     * one weight per class in label order ({@code 1,1,5}); or {@code class=weight} pairs naming classes by index or
     * name ({@code cat=5,2=0.5}), the others weighing 1. The model card records the weights.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.classWeights", defaultValue = "none")
    protected String classWeights;

    /**
     * What tuning optimizes, and early stopping watches, on the validation split: {@code val_accuracy} (maximized) or
     * {@code val_loss} (minimized).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.objective", defaultValue = "val_accuracy")
    protected String objective;

    /**
     * Fraction of the training images (of each class) held out to score tuning trials, or the epochs of early
     * stopping, e.g. {@code 0.2}.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.validationSplit", defaultValue = "0.2")
    protected double validationSplit;

    /**
     * Random changes to each training image, drawn anew every epoch and seeded, with the meaning of Keras's
     * preprocessing layers: {@code randomFlip} ({@code horizontal}, {@code vertical}, {@code horizontal_and_vertical}),
     * {@code randomRotation} (a fraction of a full turn), {@code randomZoom}, {@code randomTranslation} (fractions of
     * height and width), {@code randomContrast}, {@code randomBrightness}. Validation and test images are never
     * changed. Example:
     * <pre>
     * &lt;augmentation&gt;
     *   &lt;randomFlip&gt;horizontal&lt;/randomFlip&gt;
     *   &lt;randomTranslation&gt;0.1&lt;/randomTranslation&gt;
     * &lt;/augmentation&gt;
     * </pre>
     * As a property: {@code -Dmnist.augmentation=randomFlip=horizontal,randomTranslation=0.1}; {@code none} for none.
     * Any value may be {@code hp:<name>}, a hyperparameter that {@code mnist:tune} searches.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.augmentation", defaultValue = "none")
    protected AugmentationConfiguration augmentation;

    /** Early stopping's patience; 0, none, but in the goals that train the model itself. */
    protected int earlyStopping() {
        return 0;
    }

    /** {@link #kernels()}, worked out once. */
    private Kernels effectiveKernels;

    @Override
    void checkGoalSettings() throws IOException, MojoExecutionException {
        modelSpec();
        trainingSettings()
                .classWeights()
                .weights(classNames(), new int[classNames().size()]);
        NativeBackend.checkThreads(threads);
        Backend.fromId(backend).checkAvailable();
        checkpoints();
        modelCache();
    }

    @Override
    protected Optional<NotEnoughMemoryException> notEnoughMemory(Throwable failure) {
        return NotEnoughMemoryException.of(failure, batchSize);
    }

    private TrainingConfiguration trainingConfiguration() {
        return new TrainingConfiguration(
                model,
                layers,
                epochs,
                batchSize,
                learningRate,
                optimizer,
                seed,
                trainLimit,
                classWeights,
                earlyStopping(),
                validationSplit,
                objective,
                augmentation == null ? AugmentationSetting.NONE : augmentation.toSetting());
    }

    protected ModelSpec modelSpec() {
        return trainingConfiguration().modelSpec();
    }

    protected TrainingSettings trainingSettings() {
        return trainingConfiguration().settings(kernels());
    }

    /** {@code mnist.kernels}, or {@code dl4j} where an old switch turns a kernel off (warned once per goal). */
    protected Kernels kernels() {
        Kernels configured = Kernels.fromId(kernels == null ? "auto" : kernels);
        if (effectiveKernels == null) {
            Properties properties = new Properties();
            properties.putAll(System.getProperties());
            if (session != null) {
                properties.putAll(session.getUserProperties());
            }
            effectiveKernels = LegacyKernelSwitches.apply(configured, properties, log());
        }
        return effectiveKernels;
    }

    /** The model cache, or null for none ({@code mnist.modelCache=none}). */
    protected ModelCache modelCache() {
        return new ModelCacheConfiguration(modelCache, modelCacheSize, cacheDirectory.toPath(), basedir())
                .cache(Durations.timeout("lockTimeout", lockTimeout, 24 * 3600), log());
    }

    protected Checkpoints checkpoints() {
        return new Checkpoints(outputFiles().checkpoints(), checkpointEvery, log());
    }

    /** The dataset, with ND4J set up (threads) for training and evaluation. */
    protected MnistData dataForModel() throws IOException, FetchFailedException {
        NativeBackend.threads(threads);
        return data();
    }
}
