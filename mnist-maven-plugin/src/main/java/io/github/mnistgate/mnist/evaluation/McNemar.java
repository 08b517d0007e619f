package io.github.mnistgate.mnist.evaluation;

/**
 * McNemar's exact test on two classifiers' paired predictions (Dietterich 1998): only the discordant
 * examples, those exactly one of the two gets right, carry information. Under "equally accurate" each
 * discordant example is the baseline's with probability 1/2.
 */
public final class McNemar {

    private McNemar() {}

    /**
     * One-sided p-value for "the candidate is less accurate": the probability of at least
     * {@code baselineOnlyCorrect} of the discordant examples going to the baseline by chance. 1 when no
     * example is discordant.
     */
    public static double pValueOfDrop(int candidateOnlyCorrect, int baselineOnlyCorrect) {
        int n = candidateOnlyCorrect + baselineOnlyCorrect;
        if (n == 0) {
            return 1;
        }
        // Sum of C(n, i) / 2^n for i >= b, in log space: n reaches thousands, 2^n overflows any double.
        double logHalfN = -n * Math.log(2);
        double sum = 0;
        double logC = logChoose(n, baselineOnlyCorrect);
        for (int i = baselineOnlyCorrect; i <= n; i++) {
            sum += Math.exp(logC + logHalfN);
            logC += Math.log((double) (n - i) / (i + 1));
        }
        return Math.min(1, sum);
    }

    static double logChoose(int n, int k) {
        return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
    }

    private static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }
}
