package io.github.mnistgate.mnist.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.model.LayerType;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.tuning.TuningSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void suggestsTheClosestNameWithinTwoEditsOnly() {
        assertEquals("; did you mean 'adam'?", Suggestions.didYouMean("adm", List.of("adam", "sgd")));
        assertEquals(
                "; did you mean 'fashion-mnist'?",
                Suggestions.didYouMean("Fashion_MNIST", List.of("mnist", "fashion-mnist")));
        assertEquals("", Suggestions.didYouMean("lbfgs", List.of("adam", "sgd", "rmsprop")));
        assertEquals("", Suggestions.didYouMean("adam", List.of("adam", "sgd")));
        assertEquals("", Suggestions.didYouMean(" ", List.of("adam")));
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
    }

    @Test
    void unknownNamesInSettingsGetASuggestion() {
        assertMessage(
                () -> Optimizer.fromId("rmsporp"),
                "Invalid optimizer 'rmsporp': allowed values are adam, sgd, nesterovs, rmsprop, adagrad, adadelta; did you mean 'rmsprop'?");
        assertMessage(() -> Dataset.fromId("fashion_mnist"), "did you mean 'fashion-mnist'?");
        assertMessage(() -> LayerType.fromId("conv"), "did you mean 'conv2d'?");
        assertMessage(() -> ModelSpec.resolve("cnm", List.of()), "did you mean 'cnn'?");
        assertTrue(TuningSettings.TUNERS.contains("hyperband"));
        assertEquals("; did you mean 'hyperband'?", Suggestions.didYouMean("hyperbnd", TuningSettings.TUNERS));
    }

    private static void assertMessage(Runnable action, String expected) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, action::run);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
