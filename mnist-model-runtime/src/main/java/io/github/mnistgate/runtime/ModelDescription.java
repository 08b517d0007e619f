package io.github.mnistgate.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What a published model is, as its model card says: the dataset it learnt, the images it takes, the names of its
 * classes (in the order of its outputs) and how it scored on its test set. A card written before the plugin recorded
 * the input shape and class names (or no card at all) is read from the network instead: its input size, and class
 * names {@code 0}, {@code 1}, ...
 *
 * @param dataset      the dataset's name, e.g. {@code mnist} or {@code folder}; null when the zip has no card
 * @param testAccuracy the accuracy {@code mnist:evaluate} measured, or null when it never ran
 * @param fingerprint  the training fingerprint, or null
 */
public record ModelDescription(
        String dataset, ImageShape inputShape, List<String> classNames, Double testAccuracy, String fingerprint) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ModelDescription {
        classNames = List.copyOf(classNames);
    }

    /**
     * @param card  the model card's bytes, or null
     * @param where the zip, to name it in errors
     */
    static ModelDescription of(byte[] card, MultiLayerNetwork network, String where) throws IOException {
        JsonNode json = card == null ? JSON.createObjectNode() : JSON.readTree(card);
        int inputs = inputs(network);
        int outputs = Math.toIntExact(((FeedForwardLayer) network.getLayerWiseConfigurations()
                        .getConf(network.getnLayers() - 1)
                        .getLayer())
                .getNOut());
        ImageShape shape = shape(json.path("inputShape"), network, inputs, where);
        List<String> names = new ArrayList<>();
        json.path("classNames").forEach(n -> names.add(n.asText()));
        if (names.isEmpty()) {
            for (int i = 0; i < outputs; i++) {
                names.add(Integer.toString(i));
            }
        }
        if (shape.size() != inputs) {
            throw new IOException(where + ": its model card says it takes " + shape + " images (" + shape.size()
                    + " values), but its network takes " + inputs);
        }
        if (names.size() != outputs) {
            throw new IOException(where + ": its model card names " + names.size() + " classes, but its network has "
                    + outputs + " outputs");
        }
        JsonNode accuracy = json.path("evaluation").path("accuracy");
        return new ModelDescription(
                text(json.path("dataset")),
                shape,
                names,
                accuracy.isNumber() ? accuracy.asDouble() : null,
                text(json.path("fingerprint")));
    }

    private static ImageShape shape(JsonNode card, MultiLayerNetwork network, int inputs, String where)
            throws IOException {
        if (card.isObject()) {
            return new ImageShape(
                    card.path("channels").asInt(),
                    card.path("height").asInt(),
                    card.path("width").asInt());
        }
        InputPreProcessor first = network.getLayerWiseConfigurations().getInputPreProcess(0);
        if (first instanceof FeedForwardToCnnPreProcessor images) {
            return new ImageShape(
                    (int) images.getNumChannels(), (int) images.getInputHeight(), (int) images.getInputWidth());
        }
        if (inputs == ImageShape.MNIST.size()) {
            return ImageShape.MNIST;
        }
        throw new IOException(where + ": its model card names no inputShape, and its network takes " + inputs
                + " values, which is no image shape the runtime can tell");
    }

    /** Values per example the network takes. */
    private static int inputs(MultiLayerNetwork network) {
        InputPreProcessor first = network.getLayerWiseConfigurations().getInputPreProcess(0);
        if (first instanceof FeedForwardToCnnPreProcessor images) {
            return Math.toIntExact(images.getNumChannels() * images.getInputHeight() * images.getInputWidth());
        }
        return Math.toIntExact(((FeedForwardLayer)
                        network.getLayerWiseConfigurations().getConf(0).getLayer())
                .getNIn());
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
