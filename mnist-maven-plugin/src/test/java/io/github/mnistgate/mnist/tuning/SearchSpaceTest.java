package io.github.mnistgate.mnist.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.model.LayerSpec;
import io.github.mnistgate.mnist.model.LayerType;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Json;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Search spaces as the POM writes them: what they hold, and how nonsense fails naming the element. */
class SearchSpaceTest {

    private static Map<String, String> hp(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static void assertInvalid(String expected, List<Map<String, String>> space) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> SearchSpace.parse(space));
        assertEquals("hyperParameters", e.setting());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void mlpPresetSearchesTheNotebooksSpace() {
        SearchSpace space = SearchSpace.forModel(ModelSpec.mlp(), List.of());
        assertEquals(List.of("units", "learning_rate"), space.names());
        List<Object> units = space.get("units").orElseThrow().gridValues();
        assertEquals(16, units.size());
        assertEquals(32, units.get(0));
        assertEquals(512, units.get(15));
        assertEquals(
                List.of(0.01, 0.001, 0.0001),
                space.get("learning_rate").orElseThrow().gridValues());
        assertEquals(48, space.gridSize());
    }

    @Test
    void cnnPresetHasASmallDefaultSpaceThatItsLayersUse() {
        SearchSpace space = SearchSpace.forModel(ModelSpec.cnn(), List.of());
        assertEquals(List.of("dense_units", "learning_rate"), space.names());
        assertEquals(List.of(), space.unused(ModelSpec.cnn(), List.of()));
        assertEquals(12, space.gridSize());
    }

    @Test
    void thePomsSpaceReplacesThePresets() {
        SearchSpace space = SearchSpace.forModel(
                ModelSpec.mlp(),
                List.of(
                        hp("name", "units", "type", "choice", "values", "64, 128"),
                        hp("name", "optimizer", "type", "choice", "values", "adam,sgd"),
                        hp("name", "batch_size", "type", "fixed", "value", "32")));
        assertEquals(List.of("units", "optimizer", "batch_size"), space.names());
        ChoiceParameter optimizer = (ChoiceParameter) space.get("optimizer").orElseThrow();
        assertFalse(optimizer.ordered(), "words are unordered");
        assertEquals(2, optimizer.dimensions(), "one-hot");
        assertEquals(32, space.get("batch_size").orElseThrow().random(new Random(1)));
    }

