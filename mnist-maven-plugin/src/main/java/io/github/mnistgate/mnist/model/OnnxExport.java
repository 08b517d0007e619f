package io.github.mnistgate.mnist.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.github.mnistgate.runtime.ImageShape;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationHardTanH;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftSign;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained network as an ONNX model (opset {@value #OPSET}), written with ONNX's own protobuf classes: one input,
 * {@value #INPUT}, {@code [N, channels, height, width]} float32 pixels scaled to [0, 1]; one output, {@value #OUTPUT},
 * {@code [N, classes]}. Each layer the plugin builds maps to ONNX operators: dense to {@code Gemm}, convolution to
 * {@code Conv}, pooling to {@code MaxPool} or {@code AveragePool}, batch normalization to {@code BatchNormalization},
 * the move from images to rows to {@code Flatten}; dropout acts in training only and is left out; each activation is
 * its operator. The geometry (padding of {@code same} layers included) is worked out here, as DL4J works it out, so
 * the file needs no shape inference.
 */
public final class OnnxExport {

    /** The operator set the model declares. */
    public static final int OPSET = 13;

    /** The graph's input and output, as the model card names them. */
    public static final String INPUT = "images";

    public static final String OUTPUT = "probabilities";

    /** ONNX's IR version 7 is the one that goes with opset 13. */
    private static final long IR_VERSION = 7;

    /** A layer or activation that has no operator here. */
    public static final class UnsupportedLayerException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsupportedLayerException(String message) {
            super(message);
        }
    }

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("mnist-maven-plugin");
    private int names;

    private OnnxExport() {}

    /**
     * The ONNX model of {@code network}, trained on images of {@code shape} in the classes {@code classNames}.
     *
     * @throws UnsupportedLayerException naming the layer, for a layer or activation no operator stands for
     */
    public static byte[] export(MultiLayerNetwork network, ImageShape shape, List<String> classNames) {
        return new OnnxExport().model(network, shape, classNames).toByteArray();
    }

    private ModelProto model(MultiLayerNetwork network, ImageShape shape, List<String> classNames) {
        String x = INPUT;
        int channels = shape.channels();
        int height = shape.height();
        int width = shape.width();
        boolean rows = false; // whether the images have become rows
        int classes = -1;
        for (int i = 0; i < network.getnLayers(); i++) {
            Layer layer = network.getLayer(i);
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            String where = "layer " + i + " (" + conf.getClass().getSimpleName() + ")";
            if (conf instanceof DropoutLayer) {
                continue; // identity at inference
            }
            if (conf instanceof ConvolutionLayer c) {
                checkImages(rows, where);
                if (c.getNIn() != channels) {
                    throw new IllegalStateException(where + " takes " + c.getNIn() + " channels, not " + channels);
                }
                Window w = Window.of(
                        c.getKernelSize(),
                        c.getStride(),
                        c.getDilation(),
                        c.getConvolutionMode(),
                        c.getPadding(),
                        height,
                        width,
                        where);
                x = node(
                        "Conv",
                        List.of(
                                x,
                                initializer("W", layer.getParam("W"), c.getNOut(), channels, w.kernel[0], w.kernel[1]),
                                initializer("b", layer.getParam("b"), c.getNOut())),
                        w.attributes().toArray(AttributeProto[]::new));
                x = activation(x, c.getActivationFn(), where);
                channels = Math.toIntExact(c.getNOut());
                height = w.outHeight();
                width = w.outWidth();
            } else if (conf instanceof SubsamplingLayer p) {
                checkImages(rows, where);
                boolean max = p.getPoolingType() == PoolingType.MAX;
                if (!max && p.getPoolingType() != PoolingType.AVG) {
                    throw new UnsupportedLayerException(
                            where + ": " + p.getPoolingType() + " pooling has no ONNX operator here");
                }
                Window w = Window.of(
                        p.getKernelSize(),
                        p.getStride(),
                        p.getDilation(),
                        p.getConvolutionMode(),
                        p.getPadding(),
                        height,
                        width,
                        where);
                List<AttributeProto> attributes = new java.util.ArrayList<>(w.attributes());
                if (!max) {
                    attributes.add(integer("count_include_pad", p.isAvgPoolIncludePadInDivisor() ? 1 : 0));
                }
                x = node(max ? "MaxPool" : "AveragePool", List.of(x), attributes.toArray(AttributeProto[]::new));
                height = w.outHeight();
                width = w.outWidth();
            } else if (conf instanceof BatchNormalization b) {
                int features = rows ? channels * height * width : channels;
                INDArray variance = b.isUseLogStd() ? variance(layer.getParam("log10stdev")) : layer.getParam("var");
                x = node(
                        "BatchNormalization",
                        List.of(
                                x,
                                initializer("gamma", layer.getParam("gamma"), features),
                                initializer("beta", layer.getParam("beta"), features),
                                initializer("mean", layer.getParam("mean"), features),
                                initializer("var", variance, features)),
                        real("epsilon", (float) b.getEps()));
            } else if (conf instanceof FeedForwardLayer d && layer.getParam("W") != null) {
                if (!rows) {
                    x = node("Flatten", List.of(x), integer("axis", 1));
                    rows = true;
                }
                int in = Math.toIntExact(d.getNIn());
                int units = Math.toIntExact(d.getNOut());
                x = node(
                        "Gemm",
                        List.of(
                                x,
                                initializer("W", layer.getParam("W"), in, units),
                                initializer("b", layer.getParam("b"), units)));
                x = activation(x, d.getActivationFn(), where);
                channels = units;
                height = 1;
                width = 1;
                classes = units;
            } else {
                throw new UnsupportedLayerException(where + " has no ONNX operator here");
            }
        }
        if (classes != classNames.size()) {
            throw new IllegalArgumentException("the network gives " + classes + " outputs, not one for each of the "
                    + classNames.size() + " classes");
        }
        graph.addNode(NodeProto.newBuilder()
                .setOpType("Identity")
                .setName("output")
                .addInput(x)
                .addOutput(OUTPUT));
        graph.addInput(value(INPUT, -1, shape.channels(), shape.height(), shape.width()));
        graph.addOutput(value(OUTPUT, -1, classes));
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("mnist-maven-plugin")
                .setDocString("[N, " + shape.channels() + ", " + shape.height() + ", " + shape.width()
                        + "] float32 pixels scaled to [0, 1] in; [N, " + classes + "] class probabilities out")
                .addMetadataProps(StringStringEntryProto.newBuilder()
                        .setKey("classNames")
                        .setValue(String.join("\n", classNames)))
                .setGraph(graph)
                .build();
    }

    /** The variance DL4J keeps as {@code log10} of the standard deviation: {@code (10^l)^2}. */
    private static INDArray variance(INDArray log10std) {
        double[] l = log10std.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        float[] v = new float[l.length];
        for (int i = 0; i < l.length; i++) {
            double std = Math.pow(10, l[i]);
            v[i] = (float) (std * std);
        }
        return org.nd4j.linalg.factory.Nd4j.createFromArray(v);
    }

    /**
     * A convolution's or pooling's window over a {@code height} x {@code width} input: its kernel, strides and top,
     * left, bottom and right padding as DL4J pads. {@code Truncate} and {@code Strict} pad as set; {@code Same} pads the
     * total a window needs, the smaller half first.
     */
    private record Window(int[] kernel, int[] stride, int[] pads, int height, int width) {

        static Window of(
                int[] k,
                int[] s,
                int[] dilation,
                ConvolutionMode mode,
                int[] padding,
                int height,
                int width,
                String where) {
            if (dilation != null && (dilation[0] != 1 || dilation[1] != 1)) {
                throw new UnsupportedLayerException(where + ": dilation is not exported");
            }
            int[] pads;
            if (mode == ConvolutionMode.Same) {
                int totalH = Math.max(0, ((height + s[0] - 1) / s[0] - 1) * s[0] + k[0] - height);
                int totalW = Math.max(0, ((width + s[1] - 1) / s[1] - 1) * s[1] + k[1] - width);
                pads = new int[] {totalH / 2, totalW / 2, totalH - totalH / 2, totalW - totalW / 2};
            } else if (mode == ConvolutionMode.Truncate || mode == ConvolutionMode.Strict) {
                int[] p = padding == null ? new int[2] : padding;
                pads = new int[] {p[0], p[1], p[0], p[1]};
            } else {
                throw new UnsupportedLayerException(where + ": convolution mode " + mode + " has no ONNX padding here");
            }
            return new Window(k, s, pads, height, width);
        }

        List<AttributeProto> attributes() {
            return List.of(
                    ints("kernel_shape", kernel[0], kernel[1]),
                    ints("strides", stride[0], stride[1]),
                    ints("pads", pads[0], pads[1], pads[2], pads[3]));
        }

        int outHeight() {
            return (height + pads[0] + pads[2] - kernel[0]) / stride[0] + 1;
        }

        int outWidth() {
            return (width + pads[1] + pads[3] - kernel[1]) / stride[1] + 1;
        }
    }

    private static void checkImages(boolean rows, String where) {
        if (rows) {
            throw new UnsupportedLayerException(where + " follows a dense layer; ONNX export takes images before rows");
        }
    }

    /** {@code x} through {@code fn}'s operator; the identity adds none. */
    private String activation(String x, IActivation fn, String where) {
        if (fn instanceof ActivationIdentity) {
            return x;
        }
        if (fn instanceof ActivationReLU) {
            return node("Relu", List.of(x));
        }
        if (fn instanceof ActivationSoftmax) {
            return node("Softmax", List.of(x), integer("axis", 1));
        }
        if (fn instanceof ActivationTanH) {
            return node("Tanh", List.of(x));
        }
        if (fn instanceof ActivationSigmoid) {
            return node("Sigmoid", List.of(x));
        }
        if (fn instanceof ActivationLReLU l) {
            return node("LeakyRelu", List.of(x), real("alpha", (float) l.getAlpha()));
        }
        if (fn instanceof ActivationELU e) {
            return node("Elu", List.of(x), real("alpha", (float) e.getAlpha()));
        }
        if (fn instanceof ActivationSELU) {
            return node("Selu", List.of(x)); // ONNX's default alpha and gamma are SELU's constants, as libnd4j's
        }
        if (fn instanceof ActivationSoftPlus) {
            return node("Softplus", List.of(x));
        }
        if (fn instanceof ActivationSoftSign) {
            return node("Softsign", List.of(x));
        }
        if (fn instanceof ActivationHardSigmoid) {
            return node("HardSigmoid", List.of(x), real("alpha", 0.2f), real("beta", 0.5f));
        }
        if (fn instanceof ActivationHardTanH) {
            return node("Clip", List.of(x, scalar("min", -1f), scalar("max", 1f)));
        }
        if (fn instanceof ActivationReLU6) {
            return node("Clip", List.of(x, scalar("min", 0f), scalar("max", 6f)));
        }
        if (fn instanceof ActivationSwish) {
            return node("Mul", List.of(x, node("Sigmoid", List.of(x))));
        }
        throw new UnsupportedLayerException(where + ": activation " + fn + " has no ONNX operator here; allowed for"
                + " export are identity, relu, softmax, tanh, sigmoid, leakyrelu, elu, selu, softplus, softsign,"
                + " hardsigmoid, hardtanh, relu6 and swish");
    }

    /** Adds a node of {@code op} on {@code inputs}; returns its output's name. */
    private String node(String op, List<String> inputs, AttributeProto... attributes) {
        String name = op.toLowerCase(Locale.ROOT) + "_" + names++;
        NodeProto.Builder node = NodeProto.newBuilder()
                .setOpType(op)
                .setName(name)
                .addAllInput(inputs)
                .addOutput(name);
        for (AttributeProto a : attributes) {
            node.addAttribute(a);
        }
        graph.addNode(node);
        return name;
    }

    /** Adds {@code values} as a float tensor of {@code dims}, in row-major order; returns its name. */
    private String initializer(String what, INDArray values, long... dims) {
        String name = what + "_" + names++;
        float[] data = values.castTo(DataType.FLOAT).dup('c').data().asFloat();
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        if (count != data.length) {
            throw new IllegalStateException(name + " holds " + data.length + " values, not " + count);
        }
        TensorProto.Builder tensor =
                TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
        for (long d : dims) {
            tensor.addDims(d);
        }
        for (float v : data) {
            tensor.addFloatData(v);
        }
        graph.addInitializer(tensor);
        return name;
    }

    private String scalar(String what, float value) {
        String name = what + "_" + names++;
        graph.addInitializer(TensorProto.newBuilder()
                .setName(name)
                .setDataType(TensorProto.DataType.FLOAT.getNumber())
                .addFloatData(value));
        return name;
    }

    private static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(
                    d < 0
                            ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                            : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(TensorProto.DataType.FLOAT.getNumber())
                                .setShape(shape)))
                .build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    private static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOAT)
                .setF(value)
                .build();
    }
}
