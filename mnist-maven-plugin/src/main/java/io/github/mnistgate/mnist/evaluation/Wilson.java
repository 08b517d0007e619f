package io.github.mnistgate.mnist.evaluation;

/**
 * Wilson's score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3). Unlike the
 * normal approximation it stays inside [0, 1] and keeps its coverage near 0 and 1, where a good
 * classifier's accuracy lives.
 */
public final class Wilson {

    private Wilson() {}

    /** The interval of {@code successes / trials}; null when there are no trials. */
    public static Interval interval(long successes, long trials, double confidence) {
        if (trials <= 0) {
            return null;
        }
        if (successes < 0 || successes > trials) {
            throw new IllegalArgumentException(successes + " successes out of " + trials);
        }
        double z = Confidence.z(confidence);
        double n = trials;
        double p = successes / n;
        double z2 = z * z;
        double centre = p + z2 / (2 * n);
        double spread = z * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        double denominator = 1 + z2 / n;
        double low = successes == 0 ? 0 : (centre - spread) / denominator;
        double high = successes == trials ? 1 : (centre + spread) / denominator;
        return new Interval(low, high, confidence, Interval.WILSON);
    }
}
