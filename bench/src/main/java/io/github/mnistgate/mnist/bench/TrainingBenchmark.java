package io.github.mnistgate.mnist.bench;

import io.github.mnistgate.mnist.data.Examples;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.Evaluator;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.model.NetworkCompiler;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.NetworkFactory;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.training.Augmentation;
import io.github.mnistgate.mnist.training.Trainer;
import io.github.mnistgate.mnist.training.TrainingResult;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.runtime.ImageShape;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One benchmark run of the plugin's training path: load the IDX files into ND4J, train a network on all 60,000
 * training images (Adam, or the optimizer {@code -Dbench.optimizer} names; seeded reshuffle each epoch), evaluate on
 * the 10,000 test images. Prints one JSON object.
 * Usage: {@code TrainingBenchmark <mnist-dir> <cnn|mlp|notebook|keras> <batch> <threads> [seed, default 42]
 * [epochs, default 1] [learning rate, default 1e-3]}. {@code notebook} is the notebook's tuned CNN:
 * Conv(30, 3x3, relu), MaxPool 2x2, Dense(200, relu), Dense(64, relu), Dense(10, softmax). {@code keras} is Keras's
 * mnist_cnn example; {@code vgg} a VGG-style network with batch normalization. {@code BENCH_DATA=rgb32} or
 * {@code rgb64} trains on the painted 32x32 or 64x64 RGB images of bench/colour.py instead, and
 * {@code -Dmnist.kernels=dl4j} on stock DL4J.
 */
public final class TrainingBenchmark {

    public static void main(String[] args) throws Exception {
        NativeBackend.prepare(); // as the mojos do, before ND4J loads
        Path dir = Path.of(args[0]);
        String model = args[1];
        int batch = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 42;
        int epochs = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        double learningRate = args.length > 6 ? Double.parseDouble(args[6]) : 1e-3;
        NativeBackend.threads(threads);

        long t0 = System.nanoTime();
        String images = System.getenv().getOrDefault("BENCH_DATA", "mnist");
        boolean rgb = images.equals("rgb32") || images.equals("rgb64");
        Examples train;
        Examples test;
        if (rgb) {
            train = Examples.of(BenchData.rgb(dir, images, "train"));
            test = Examples.of(BenchData.rgb(dir, images, "t10k"));
        } else {
            // As a build reads MNIST: from its IDX files on disk, a minibatch at a time.
            MnistData data = BenchData.read(dir);
            int limit = Integer.getInteger("bench.trainLimit", data.train().size());
            train = data.train().examples(limit);
            test = data.test().examples(data.test().size());
        }
        double loadSeconds = (System.nanoTime() - t0) / 1e9;

        ModelSpec spec = switch (model) {
            case "notebook" -> NOTEBOOK;
            case "keras" -> KERAS;
            case "vgg" -> VGG;
            default -> ModelSpec.resolve(model, java.util.List.of());
        };
        int side = rgb ? Integer.parseInt(images.substring(3)) : 28;
        spec = spec.forData(rgb ? new ImageShape(3, side, side) : ImageShape.MNIST, 10);
        Kernels kernels = Kernels.fromId(System.getProperty("mnist.kernels", "auto"));
        TrainingSettings settings = new TrainingSettings(epochs, batch, 0,
                new HyperParameterValues(Optimizer.fromId(System.getProperty("bench.optimizer", "adam")), learningRate, seed),
                kernels)
                .withAugmentation(Augmentation.parse(System.getProperty("bench.augmentation", "none")));
        MultiLayerNetwork network = NetworkFactory.build(spec, settings.hyperParameters());
        NetworkCompiler.Compiled compiled = NetworkCompiler.compile(network, kernels);
        String backend = compiled.compiled() ? NativeBackend.describe() : NativeBackend.describe(network);
        String step = compiled.path().id();
        TrainingResult result = new Trainer(BuildLog.silent(), "bench", spec.input()).train(network, train, null, settings, m -> true);

        long e0 = System.nanoTime();
        double accuracy = Evaluator.evaluate(network, test, kernels).accuracy();
        double evalSeconds = (System.nanoTime() - e0) / 1e9;

        System.out.println(String.format(Locale.ROOT,
                "{\"engine\": \"dl4j\", \"model\": \"%s\", \"batch\": %d, \"threads\": %d, \"seed\": %d, \"parameters\": %d, "
                        + "\"epochs\": %d, \"trainSeconds\": %.3f, \"epochSeconds\": %.3f, \"testAccuracy\": %.4f, \"loadSeconds\": %.3f, \"evalSeconds\": %.3f, "
                        + "\"peakRssMiB\": %d, \"backend\": \"%s\", \"trainingStep\": \"%s\", \"cpuInstructionSet\": \"%s\", \"optimizer\": \"%s\", "
                        + "\"trainExamples\": %d, \"augmentation\": \"%s\"}",
                model + (rgb ? "-" + images : ""), batch, threads, seed, network.numParams(), epochs, result.seconds(), result.last().seconds(), accuracy, loadSeconds, evalSeconds,
                peakRssMiB(), backend, step, io.github.mnistgate.mnist.util.CpuInfo.instructionSet(),
                settings.hyperParameters().optimizer().id(), train.count(), settings.augmentation().describe()));
    }

