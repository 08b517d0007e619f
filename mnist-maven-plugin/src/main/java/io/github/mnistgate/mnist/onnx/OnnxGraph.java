package io.github.mnistgate.mnist.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.InvalidProtocolBufferException;
import io.github.mnistgate.mnist.data.DatasetInfo;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.runtime.ImageShape;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a model file trained elsewhere takes and gives, read from its ONNX graph with ONNX's own protobuf classes, so
 * that a model that cannot fit the dataset fails before ONNX Runtime is fetched.
 *
 * @param input      the name of the one image input
 * @param inputDims  its dimensions, -1 where the graph names no size (the batch, usually)
 * @param output     the name of the first output, the class scores
 * @param outputDims its dimensions, -1 where the graph names no size
 * @param operators  the graph's operator types, each once, in order of first use
 * @param parameters how many numbers the graph's initializers hold
 * @param classNames the class names of the metadata this plugin's own export writes; null in other models
 */
public record OnnxGraph(
        Path file,
        long opset,
        String input,
        List<Long> inputDims,
        String output,
        List<Long> outputDims,
        List<String> operators,
        long parameters,
        List<String> classNames) {

    /** How the images' pixels are laid out in the input tensor. */
    public enum Layout {
        /** {@code [N, C, H, W]}: planes, as DL4J and PyTorch lay out images. */
        NCHW,
        /** {@code [N, H, W, C]}: channels last, as Keras does. */
        NHWC,
        /** {@code [N, C*H*W]} (or {@code [N, H, W]} for one channel): the same bytes as NCHW. */
        FLAT
    }

    /**
     * Reads the graph of an ONNX file.
     *
     * @throws InvalidSettingException naming {@code modelFile} when the file is not an ONNX model with one float input
     */
    public static OnnxGraph read(Path file) throws IOException {
        OnnxMl.ModelProto model;
        try (InputStream in = Files.newInputStream(file)) {
            model = OnnxMl.ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw notOnnx(file, e.getMessage());
        }
        if (model.getIrVersion() <= 0 || !model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw notOnnx(file, "it holds no ONNX graph");
        }
        OnnxMl.GraphProto graph = model.getGraph();
        Set<String> weights = new LinkedHashSet<>();
        long parameters = 0;
        for (OnnxMl.TensorProto t : graph.getInitializerList()) {
            weights.add(t.getName());
            parameters += t.getDimsList().stream().reduce(1L, (a, b) -> a * b);
        }
        List<OnnxMl.ValueInfoProto> inputs = graph.getInputList().stream()
                .filter(i -> !weights.contains(i.getName())) // before IR 4, weights were listed as inputs too
                .toList();
        if (inputs.size() != 1) {
            throw new InvalidSettingException(
                    "modelFile",
                    file,
                    "the model has " + inputs.size() + " inputs "
                            + inputs.stream()
                                    .map(OnnxMl.ValueInfoProto::getName)
                                    .toList()
                            + "; a model file must take one input, the images");
        }
        if (graph.getOutputCount() == 0) {
            throw notOnnx(file, "its graph has no output");
        }
        OnnxMl.ValueInfoProto input = inputs.get(0);
        OnnxMl.ValueInfoProto output = graph.getOutput(0);
        if (input.getType().getTensorType().getElemType() != OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
            throw new InvalidSettingException(
                    "modelFile",
                    file,
                    "the model's input \"" + input.getName() + "\" is not float32 (ONNX element type "
                            + input.getType().getTensorType().getElemType()
                            + "); a model file must take float32 pixels scaled to [0, 1]");
        }
        Set<String> operators = new LinkedHashSet<>();
        graph.getNodeList().forEach(n -> operators.add(n.getOpType()));
        long opset = model.getOpsetImportList().stream()
                .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OnnxMl.OperatorSetIdProto::getVersion)
                .max()
                .orElse(0);
        List<String> classNames = model.getMetadataPropsList().stream()
                .filter(p -> p.getKey().equals("classNames"))
                .map(p -> List.of(p.getValue().split("\n", -1))) // one name a line, as OnnxExport writes them
                .findFirst()
                .orElse(null);
        return new OnnxGraph(
                file,
                opset,
                input.getName(),
                dims(input),
                output.getName(),
                dims(output),
                List.copyOf(operators),
                parameters,
                classNames);
    }

    /**
     * How the graph takes the dataset's images, once its input and output are found to fit them.
     *
     * @throws InvalidSettingException naming the model's input or output and the dataset's shape or class count
     */
    public Layout fit(DatasetInfo dataset) {
        Layout layout = layout(dataset.shape(), dataset.id());
        checkOutput(dataset.classNames().size(), dataset.id());
        return layout;
    }

    /**
     * How the graph takes images of this shape.
     *
     * @throws InvalidSettingException naming the model's input and the dataset's shape when it takes other images
     */
    public Layout layout(ImageShape shape, String dataset) {
        long c = shape.channels();
        long h = shape.height();
        long w = shape.width();
        if (fits(inputDims, c, h, w)) {
            return Layout.NCHW;
        }
        if (fits(inputDims, h, w, c)) {
            return Layout.NHWC;
        }
        if (fits(inputDims, (long) shape.size()) || (c == 1 && fits(inputDims, h, w))) {
            return Layout.FLAT;
        }
        throw new InvalidSettingException(
                "modelFile",
                file,
                "the model's input \"" + input + "\" is " + describe(inputDims) + ", but the " + dataset
                        + " dataset's images are [N, " + c + ", " + h + ", " + w + "]; the input must be [N, " + c
                        + ", " + h + ", " + w + "], [N, " + h + ", " + w + ", " + c + "] or [N, " + shape.size()
                        + "]");
    }

    /**
     * Checks that the output gives one score per class where the graph says how many.
     *
     * @throws InvalidSettingException naming the model's output and the dataset's class count when it does not
     */
    public void checkOutput(int classes, String dataset) {
        boolean fits = outputDims.size() == 2 && (outputDims.get(1) < 0 || outputDims.get(1) == classes);
        if (!fits) {
            throw outputMismatch(describe(outputDims), classes, dataset);
        }
        if (classNames != null && classNames.size() != classes) {
            throw new InvalidSettingException(
                    "modelFile",
                    file,
                    "the model's metadata names " + classNames.size() + " classes, but the " + dataset + " dataset has "
                            + classes);
        }
    }

    /** The error for an output of {@code found} scores per image where the dataset has {@code classes} classes. */
    public InvalidSettingException outputMismatch(String found, int classes, String dataset) {
        return new InvalidSettingException(
                "modelFile",
                file,
                "the model's output \"" + output + "\" is " + found + ", but the " + dataset + " dataset has " + classes
                        + " classes; the output must be [N, " + classes + "]");
    }

    /** e.g. {@code input "images" [N, 1, 28, 28]; output "probabilities" [N, 10]}. */
    public String describe() {
        return "opset " + opset + "; input \"" + input + "\" " + describe(inputDims) + "; output \"" + output + "\" "
                + describe(outputDims);
    }

    private static boolean fits(List<Long> dims, long... image) {
        if (dims.size() != image.length + 1) {
            return false;
        }
        for (int i = 0; i < image.length; i++) {
            if (dims.get(i + 1) >= 0 && dims.get(i + 1) != image[i]) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<Long> dims) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < dims.size(); i++) {
            parts.add(dims.get(i) >= 0 ? Long.toString(dims.get(i)) : i == 0 ? "N" : "?");
        }
        return parts.toString();
    }

    private static List<Long> dims(OnnxMl.ValueInfoProto value) {
        return value.getType().getTensorType().getShape().getDimList().stream()
                .map(d -> d.hasDimValue() ? d.getDimValue() : -1L)
                .toList();
    }

    private static InvalidSettingException notOnnx(Path file, String why) {
        return new InvalidSettingException(
                "modelFile", file, "it is not an ONNX model (" + why + "); give an .onnx file or a model zip");
    }

    @Override
    public String toString() {
        return file + ": " + describe();
    }
}
