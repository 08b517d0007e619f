package io.github.mnistgate.mnist.tuning;

import java.util.Arrays;

/**
 * Gaussian-process regression with a Matern 5/2 kernel over the unit cube, the surrogate model of
 * Bayesian optimization. Targets are standardized; the length scale and the noise level are chosen by
 * maximizing the log marginal likelihood over a small grid, which is robust with the few points a search
 * has and needs no gradient optimizer.
 */
final class GaussianProcess {

    private static final double[] LENGTH_SCALES = {0.05, 0.1, 0.2, 0.35, 0.5, 0.8, 1.2, 2.0};
    private static final double[] NOISES = {1e-4, 1e-3, 1e-2, 1e-1};

    private final double[][] x;
    private final double lengthScale;
    private final double[][] cholesky;
    private final double[] alpha;
    private final double bestTarget;

    private GaussianProcess(double[][] x, double lengthScale, double[][] cholesky, double[] alpha, double bestTarget) {
        this.x = x;
        this.lengthScale = lengthScale;
        this.cholesky = cholesky;
        this.alpha = alpha;
        this.bestTarget = bestTarget;
    }

    /**
     * Fits the points {@code x} (rows in [0, 1]^d) with targets {@code y} to minimize; null when no kernel
     * fits (which only happens with degenerate input).
     */
    static GaussianProcess fit(double[][] x, double[] y) {
        int n = y.length;
        double mean = Arrays.stream(y).average().orElse(0);
        double sd = Math.sqrt(Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / Math.max(1, n));
        double scale = sd > 1e-12 ? sd : 1;
        double[] t = Arrays.stream(y).map(v -> (v - mean) / scale).toArray();
        double best = Arrays.stream(t).min().orElse(0);
        GaussianProcess chosen = null;
        double bestLikelihood = Double.NEGATIVE_INFINITY;
        for (double ls : LENGTH_SCALES) {
            for (double noise : NOISES) {
                double[][] k = new double[n][n];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j <= i; j++) {
                        k[i][j] = kernel(x[i], x[j], ls) + (i == j ? noise : 0);
                        k[j][i] = k[i][j];
                    }
                }
                double[][] l = cholesky(k);
                if (l == null) {
                    continue;
                }
                double[] a = solveUpper(l, solveLower(l, t));
                double likelihood = -0.5 * dot(t, a) - n * 0.5 * Math.log(2 * Math.PI);
                for (int i = 0; i < n; i++) {
                    likelihood -= Math.log(l[i][i]);
                }
                if (likelihood > bestLikelihood) {
                    bestLikelihood = likelihood;
                    chosen = new GaussianProcess(x, ls, l, a, best);
                }
            }
        }
        return chosen;
    }

    /** Predicted mean and standard deviation at {@code point}, in standardized units. */
    double[] predict(double[] point) {
        int n = x.length;
        double[] k = new double[n];
        for (int i = 0; i < n; i++) {
            k[i] = kernel(point, x[i], lengthScale);
        }
        double mu = dot(k, alpha);
        double[] v = solveLower(cholesky, k);
        double variance = Math.max(1e-12, 1 - dot(v, v));
        return new double[] {mu, Math.sqrt(variance)};
    }

    /** Expected improvement below the best target so far (larger is more promising). */
    double expectedImprovement(double[] point, double xi) {
        double[] p = predict(point);
        double improvement = bestTarget - p[0] - xi;
        double z = improvement / p[1];
        return improvement * cdf(z) + p[1] * pdf(z);
    }

    /** The lower confidence bound {@code mu - beta * sigma}, negated so that larger is more promising. */
    double confidenceBound(double[] point, double beta) {
        double[] p = predict(point);
        return -(p[0] - beta * p[1]);
    }

    /** Matern 5/2. */
    static double kernel(double[] a, double[] b, double lengthScale) {
        double d2 = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            d2 += d * d;
        }
        double r = Math.sqrt(5 * d2) / lengthScale;
        return (1 + r + r * r / 3) * Math.exp(-r);
    }

    /** Lower-triangular L with L L^T = a, or null when a is not positive definite. */
    static double[][] cholesky(double[][] a) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        return null;
                    }
                    l[i][i] = Math.sqrt(sum);
                } else {
                    l[i][j] = sum / l[j][j];
                }
            }
        }
        return l;
    }

    private static double[] solveLower(double[][] l, double[] b) {
        int n = b.length;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * y[k];
            }
            y[i] = sum / l[i][i];
        }
        return y;
    }

    private static double[] solveUpper(double[][] l, double[] y) {
        int n = y.length;
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = y[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * x[k];
            }
            x[i] = sum / l[i][i];
        }
        return x;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double pdf(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    static double cdf(double z) {
        return 0.5 * erfc(-z / Math.sqrt(2));
    }

    /** Complementary error function, fractional error below 1.2e-7 (Chebyshev fit, Numerical Recipes' erfcc). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t
                * Math.exp(
                        -z * z
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
