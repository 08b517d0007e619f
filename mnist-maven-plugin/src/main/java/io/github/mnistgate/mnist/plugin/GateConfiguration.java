package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.evaluation.Confidence;
import io.github.mnistgate.mnist.evaluation.Gate;
import io.github.mnistgate.mnist.evaluation.GateMode;
import io.github.mnistgate.mnist.evaluation.Limit;
import io.github.mnistgate.mnist.evaluation.RegressionRule;
import io.github.mnistgate.mnist.model.Kernels;
import io.github.mnistgate.mnist.report.EvaluationJob;
import java.util.ArrayList;
import java.util.List;

/**
 * The gate's parameters as the mojo received them, mapped onto the core's {@link Gate} and
 * {@link EvaluationJob.Settings}; each value is checked here, with an error naming its setting.
 */
record GateConfiguration(
        String minAccuracy,
        List<LimitConfiguration> limits,
        String gateMode,
        String confidence,
        String baseline,
        String maxRegression,
        String significance,
        boolean requireBaseline) {

    /** {@code minAccuracy} first, then every {@code <limit>} (per-class ones naming {@code classNames}). */
    Gate gate(List<String> classNames) {
        List<Limit> all = new ArrayList<>();
        if (minAccuracy != null && !minAccuracy.isBlank()) {
            all.add(Limit.parse(minAccuracy));
        }
        for (int i = 0; limits != null && i < limits.size(); i++) {
            all.add(limits.get(i).toLimit(i + 1, classNames));
        }
        return new Gate(all, GateMode.fromId(gateMode));
    }

    EvaluationJob.Settings settings(List<String> classNames, Kernels kernels) {
        return new EvaluationJob.Settings(
                gate(classNames),
                Confidence.parse("confidence", confidence),
                RegressionRule.parse(maxRegression, significance),
                requireBaseline,
                kernels);
    }

    /** The baseline's coordinates, or null for none. */
    String baselineCoordinates() {
        if (baseline == null || baseline.isBlank() || baseline.trim().equalsIgnoreCase("none")) {
            return null;
        }
        BaselineResolver.parse(baseline);
        return baseline.trim();
    }
}
