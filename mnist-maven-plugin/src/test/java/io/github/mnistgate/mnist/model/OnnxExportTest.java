package io.github.mnistgate.mnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.onnx.OnnxModels;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Every network the plugin builds, exported to ONNX, gives in ONNX Runtime the class DL4J gives for every test image,
 * with probabilities within 1e-5 of DL4J's; and ONNX's own checker passes each file in full.
 */
class OnnxExportTest {

    private static final HyperParameterValues VALUES = new HyperParameterValues(Optimizer.ADAM, 1e-3, 3);
    private static final LabelledImages TRAIN = IdxFiles.learnable(256, 1);
    private static final LabelledImages TEST = IdxFiles.learnable(2_000, 2);
    private static final ImageShape RGB = new ImageShape(3, 28, 28);

    @TempDir
    static Path dir;

    private static final List<Path> EXPORTED = new ArrayList<>();

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.prepare();
    }

    /** Each layer kind and activation the export maps, in networks the compiled path and DL4J's layers both run. */
    private static List<Object[]> networks() {
        return List.of(
                new Object[] {"mlp", ModelSpec.mlp(), ImageShape.MNIST},
                new Object[] {"cnn", ModelSpec.cnn(), ImageShape.MNIST},
                new Object[] {"cnn-rgb", ModelSpec.cnn(), RGB},
                // average pooling, max pooling, strided convolutions, same padding, tanh, elu, selu, sigmoid, dropout
                new Object[] {"kinds", TestNetworks.otherKinds(), ImageShape.MNIST},
                new Object[] {"same", TestNetworks.samePadding(), RGB},
                // batch normalization after convolutions, after pooling and after a dense layer
                new Object[] {"bn", TestNetworks.batchNormalized(), ImageShape.MNIST},
                new Object[] {"mlp-bn", TestNetworks.denseBatchNormalized(), ImageShape.MNIST},
                new Object[] {
                    "activations",
                    ModelSpec.resolve(
                            "custom",
                            List.of(
                                    LayerSpec.of(
                                            LayerType.CONV2D, "filters", "4", "kernel", "3", "activation", "leakyrelu"),
                                    LayerSpec.of(LayerType.AVGPOOL, "size", "3", "stride", "2"),
                                    LayerSpec.of(
                                            LayerType.CONV2D, "filters", "4", "kernel", "3", "activation", "relu6"),
                                    LayerSpec.of(LayerType.DENSE, "units", "16", "activation", "softsign"),
                                    LayerSpec.of(LayerType.DENSE, "units", "16", "activation", "hardsigmoid"),
                                    LayerSpec.of(LayerType.DENSE, "units", "16", "activation", "hardtanh"),
                                    LayerSpec.of(LayerType.DENSE, "units", "16", "activation", "swish"),
                                    LayerSpec.of(LayerType.DENSE, "units", "16", "activation", "softplus"))),
                    ImageShape.MNIST
                });
    }

    @Test
    void onnxRuntimeGivesDl4jsClassForEveryTestImageWithProbabilitiesWithin1e5() throws Exception {
        try (OrtEnvironment env = OrtEnvironment.getEnvironment()) {
            for (Object[] n : networks()) {
                String name = (String) n[0];
                ImageShape shape = (ImageShape) n[2];
                ModelSpec spec = ((ModelSpec) n[1]).forData(shape, 10);
                MultiLayerNetwork network = NetworkFactory.build(spec, VALUES);
                DataSet train = OnnxModels.features(TRAIN, shape);
                for (int from = 0; from < train.numExamples(); from += 32) {
                    network.fit((DataSet) train.getRange(from, from + 32));
                }
                byte[] onnx = OnnxExport.export(network, shape, Dataset.MNIST.classNames());
                Path file = Files.write(dir.resolve(name + ".onnx"), onnx);
                EXPORTED.add(file);

                DataSet test = OnnxModels.features(TEST, shape);
                float[][] dl4j = network.output(test.getFeatures(), false).toFloatMatrix();
                float[][] ort = run(env, file, test.getFeatures(), shape);
                assertEquals(dl4j.length, ort.length);
                double worst = 0;
                for (int i = 0; i < dl4j.length; i++) {
                    assertEquals(argMax(dl4j[i]), argMax(ort[i]), name + ": the class of test image " + i);
                    for (int c = 0; c < 10; c++) {
                        worst = Math.max(worst, Math.abs(dl4j[i][c] - ort[i][c]));
                    }
                }
                assertTrue(worst <= 1e-5, name + ": probabilities differ by up to " + worst);
            }
        }
        checkedByOnnxItself();
    }

    /** ONNX's own checker, with shape inference ({@code full_check}), on every file exported above. */
    private static void checkedByOnnxItself() throws IOException, InterruptedException {
        // Debian's Python, which has python3-onnx; another python3 on the PATH (pyenv, a venv) may hide it.
        String python = System.getenv().getOrDefault("PYTHON", "/usr/bin/python3");
        List<String> command = new ArrayList<>(List.of(python, "-c", """
                import sys, onnx
                for f in sys.argv[1:]:
                    m = onnx.load(f)
                    onnx.checker.check_model(m, full_check=True)
                    assert m.opset_import[0].version == 13, f
                    print('checked', f)
                """));
        EXPORTED.forEach(f -> command.add(f.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the checker did not finish");
        assertEquals(
                0,
                p.exitValue(),
                "onnx.checker.check_model failed (Debian's python3-onnx must be installed: apt-get install"
                        + " python3-onnx):\n" + out);
        assertEquals(
                EXPORTED.size(),
                out.lines().filter(l -> l.startsWith("checked ")).count(),
                out);
    }

    private static float[][] run(OrtEnvironment env, Path file, INDArray features, ImageShape shape)
            throws OrtException {
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
            assertEquals(List.of(OnnxExport.INPUT), List.copyOf(session.getInputNames()));
            assertEquals(List.of(OnnxExport.OUTPUT), List.copyOf(session.getOutputNames()));
            long n = features.size(0);
            FloatBuffer pixels = FloatBuffer.wrap(features.dup('c').data().asFloat());
            try (OnnxTensor images = OnnxTensor.createTensor(
                            env, pixels, new long[] {n, shape.channels(), shape.height(), shape.width()});
                    OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, images))) {
                return (float[][]) result.get(0).getValue();
            }
        }
    }

    private static int argMax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void aNetworkOfTheWrongClassCountIsRefused() {
        MultiLayerNetwork network = NetworkFactory.build(ModelSpec.mlp().forData(ImageShape.MNIST, 10), VALUES);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> OnnxExport.export(network, ImageShape.MNIST, List.of("cat", "dog")));
        assertEquals("the network gives 10 outputs, not one for each of the 2 classes", e.getMessage());
    }
}
