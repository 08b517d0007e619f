package io.github.mnistgate.mnist.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NetworkFactoryTest {

    private static final HyperParameterValues ADAM = new HyperParameterValues(Optimizer.ADAM, 1e-3, 1);

    @Test
    void cnnPresetIsTheNotebooksNetwork() {
        MultiLayerNetwork net = NetworkFactory.build(ModelSpec.cnn(), ADAM);
        assertEquals(93_322, net.numParams()); // same count as the notebook's Keras model.summary()
        assertEquals(7, net.getnLayers());
        assertOutputIsProbabilities(net);
    }

    @Test
    void mlpPresetUsesUnitsDefaultOrTunedValue() {
        assertEquals(
                784 * 128 + 128 + 128 * 10 + 10,
                NetworkFactory.build(ModelSpec.mlp(), ADAM).numParams());
        HyperParameterValues tuned = new HyperParameterValues(Optimizer.ADAM, 1e-3, 1, Map.of("units", 32));
        MultiLayerNetwork net = NetworkFactory.build(ModelSpec.mlp(), tuned);
        assertEquals(784 * 32 + 32 + 32 * 10 + 10, net.numParams());
        assertOutputIsProbabilities(net);
    }

    @Test
    void customLayersBuildWithAllTypesAndGetAnOutputLayerAdded() {
        ModelSpec spec = ModelSpec.resolve(
                "cnn",
                List.of(
                        LayerSpec.of(LayerType.CONV2D, "filters", "8", "kernel", "5", "padding", "same"),
                        LayerSpec.of(LayerType.BATCHNORM),
                        LayerSpec.of(LayerType.AVGPOOL, "size", "2"),
                        LayerSpec.of(LayerType.CONV2D, "filters", "4", "stride", "2"),
                        LayerSpec.of(LayerType.MAXPOOL, "size", "2"),
                        LayerSpec.of(LayerType.DENSE, "units", "16", "activation", "tanh"),
                        LayerSpec.of(LayerType.DROPOUT, "rate", "0.25")));
        assertEquals(ModelSpec.CUSTOM, spec.name());
        MultiLayerNetwork net = NetworkFactory.build(spec, ADAM);
        assertEquals(8, net.getnLayers());
        assertOutputIsProbabilities(net);
    }

    @Test
    void repeatStacksALayerAsOftenAsAHyperparameterSays() {
        ModelSpec spec = ModelSpec.resolve(
                "custom", List.of(LayerSpec.of(LayerType.DENSE, "units", "16", "repeat", "hp:blocks")));
        MultiLayerNetwork three =
                NetworkFactory.build(spec, new HyperParameterValues(Optimizer.ADAM, 1e-3, 1, Map.of("blocks", 3)));
        assertEquals(4, three.getnLayers());
        assertEquals(784 * 16 + 16 + 2 * (16 * 16 + 16) + 16 * 10 + 10, three.numParams());
        assertOutputIsProbabilities(three);
        assertMessage(
                () -> NetworkFactory.build(spec, ADAM), "refers to hyperparameter 'blocks', which is not defined");
        assertMessage(
                () -> NetworkFactory.build(
                        ModelSpec.resolve(
                                "custom", List.of(LayerSpec.of(LayerType.DENSE, "units", "16", "repeat", "0"))),
                        ADAM),
                "layer 1 (dense) repeat");
    }

    @Test
    void badLayersFailNamingLayerAndSetting() {
        assertMessage(() -> LayerSpec.of(LayerType.DENSE, "filters", "3"), "a dense layer takes units, activation");
        assertMessage(
                () -> NetworkFactory.build(custom(LayerSpec.of(LayerType.DENSE)), ADAM),
                "layer 1 (dense) units: a dense layer needs units");
        assertMessage(
                () -> NetworkFactory.build(custom(LayerSpec.of(LayerType.DENSE, "units", "-3")), ADAM),
                "layer 1 (dense) units: must be a whole number");
        assertMessage(
                () -> NetworkFactory.build(custom(LayerSpec.of(LayerType.DROPOUT, "rate", "1.5")), ADAM),
                "layer 1 (dropout) rate");
        assertMessage(
                () -> NetworkFactory.build(custom(LayerSpec.of(LayerType.OUTPUT, "units", "5")), ADAM),
                "must have 10 units");
        assertMessage(
                () -> NetworkFactory.build(custom(LayerSpec.of(LayerType.DENSE, "units", "hp:width")), ADAM),
                "refers to hyperparameter 'width', which is not defined");
        assertMessage(
                () -> NetworkFactory.build(
                        custom(
                                LayerSpec.of(LayerType.DENSE, "units", "4"),
                                LayerSpec.of(LayerType.CONV2D, "filters", "4")),
                        ADAM),
                "comes after a dense layer");
        assertMessage(
                () -> NetworkFactory.build(
                        custom(LayerSpec.of(LayerType.CONV2D, "filters", "4", "kernel", "40")), ADAM),
                "does not fit the 28x28 image left at that point");
        assertMessage(() -> LayerType.fromId("lstm"), "allowed layer types are dense, conv2d");
        assertMessage(() -> ModelSpec.resolve("resnet", List.of()), "Invalid model 'resnet'");
        assertMessage(
                () -> Optimizer.fromId("lbfgs"), "allowed values are adam, sgd, nesterovs, rmsprop, adagrad, adadelta");
    }

    @Test
    void sameSeedGivesSameInitialWeights() {
        INDArray a = NetworkFactory.build(ModelSpec.cnn(), ADAM).params();
        INDArray b = NetworkFactory.build(ModelSpec.cnn(), ADAM).params();
        INDArray c = NetworkFactory.build(ModelSpec.cnn(), new HyperParameterValues(Optimizer.ADAM, 1e-3, 2))
                .params();
        assertEquals(a, b);
        assertTrue(!a.equals(c));
    }

    private static ModelSpec custom(LayerSpec... layers) {
        return ModelSpec.resolve("custom", List.of(layers));
    }

    private static void assertMessage(Runnable action, String expected) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, action::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static void assertOutputIsProbabilities(MultiLayerNetwork net) {
        INDArray out = net.output(Nd4j.rand(DataType.FLOAT, 3, 784));
        assertArrayEquals(new long[] {3, 10}, out.shape());
        assertEquals(3.0, out.sumNumber().doubleValue(), 1e-4);
    }
}
