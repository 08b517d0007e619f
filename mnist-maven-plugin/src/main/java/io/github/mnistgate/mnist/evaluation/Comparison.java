package io.github.mnistgate.mnist.evaluation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The candidate against a baseline model on the same test images: both accuracies, the paired difference
 * with its interval, the discordant pairs, McNemar's one-sided p-value for a drop, per-class recall, and
 * the verdict of the {@link RegressionRule}. What {@code comparison.json} holds.
 */
public record Comparison(
        String baseline,
        double baselineAccuracy,
        double accuracy,
        double delta,
        Interval deltaInterval,
        int candidateOnlyCorrect,
        int baselineOnlyCorrect,
        double pValue,
        double maxRegression,
        Double significance,
        boolean passed,
        String violation,
        List<PerClass> perClass) {

    /** Recall of one class by each model. */
    public record PerClass(int label, Double baselineRecall, Double recall, Double delta) {}

    /**
     * @param baseline the baseline's coordinates with the resolved version, for the messages
     */
    public static Comparison of(
            String baseline,
            Predictions baselinePredictions,
            Predictions candidate,
            RegressionRule rule,
            double confidence) {
        if (!java.util.Arrays.equals(baselinePredictions.actual(), candidate.actual())) {
            throw new IllegalArgumentException("the two models were evaluated on different test sets");
        }
        int n = candidate.size();
        int both = 0;
        int candidateOnly = 0;
        int baselineOnly = 0;
        for (int i = 0; i < n; i++) {
            boolean c = candidate.correct(i);
            boolean b = baselinePredictions.correct(i);
            both += c && b ? 1 : 0;
            candidateOnly += c && !b ? 1 : 0;
            baselineOnly += b && !c ? 1 : 0;
        }
        int neither = n - both - candidateOnly - baselineOnly;
        double accuracy = (double) (both + candidateOnly) / n;
        double baselineAccuracy = (double) (both + baselineOnly) / n;
        double delta = (double) (candidateOnly - baselineOnly) / n;
        Interval interval = newcombe(both, candidateOnly, baselineOnly, neither, confidence);
        double p = McNemar.pValueOfDrop(candidateOnly, baselineOnly);

        double drop = baselineAccuracy - accuracy;
        // Exact in counts: a drop of k examples out of n against the allowed fraction.
        boolean beyond = BigDecimal.valueOf(baselineOnly - candidateOnly)
                        .compareTo(rule.maxRegression().multiply(BigDecimal.valueOf(n)))
                > 0;
        boolean significant = rule.significance() == null || p < rule.significance();
        boolean passed = !(beyond && significant);
        String violation = passed
                ? null
                : String.format(
                        Locale.ROOT,
                        "test accuracy is %.4f, %.4f below the baseline %s (%.4f), more than the allowed %s (McNemar p = %.4f)",
                        accuracy,
                        drop,
                        baseline,
                        baselineAccuracy,
                        rule.maxRegression()
                                .setScale(Math.max(4, rule.maxRegression().scale()), RoundingMode.UNNECESSARY)
                                .toPlainString(),
                        p);

        Metrics mine = new Metrics(candidate, confidence);
        Metrics theirs = new Metrics(baselinePredictions, confidence);
        List<PerClass> perClass = new ArrayList<>();
        for (int c = 0; c < candidate.classes(); c++) {
            Double r = finite(mine.recall(c));
            Double rb = finite(theirs.recall(c));
            perClass.add(new PerClass(c, rb, r, r == null || rb == null ? null : r - rb));
        }
        return new Comparison(
                baseline,
                baselineAccuracy,
                accuracy,
                delta,
                interval,
                candidateOnly,
                baselineOnly,
                p,
                rule.maxRegression().doubleValue(),
                rule.significance(),
                passed,
                violation,
                perClass);
    }

    /** The log line of a comparison that passed. */
    public String describe() {
        String p = String.format(Locale.ROOT, "McNemar p = %.4f", pValue);
        return String.format(
                Locale.ROOT,
                "test accuracy %.4f against %.4f of the baseline %s: delta %+.4f (%s); %d test images only the new model"
                        + " gets right, %d only the baseline; %s%s",
                accuracy,
                baselineAccuracy,
                baseline,
                delta,
                deltaInterval.describe(),
                candidateOnlyCorrect,
                baselineOnlyCorrect,
                p,
                passed ? ": passed" : ": FAILED");
    }

    private static Double finite(double v) {
        return Double.isNaN(v) ? null : v;
    }

    /**
     * Newcombe's (1998) hybrid score interval for a difference of paired proportions (his method 10): the two
     * Wilson intervals combined, with the correlation of the pairs taken into account.
     */
    static Interval newcombe(int both, int candidateOnly, int baselineOnly, int neither, double confidence) {
        int n = both + candidateOnly + baselineOnly + neither;
        double p1 = (double) (both + candidateOnly) / n;
        double p2 = (double) (both + baselineOnly) / n;
        Interval w1 = Wilson.interval(both + candidateOnly, n, confidence);
        Interval w2 = Wilson.interval(both + baselineOnly, n, confidence);
        double rows1 = both + candidateOnly;
        double rows2 = baselineOnly + neither;
        double cols1 = both + baselineOnly;
        double cols2 = candidateOnly + neither;
        double product = rows1 * rows2 * cols1 * cols2;
        double phi = product == 0
                ? 0
                : ((double) both * neither - (double) candidateOnly * baselineOnly) / Math.sqrt(product);
        double d = p1 - p2;
        double l1 = p1 - w1.low();
        double u1 = w1.high() - p1;
        double l2 = p2 - w2.low();
        double u2 = w2.high() - p2;
        double below = Math.sqrt(Math.max(0, l1 * l1 - 2 * phi * l1 * u2 + u2 * u2));
        double above = Math.sqrt(Math.max(0, u1 * u1 - 2 * phi * u1 * l2 + l2 * l2));
        return new Interval(Math.max(-1, d - below), Math.min(1, d + above), confidence, Interval.NEWCOMBE_PAIRED);
    }
}
