package io.github.mnistgate.mnist.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LimitTest {

    private static final List<String> DIGITS = io.github.mnistgate.mnist.data.Dataset.MNIST.classNames();

    @Test
    void fractionAndPercentageMeanTheSame() {
        assertEquals(0.99, Limit.parse("0.99").minimum(), 1e-12);
        assertEquals(0.99, Limit.parse("99%").minimum(), 1e-12);
        assertEquals(0.995, Limit.parse(" 99.5 % ").minimum(), 1e-12);
        assertEquals(1.0, Limit.parse("100%").minimum(), 1e-12);
        assertEquals(0.0, Limit.parse("0").minimum(), 1e-12);
    }

    @Test
    void violationMessageIsTheContractsWording() {
        assertEquals(
                "test accuracy is 0.9412, but expected minimum is 0.9500",
                Limit.parse("0.95").check(0.9412).orElseThrow());
        assertEquals(
                "test accuracy is 0.9899, but expected minimum is 0.9900",
                Limit.parse("99%").check(0.98994).orElseThrow());
    }

    @Test
    void accuracyAtOrAboveTheMinimumPasses() {
        assertTrue(Limit.parse("0.95").check(0.95).isEmpty());
        assertTrue(Limit.parse("0.95").check(0.99).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "-0.1", "101%", "abc", "", "%", "0.9.9", "NaN", "Infinity"})
    void invalidThresholdsNameTheSettingValueAndWhatIsAllowed(String text) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Limit.parse(text));
        assertTrue(e.getMessage().startsWith("Invalid minAccuracy '" + text + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("0.99") && e.getMessage().contains("99%"), e.getMessage());
        assertEquals("mnist.minAccuracy", e.property());
    }

    @Test
    void aLimitPrintsWithThePrecisionItWasWrittenWithRoundedTowardsFailing() {
        // JaCoCo's LimitTest.testMin4: never "is 1.0000, but expected minimum is 1.0000".
        assertEquals(
                "test accuracy is 0.99994, but expected minimum is 0.99995",
                Limit.parse("0.99995").check(0.999949).orElseThrow());
        assertEquals(
                "test accuracy is 0.9899, but expected minimum is 0.9900",
                Limit.parse("0.99").check(0.98999).orElseThrow());
        Limit max = Limit.of(1, "recall", "3", null, "0.5", DIGITS);
        assertEquals(
                Optional.of("recall of class 3 is 0.5001, but expected maximum is 0.5000"),
                max.check(0.50001, null, GateMode.ESTIMATE, 3));
    }

    @Test
    void perClassAndWholeSetLimitsAreWordedLikeTheAccuracyGate() {
        assertEquals(
                "recall of class 8 is 0.9612, but expected minimum is 0.9700",
                Limit.of(1, "recall", "8", "0.97", null, DIGITS)
                        .check(0.9612, null, GateMode.ESTIMATE, 8)
                        .orElseThrow());
        assertEquals(
                "precision of class 0 is 0.9000, but expected minimum is 0.9500",
                Limit.of(1, "precision", "each", "95%", null, DIGITS)
                        .check(0.9, null, GateMode.ESTIMATE, 0)
                        .orElseThrow());
        assertEquals(
                "F1 of class 2 is 0.8000, but expected minimum is 0.8500",
                Limit.of(1, "f1", "2", "0.85", "", DIGITS)
                        .check(0.8, null, GateMode.ESTIMATE, 2)
                        .orElseThrow());
        assertEquals(
                "macro F1 is 0.9700, but expected minimum is 0.9800",
                Limit.of(1, "macroF1", null, "0.98", null, DIGITS).check(0.97).orElseThrow());
        assertEquals(
                "recall of each class >= 0.9700",
                Limit.of(1, "recall", "each", "0.97", null, DIGITS).describe());
        assertEquals(
                "test accuracy >= 0.9000 and <= 0.9990",
                Limit.of(1, "accuracy", " ", "0.9", "0.999", DIGITS).describe());
    }

    @Test
    void gateModesHoldTheIntervalInsteadOfThePointValue() {
        Limit min = Limit.parse("0.99");
        Interval interval = Wilson.interval(9911, 10_000, 0.95); // 0.9891 to 0.9928
        assertTrue(min.check(0.9911, interval, GateMode.ESTIMATE, null).isEmpty());
        assertEquals(
                "test accuracy is 0.9911 (95% interval 0.9891 to 0.9928), but expected minimum is 0.9900 for the"
                        + " whole interval (gateMode=confident)",
                min.check(0.9911, interval, GateMode.CONFIDENT, null).orElseThrow());
        Interval low = Wilson.interval(9885, 10_000, 0.95);
        assertTrue(
                min.check(0.9885, low, GateMode.TOLERANT, null).isEmpty(), "the interval still reaches 0.99: " + low);
        Interval lower = Wilson.interval(9811, 10_000, 0.95);
        assertEquals(
                "test accuracy is 0.9811 (95% interval 0.9782 to 0.9836), but expected minimum is 0.9900, beyond"
                        + " even the interval's upper bound (gateMode=tolerant)",
                min.check(0.9811, lower, GateMode.TOLERANT, null).orElseThrow());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "recal|8|0.97||Invalid limits 'recal': the metric must be one of accuracy, macroF1, precision, recall, f1; did you mean 'recall'?",
                "recall||0.97||Invalid limits 'limit 1 (recall) <label> ': a per-class metric needs <label>: a class index from 0 to 9, or each for every class",
                "recall|10|0.97||Invalid limits 'limit 1 (recall) <label> 10': not a class: use a class index from 0 to 9, or each for every class",
                "recall|eight|0.97||Invalid limits 'limit 1 (recall) <label> eight': not a class: use a class index from 0 to 9, or each for every class",
                "accuracy|3|0.97||Invalid limits 'limit 1 (accuracy) <label> 3': accuracy is measured on the whole test set and takes no <label>; per-class metrics are precision, recall and f1",
                "f1|each|0.9|0.8|Invalid limits 'limit 1 (f1) <minimum> 0.9': the minimum is above the maximum (0.8)",
                "f1|each|||Invalid limits 'limit 1 (f1) <minimum> ': a limit needs <minimum> and/or <maximum>, e.g. 0.97 or 97%",
                "macroF1||97 %%||Invalid limits 'limit 1 (macroF1) <minimum> 97 %%': use a fraction from 0 to 1 such as 0.97, or a percentage such as 97%",
                "macroF1|||1.2|Invalid limits 'limit 1 (macroF1) <maximum> 1.2': use a fraction from 0 to 1 such as 0.97, or a percentage such as 97%",
            })
    void aRuleThatMakesNoSenseFailsAtOnceNamingTheElement(
            String metric, String label, String min, String max, String message) {
        InvalidSettingException e =
                assertThrows(InvalidSettingException.class, () -> Limit.of(1, metric, label, min, max, DIGITS));
        assertEquals(message, e.getMessage());
        assertEquals(null, e.property(), "<limits> is set in the POM only: no -D alternative");
    }

    @Test
    void aClassOfAnImageFolderIsNamedByItsNameInTheRuleAndInTheMessage() {
        List<String> animals = List.of("cat", "dog", "fox");
        Limit fox = Limit.of(1, "recall", "fox", "0.97", null, animals);
        assertEquals(
                "recall of class 2 (fox) is 0.9612, but expected minimum is 0.9700",
                fox.check(0.9612, null, GateMode.ESTIMATE, 2).orElseThrow());
        assertEquals("recall of class 2 (fox) >= 0.9700", fox.describe());
        assertEquals(
                "recall of class 0 (cat) >= 0.9700",
                Limit.of(1, "recall", "0", "0.97", null, animals).describe());
        assertEquals(
                "recall of class 1 (dog) >= 0.9700",
                Limit.of(1, "recall", "DOG", "0.97", null, animals).describe());
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class, () -> Limit.of(1, "recall", "foxes", "0.97", null, animals));
        assertEquals(
                "Invalid limits 'limit 1 (recall) <label> foxes': not a class: use a class index from 0 to 2, a class"
                        + " name (cat, dog, fox), or each for every class; did you mean 'fox'?",
                e.getMessage());
    }
}
