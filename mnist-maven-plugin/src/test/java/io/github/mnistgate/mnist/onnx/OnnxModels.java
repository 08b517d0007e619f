package io.github.mnistgate.mnist.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import io.github.mnistgate.mnist.data.LabelledImages;
import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** ONNX models as other tools write them, made from this plugin's export by changing its graph, and ONNX Runtime. */
public final class OnnxModels {

    private OnnxModels() {}

    /** Features of {@code split} for {@code shape}: RGB as three different planes made from the same gray image. */
    public static DataSet features(LabelledImages split, ImageShape shape) {
        DataSet gray = split.toDataSet(split.size());
        if (shape.channels() == 1) {
            return gray;
        }
        INDArray f = gray.getFeatures();
        return new DataSet(Nd4j.hstack(f, f.mul(0.5), f.rsub(1)), gray.getLabels());
    }

    /** ONNX Runtime from the jar the tests run with, loaded as the plugin loads a fetched one. */
    public static OnnxRuntime.Provider runtime() {
        return () -> {
            try {
                return OnnxRuntime.of(List.of(Path.of(OrtEnvironment.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())));
            } catch (URISyntaxException e) {
                throw new IOException(e);
            }
        };
    }

    /** The model with its Softmax made an Identity: it gives logits, as most exported PyTorch models do. */
    public static byte[] logits(byte[] onnx) throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(onnx);
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            if (graph.getNode(i).getOpType().equals("Softmax")) {
                graph.setNode(
                        i, graph.getNode(i).toBuilder().setOpType("Identity").clearAttribute());
                return model.toBuilder().setGraph(graph).build().toByteArray();
            }
        }
        throw new IllegalArgumentException("no Softmax in the graph");
    }

    /** The model with its input given other dimensions (the batch stays symbolic), e.g. {@code [N, 784]}. */
    public static byte[] inputDims(byte[] onnx, long... dims) throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(onnx);
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        graph.setInput(0, graph.getInput(0).toBuilder().setType(tensor(dims)));
        return model.toBuilder().setGraph(graph).build().toByteArray();
    }

    /** The model taking {@code [N, H, W, C]} (Keras's layout) through a Transpose in front of it. */
    public static byte[] channelsLast(byte[] onnx, long height, long width, long channels) throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(onnx);
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        String planes = graph.getInput(0).getName();
        OnnxMl.NodeProto transpose = OnnxMl.NodeProto.newBuilder()
                .setOpType("Transpose")
                .setName("to_planes")
                .addInput("channels_last")
                .addOutput(planes)
                .addAttribute(OnnxMl.AttributeProto.newBuilder()
                        .setName("perm")
                        .setType(OnnxMl.AttributeProto.AttributeType.INTS)
                        .addAllInts(List.of(0L, 3L, 1L, 2L)))
                .build();
        List<OnnxMl.NodeProto> nodes = new java.util.ArrayList<>(graph.getNodeList());
        nodes.add(0, transpose);
        graph.clearNode().addAllNode(nodes);
        graph.setInput(
                0, graph.getInput(0).toBuilder().setName("channels_last").setType(tensor(-1, height, width, channels)));
        return model.toBuilder().setGraph(graph).build().toByteArray();
    }

    private static OnnxMl.TypeProto tensor(long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(
                    d < 0
                            ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("N")
                            : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(shape))
                .build();
    }
}
