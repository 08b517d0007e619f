package io.github.mnistgate.mnist.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.Examples;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.mnist.evaluation.Evaluator;
import io.github.mnistgate.mnist.evaluation.Predictions;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.NetworkFactory;
import io.github.mnistgate.mnist.model.OnnxExport;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/**
 * ONNX models in the layouts and with the outputs other tools export give DL4J's own class for every test image, and
 * its probability within 1e-5; a model that does not fit the dataset fails naming its input or output.
 */
class OnnxClassifierTest {

    private static final ImageShape RGB = new ImageShape(3, 28, 28);
    private static final LabelledImages TRAIN = IdxFiles.learnable(256, 1);
    private static final LabelledImages TEST = IdxFiles.learnable(1_000, 2);

    @TempDir
    Path dir;

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.prepare();
    }

    private static MultiLayerNetwork trained(ModelSpec spec, ImageShape shape, int classes) {
        MultiLayerNetwork network =
                NetworkFactory.build(spec.forData(shape, classes), new HyperParameterValues(Optimizer.ADAM, 1e-3, 3));
        DataSet train = OnnxModels.features(TRAIN, shape);
        if (classes == 10) {
            for (int from = 0; from < train.numExamples(); from += 32) {
                network.fit((DataSet) train.getRange(from, from + 32));
            }
        }
        return network;
    }

    private Predictions viaOnnx(byte[] onnx, String name, ImageShape shape, boolean logits) throws IOException {
        OnnxGraph graph = OnnxGraph.read(Files.write(dir.resolve(name), onnx));
        OnnxGraph.Layout layout = graph.layout(shape, "test");
        graph.checkOutput(10, "test");
        try (OnnxRuntime.Session session = OnnxModels.runtime().get().open(graph, 1)) {
            OnnxClassifier.Scored scored = OnnxClassifier.predict(
                    session, graph, layout, shape, Examples.of(OnnxModels.features(TEST, shape)), "test");
            assertEquals(logits, scored.logits(), name + ": logits");
            return scored.predictions();
        }
    }

    private static void same(Predictions dl4j, Predictions onnx, String name) {
        assertArrayEquals(dl4j.actual(), onnx.actual(), name);
        assertArrayEquals(dl4j.predicted(), onnx.predicted(), name + ": the class of every test image");
        for (int i = 0; i < dl4j.probability().length; i++) {
            assertEquals(dl4j.probability()[i], onnx.probability()[i], 1e-5, name + ": probability of image " + i);
        }
    }

    @Test
    void everyLayoutAndLogitsGiveDl4jsClassesAndProbabilities() throws IOException {
        for (ImageShape shape : List.of(ImageShape.MNIST, RGB)) {
            for (ModelSpec spec : List.of(ModelSpec.mlp(), ModelSpec.cnn())) {
                MultiLayerNetwork network = trained(spec, shape, 10);
                Predictions dl4j = Evaluator.predict(network, OnnxModels.features(TEST, shape), Kernels.DL4J);
                byte[] onnx = OnnxExport.export(network, shape, Dataset.MNIST.classNames());
                String name = spec.name() + "-" + shape.channels();
                same(dl4j, viaOnnx(onnx, name + "-nchw.onnx", shape, false), name + " [N, C, H, W]");
                same(dl4j, viaOnnx(OnnxModels.logits(onnx), name + "-logits.onnx", shape, true), name + " logits");
                same(
                        dl4j,
                        viaOnnx(
                                OnnxModels.channelsLast(onnx, shape.height(), shape.width(), shape.channels()),
                                name + "-nhwc.onnx",
                                shape,
                                false),
                        name + " [N, H, W, C]");
                if (spec.name().equals("mlp")) { // its graph starts with Flatten, which takes a flat input as it is
                    same(
                            dl4j,
                            viaOnnx(OnnxModels.inputDims(onnx, -1, shape.size()), name + "-flat.onnx", shape, false),
                            name + " [N, C*H*W]");
                }
            }
        }
    }

    @Test
    void theLayoutsAreToldApartByTheGraphsInput() throws IOException {
        byte[] onnx = OnnxExport.export(
                trained(ModelSpec.mlp(), ImageShape.MNIST, 10), ImageShape.MNIST, Dataset.MNIST.classNames());
        assertEquals(OnnxGraph.Layout.NCHW, layout(onnx, ImageShape.MNIST));
        assertEquals(OnnxGraph.Layout.FLAT, layout(OnnxModels.inputDims(onnx, -1, 784), ImageShape.MNIST));
        assertEquals(OnnxGraph.Layout.FLAT, layout(OnnxModels.inputDims(onnx, -1, 28, 28), ImageShape.MNIST));
        assertEquals(OnnxGraph.Layout.NHWC, layout(OnnxModels.inputDims(onnx, -1, 28, 28, 3), RGB));
        assertEquals(OnnxGraph.Layout.NCHW, layout(OnnxModels.inputDims(onnx, -1, -1, -1, -1), RGB));
    }

    private OnnxGraph.Layout layout(byte[] onnx, ImageShape shape) throws IOException {
        return OnnxGraph.read(Files.write(dir.resolve("layout.onnx"), onnx)).layout(shape, "test");
    }

    @Test
    void aModelThatDoesNotFitFailsNamingItsInputOrOutputAndTheDataset() throws IOException {
        byte[] rgb = OnnxExport.export(trained(ModelSpec.mlp(), RGB, 10), RGB, Dataset.MNIST.classNames());
        OnnxGraph wrongInput = OnnxGraph.read(Files.write(dir.resolve("rgb.onnx"), rgb));
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> wrongInput.layout(ImageShape.MNIST, "mnist"));
        assertEquals("modelFile", e.setting());
        assertTrue(
                e.getMessage()
                        .contains("the model's input \"images\" is [N, 3, 28, 28], but the mnist dataset's"
                                + " images are [N, 1, 28, 28]"),
                e.getMessage());

        byte[] five = OnnxExport.export(
                trained(ModelSpec.mlp(), ImageShape.MNIST, 5), ImageShape.MNIST, List.of("a", "b", "c", "d", "e"));
        OnnxGraph wrongOutput = OnnxGraph.read(Files.write(dir.resolve("five.onnx"), five));
        e = assertThrows(InvalidSettingException.class, () -> wrongOutput.checkOutput(10, "mnist"));
        assertTrue(
                e.getMessage()
                        .contains("the model's output \"probabilities\" is [N, 5], but the mnist dataset has 10"
                                + " classes"),
                e.getMessage());

        Path text = Files.writeString(dir.resolve("notes.onnx"), "not a model\n");
        e = assertThrows(InvalidSettingException.class, () -> OnnxGraph.read(text));
        assertTrue(
                e.getMessage().startsWith("Invalid modelFile '" + text + "': it is not an ONNX model"), e.getMessage());
        Path empty = Files.write(dir.resolve("empty.onnx"), new byte[0]);
        e = assertThrows(InvalidSettingException.class, () -> OnnxGraph.read(empty));
        assertTrue(e.getMessage().contains("it holds no ONNX graph"), e.getMessage());
    }

    @Test
    void theGraphIsReadWithoutOnnxRuntime() throws IOException {
        byte[] onnx = OnnxExport.export(
                trained(ModelSpec.cnn(), ImageShape.MNIST, 10), ImageShape.MNIST, Dataset.MNIST.classNames());
        OnnxGraph graph = OnnxGraph.read(Files.write(dir.resolve("cnn.onnx"), onnx));
        assertEquals(OnnxExport.OPSET, graph.opset());
        assertEquals("opset 13; input \"images\" [N, 1, 28, 28]; output \"probabilities\" [N, 10]", graph.describe());
        assertEquals(Dataset.MNIST.classNames(), graph.classNames());
        assertTrue(
                graph.operators().containsAll(List.of("Conv", "MaxPool", "Gemm", "Softmax")),
                graph.operators().toString());
        assertEquals(trained(ModelSpec.cnn(), ImageShape.MNIST, 10).numParams(), graph.parameters());
        assertFalse(graph.operators().contains("Transpose"));
    }

    @Test
    void withoutAWayToFetchOnnxRuntimeAnOnnxFileCannotBeScored() {
        IOException e = assertThrows(IOException.class, () -> OnnxRuntime.Provider.NONE.get());
        assertTrue(e.getMessage().contains("ONNX Runtime is not available"), e.getMessage());
    }
}