    @Test
    void typesSampleWithinTheirRangesAndStepsAndSurviveJson() throws Exception {
        SearchSpace space = SearchSpace.parse(List.of(
                hp("name", "a", "type", "int", "min", "16", "max", "512", "step", "2", "sampling", "log"),
                hp("name", "b", "type", "float", "min", "1e-4", "max", "1e-1", "sampling", "log"),
                hp("name", "c", "type", "float", "min", "0", "max", "0.5", "step", "0.1"),
                hp("name", "d", "type", "boolean"),
                hp("name", "e", "type", "int", "min", "1", "max", "3"),
                hp("name", "f", "type", "choice", "values", "relu,tanh", "ordered", "false")));
        assertEquals(
                List.of(16, 32, 64, 128, 256, 512), space.get("a").orElseThrow().gridValues());
        assertEquals(
                List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
                space.get("c").orElseThrow().gridValues());
        assertEquals(10, space.get("b").orElseThrow().gridValues().size(), "a continuous float gives 10 grid values");
        assertEquals(List.of(1, 2, 3), space.get("e").orElseThrow().gridValues());
        Random r = new Random(3);
        Set<Object> seenA = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            Map<String, Object> v = space.random(r);
            seenA.add(v.get("a"));
            double b = (Double) v.get("b");
            assertTrue(b >= 1e-4 && b <= 1e-1, "b " + b);
            assertTrue(space.get("c").orElseThrow().gridValues().contains(v.get("c")), "c on its steps: " + v.get("c"));
            for (double x : space.encode(v)) {
                assertTrue(x >= 0 && x <= 1, "encoded in the unit cube");
            }
            // What trial.json stores reads back as the same values.
            @SuppressWarnings("unchecked")
            Map<String, Object> back = Json.mapper().readValue(Json.mapper().writeValueAsString(v), Map.class);
            assertEquals(v, space.canonical(back).orElseThrow());
            assertEquals(space.key(v), space.key(space.canonical(back).orElseThrow()));
            Map<String, Object> near = space.neighbour(v, r);
            assertTrue(space.canonical(near).isPresent(), "a neighbour is in the space: " + near);
        }
        assertEquals(6, seenA.size(), "log int with step multiplies");
        assertEquals(1 + 1 + 1 + 1 + 1 + 2, space.dimensions());
        assertTrue(
                space.canonical(Map.of("a", 17, "b", 0.01, "c", 0.1, "d", true, "e", 1, "f", "relu"))
                        .isEmpty(),
                "17 is not a value of a");
    }

    @Test
    void spacesThatMakeNoSenseFailNamingTheElement() {
        assertInvalid(
                "<hyperParameter> units (int): min 600 is greater than max 512",
                List.of(hp("name", "units", "type", "int", "min", "600", "max", "512")));
        assertInvalid(
                "<hyperParameter> lr (float): log sampling needs min above 0, but min is 0",
                List.of(hp("name", "lr", "type", "float", "min", "0", "max", "0.1", "sampling", "log")));
        assertInvalid(
                "<hyperParameter> width (int): log sampling needs min above 0",
                List.of(hp("name", "width", "type", "int", "min", "-2", "max", "8", "sampling", "log")));
        assertInvalid(
                "<hyperParameter> act (choice): needs at least one value",
                List.of(hp("name", "act", "type", "choice", "values", " , ")));
        assertInvalid(
                "<hyperParameter> act (choice): needs at least one value",
                List.of(hp("name", "act", "type", "choice")));
        assertInvalid(
                "<type> must be one of int, float, choice, boolean, fixed, but is 'double'",
                List.of(hp("name", "x", "type", "double")));
        assertInvalid("needs a <name>", List.of(hp("type", "boolean")));
        assertInvalid(
                "<hyperParameter> x (int): a int hyperparameter takes min, max, step, sampling, not <values>",
                List.of(hp("name", "x", "type", "int", "min", "1", "max", "2", "values", "1,2")));
        assertInvalid(
                "<min> must be a whole number, but is '1.5'",
                List.of(hp("name", "x", "type", "int", "min", "1.5", "max", "2")));
        assertInvalid(
                "step must be at least 1",
                List.of(hp("name", "x", "type", "int", "min", "1", "max", "2", "step", "0")));
        assertInvalid(
                "step must be above 0",
                List.of(hp("name", "x", "type", "float", "min", "0", "max", "1", "step", "-0.1")));
        assertInvalid(
                "<sampling> must be linear or log, but is 'reverse'",
                List.of(hp("name", "x", "type", "float", "min", "1", "max", "2", "sampling", "reverse")));
        assertInvalid(
                "the name is declared twice",
                List.of(hp("name", "x", "type", "boolean"), hp("name", "x", "type", "boolean")));
        assertInvalid(
                "values must all be numbers, all words or all booleans",
                List.of(hp("name", "x", "type", "choice", "values", "1,relu")));
        assertInvalid("values must be different", List.of(hp("name", "x", "type", "choice", "values", "1,1")));
        assertInvalid("<hyperParameter> y (fixed): needs a <value>", List.of(hp("name", "y", "type", "fixed")));
        assertInvalid(
                "a learning rate must be a number above 0",
                List.of(hp("name", "learning_rate", "type", "float", "min", "0", "max", "0.1")));
        assertInvalid(
                "'lbfgs' is not an optimizer; allowed values are adam, sgd",
                List.of(hp("name", "optimizer", "type", "choice", "values", "adam,lbfgs")));
        assertInvalid(
                "a batch size must be a whole number from 1",
                List.of(hp("name", "batch_size", "type", "choice", "values", "0.5,64")));
    }

    @Test
    void aLayerReferringToAnUndeclaredNameFailsAtOnce() {
        ModelSpec custom = new ModelSpec(
                ModelSpec.CUSTOM,
                List.of(LayerSpec.of(LayerType.DENSE, "units", "hp:width"), LayerSpec.of(LayerType.OUTPUT)),
                Map.of());
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> SearchSpace.forModel(
                        custom, List.of(hp("name", "units", "type", "int", "min", "8", "max", "16"))));
        assertTrue(
                e.getMessage()
                        .contains(
                                "layer 1 (dense) units refers to hyperparameter 'width', which no <hyperParameter> declares; declared: units"),
                e.getMessage());
        InvalidSettingException none =
                assertThrows(InvalidSettingException.class, () -> SearchSpace.forModel(custom, List.of()));
        assertTrue(none.getMessage().contains("the custom model has no default search space"), none.getMessage());
        // a name the model defaults need not be searched
        SearchSpace lrOnly = SearchSpace.forModel(
                ModelSpec.mlp(), List.of(hp("name", "learning_rate", "type", "choice", "values", "0.01,0.001")));
        assertEquals(List.of(), lrOnly.unused(ModelSpec.mlp(), List.of()));
        assertEquals(
                List.of("depth"),
                SearchSpace.forModel(
                                ModelSpec.mlp(), List.of(hp("name", "depth", "type", "int", "min", "1", "max", "3")))
                        .unused(ModelSpec.mlp(), List.of()));
        assertEquals(
                List.of(),
                SearchSpace.forModel(
                                ModelSpec.mlp(), List.of(hp("name", "depth", "type", "int", "min", "1", "max", "3")))
                        .unused(ModelSpec.mlp(), List.of("depth")),
                "another setting, such as the augmentation, refers to it");
    }
}