    /** The notebook's own tuned CNN (the seed's KerasTuner result): Conv30-Pool-Dense(200)-Dense64-Dense10. */
    static final ModelSpec NOTEBOOK = new ModelSpec("notebook", java.util.List.of(
            io.github.mnistgate.mnist.model.LayerSpec.of(io.github.mnistgate.mnist.model.LayerType.CONV2D, "filters", "30", "kernel", "3"),
            io.github.mnistgate.mnist.model.LayerSpec.of(io.github.mnistgate.mnist.model.LayerType.MAXPOOL, "size", "2"),
            io.github.mnistgate.mnist.model.LayerSpec.of(io.github.mnistgate.mnist.model.LayerType.DENSE, "units", "200"),
            io.github.mnistgate.mnist.model.LayerSpec.of(io.github.mnistgate.mnist.model.LayerType.DENSE, "units", "64"),
            io.github.mnistgate.mnist.model.LayerSpec.of(io.github.mnistgate.mnist.model.LayerType.OUTPUT)), java.util.Map.of());

    /** Keras's mnist_cnn example: Conv32-Conv64-Pool-Dropout(0.25)-Dense128-Dropout(0.5)-Dense10. */
    static final ModelSpec KERAS = ModelSpec.resolve("custom", java.util.List.of(
            io.github.mnistgate.mnist.model.LayerSpec.of(io.github.mnistgate.mnist.model.LayerType.CONV2D, "filters", "32", "kernel", "3"),
            io.github.mnistgate.mnist.model.LayerSpec.of(io.github.mnistgate.mnist.model.LayerType.CONV2D, "filters", "64", "kernel", "3"),
            io.github.mnistgate.mnist.model.LayerSpec.of(io.github.mnistgate.mnist.model.LayerType.MAXPOOL, "size", "2"),
            io.github.mnistgate.mnist.model.LayerSpec.of(io.github.mnistgate.mnist.model.LayerType.DROPOUT, "rate", "0.25"),
            io.github.mnistgate.mnist.model.LayerSpec.of(io.github.mnistgate.mnist.model.LayerType.DENSE, "units", "128"),
            io.github.mnistgate.mnist.model.LayerSpec.of(io.github.mnistgate.mnist.model.LayerType.DROPOUT, "rate", "0.5")));

    /**
     * A VGG-style network: two blocks of two same-padded 3x3 convolutions with ReLU and batch normalization, each
     * block then 2x2 max pooling; dense 128, dropout 0.5, the softmax output.
     */
    static final ModelSpec VGG = ModelSpec.resolve("custom", java.util.List.of(
            layer(io.github.mnistgate.mnist.model.LayerType.CONV2D, "filters", "32", "padding", "same"),
            layer(io.github.mnistgate.mnist.model.LayerType.BATCHNORM),
            layer(io.github.mnistgate.mnist.model.LayerType.CONV2D, "filters", "32", "padding", "same"),
            layer(io.github.mnistgate.mnist.model.LayerType.BATCHNORM),
            layer(io.github.mnistgate.mnist.model.LayerType.MAXPOOL, "size", "2"),
            layer(io.github.mnistgate.mnist.model.LayerType.CONV2D, "filters", "64", "padding", "same"),
            layer(io.github.mnistgate.mnist.model.LayerType.BATCHNORM),
            layer(io.github.mnistgate.mnist.model.LayerType.CONV2D, "filters", "64", "padding", "same"),
            layer(io.github.mnistgate.mnist.model.LayerType.BATCHNORM),
            layer(io.github.mnistgate.mnist.model.LayerType.MAXPOOL, "size", "2"),
            layer(io.github.mnistgate.mnist.model.LayerType.DENSE, "units", "128"),
            layer(io.github.mnistgate.mnist.model.LayerType.DROPOUT, "rate", "0.5")));

    private static io.github.mnistgate.mnist.model.LayerSpec layer(io.github.mnistgate.mnist.model.LayerType type,
                                                                   String... settings) {
        return io.github.mnistgate.mnist.model.LayerSpec.of(type, settings);
    }

    /** The process's peak resident memory (Java heap, native buffers and libraries together). */
    static long peakRssMiB() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
