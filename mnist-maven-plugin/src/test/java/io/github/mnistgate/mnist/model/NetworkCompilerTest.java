package io.github.mnistgate.mnist.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.runtime.ImageShape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which path each network takes, and why a network falls back to stock DL4J: the table docs/performance.md shows. */
class NetworkCompilerTest {

    private static final HyperParameterValues VALUES = new HyperParameterValues(Optimizer.ADAM, 1e-3, 1);

    @BeforeAll
    static void nativeBackend() {
        NativeBackend.prepare();
    }

    /**
     * Layers as {@code type:key=value:key=value}, separated by spaces; {@code cnn} and {@code mlp} are the presets.
     */
    private static ModelSpec spec(String layers, int channels) {
        ModelSpec spec;
        if (layers.equals("cnn")) {
            spec = ModelSpec.cnn();
        } else if (layers.equals("mlp")) {
            spec = ModelSpec.mlp();
        } else {
            List<LayerSpec> list = new ArrayList<>();
            for (String layer : layers.trim().split("\\s+")) {
                String[] parts = layer.split(":");
                List<String> keyValues = new ArrayList<>();
                for (int i = 1; i < parts.length; i++) {
                    String[] kv = parts[i].split("=");
                    keyValues.add(kv[0]);
                    keyValues.add(kv[1]);
                }
                list.add(LayerSpec.of(LayerType.fromId(parts[0]), keyValues.toArray(String[]::new)));
            }
            spec = ModelSpec.resolve("custom", list);
        }
        return spec.forData(new ImageShape(channels, 28, 28), 10);
    }

    @ParameterizedTest(name = "{0} ({1} channel(s), {2}) -> {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "mlp | 1 | auto | DENSE | ",
                "dense:units=16:activation=tanh dense:units=8:activation=sigmoid | 1 | auto | DENSE | ",
                "cnn | 1 | auto | CONV | ",
                "cnn | 3 | auto | CONV | ",
                "conv2d:filters=32 conv2d:filters=64 maxpool dropout:rate=0.25 dense:units=128 dropout:rate=0.5 | 1 | auto | CONV | ",
                "conv2d:filters=8:kernel=5:stride=2 maxpool:size=3:stride=2 dense:units=16:activation=identity | 3 | auto | CONV | ",
                "cnn | 1 | dl4j | DL4J | mnist.kernels=dl4j",
                "mlp | 1 | dl4j | DL4J | mnist.kernels=dl4j",
                "conv2d:filters=8:padding=same conv2d:filters=8:kernel=5:stride=2:padding=same maxpool | 3 | auto | CONV | ",
                "conv2d:filters=8 maxpool:size=2:stride=1 | 1 | auto | CONV | ",
                "conv2d:filters=8 avgpool | 3 | auto | CONV | ",
                "conv2d:filters=8:activation=tanh avgpool conv2d:filters=4:activation=gelu maxpool dense:units=8:activation=swish | 1 | auto | CONV | ",
                "conv2d:filters=8:activation=rrelu | 1 | auto | DL4J | rrelu draws its slopes from DL4J's own generator",
                "conv2d:filters=8 dense:units=8:activation=softmax | 1 | auto | DL4J | softmax is compiled only in the output layer",
                "dense:units=16 dropout:rate=0.2 dense:units=16:activation=elu dropout:rate=0.5 | 1 | auto | DENSE | ",
                "dropout:rate=0.2 dense:units=16 | 1 | auto | DL4J | layer 1 (DropoutLayer) is not a dense layer",
                "conv2d:filters=8 batchnorm | 1 | auto | CONV | ",
                "conv2d:filters=8:padding=same batchnorm conv2d:filters=8:padding=same batchnorm maxpool dense:units=16 dropout:rate=0.5 | 3 | auto | CONV | ",
                "batchnorm conv2d:filters=8 | 1 | auto | DL4J | layer 1 (BatchNormalization): batch normalization as the first layer is not compiled",
                "conv2d:filters=8 dense:units=16 batchnorm dropout:rate=0.5 | 1 | auto | CONV | ",
                "conv2d:filters=8 dense:units=16 dropout:rate=0.5 batchnorm | 1 | auto | DL4J | layer 4 (BatchNormalization): batch normalization over rows is compiled right after a dense layer",
                "dense:units=16 batchnorm dropout:rate=0.2 dense:units=8 batchnorm | 1 | auto | DENSE | ",
                "dense:units=16 dropout:rate=0.2 batchnorm | 1 | auto | DL4J | layer 3 (BatchNormalization): batch normalization over rows is compiled right after a dense layer",
            })
    void eachNetworkTakesOnePathAndAFallbackSaysWhy(
            String layers, int channels, String kernels, String path, String reason) {
        NetworkCompiler.Compiled compiled =
                NetworkCompiler.compile(NetworkFactory.build(spec(layers, channels), VALUES), Kernels.fromId(kernels));
        assertEquals(NetworkCompiler.Path.valueOf(path), compiled.path(), compiled.describe());
        if (reason == null) {
            assertNull(compiled.reason());
            assertTrue(compiled.describe().startsWith("trained by the "), compiled.describe());
        } else {
            assertTrue(compiled.reason().contains(reason), compiled.reason());
            assertTrue(compiled.describe().startsWith("trained by stock DL4J: "), compiled.describe());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "conv2d:filters=32 conv2d:filters=64 maxpool dropout:rate=0.25 dense:units=128 dropout:rate=0.5 | Conv Conv Pool Drop Dense Drop Dense",
                "cnn | Conv Pool Conv Pool Conv Dense Dense",
                "conv2d:filters=8 batchnorm maxpool batchnorm dense:units=16 | Conv Norm Pool Norm Dense Dense",
            })
    void theStagesFollowTheLayers(String layers, String stages) {
        NetworkCompiler.Compiled compiled =
                NetworkCompiler.compile(NetworkFactory.build(spec(layers, 1), VALUES), Kernels.AUTO);
        assertEquals(
                stages,
                String.join(
                        " ",
                        compiled.stages().stream()
                                .map(s -> s.getClass().getSimpleName())
                                .toList()));
        NetworkCompiler.Stage last = compiled.stages().get(compiled.stages().size() - 1);
        assertTrue(last instanceof NetworkCompiler.Dense d && d.output() && d.units() == 10, last.toString());
    }
}
