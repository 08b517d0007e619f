package io.github.mnistgate.mnist.evaluation;

/**
 * What the gate's rules are held against: accuracy, macro F1 and per-class precision, recall and F1, with
 * Wilson intervals for the proportions (accuracy, recall, precision). F1 is no proportion and has no
 * interval. A value that is undefined (the precision of a class never predicted) is NaN.
 */
public final class Metrics {

    private final Predictions predictions;
    private final double confidence;
    private final int[][] confusion;
    private final int[] support;
    private final int[] predictedCount;
    private final int correct;

    public Metrics(Predictions predictions, double confidence) {
        this.predictions = predictions;
        this.confidence = confidence;
        int k = predictions.classes();
        confusion = new int[k][k];
        support = new int[k];
        predictedCount = new int[k];
        int right = 0;
        for (int i = 0; i < predictions.size(); i++) {
            int a = predictions.actual()[i];
            int p = predictions.predicted()[i];
            confusion[a][p]++;
            support[a]++;
            predictedCount[p]++;
            right += a == p ? 1 : 0;
        }
        correct = right;
    }

    public int classes() {
        return predictions.classes();
    }

    public int examples() {
        return predictions.size();
    }

    public double confidence() {
        return confidence;
    }

    /** Rows are the true label, columns the predicted one. */
    public int[][] confusionMatrix() {
        int[][] copy = new int[confusion.length][];
        for (int i = 0; i < confusion.length; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    public int support(int label) {
        return support[label];
    }

    public int correct() {
        return correct;
    }

    public double accuracy() {
        return examples() == 0 ? Double.NaN : (double) correct / examples();
    }

    public Interval accuracyInterval() {
        return Wilson.interval(correct, examples(), confidence);
    }

    public double recall(int label) {
        return support[label] == 0 ? Double.NaN : (double) confusion[label][label] / support[label];
    }

    public Interval recallInterval(int label) {
        return Wilson.interval(confusion[label][label], support[label], confidence);
    }

    public double precision(int label) {
        return predictedCount[label] == 0 ? Double.NaN : (double) confusion[label][label] / predictedCount[label];
    }

    public Interval precisionInterval(int label) {
        return Wilson.interval(confusion[label][label], predictedCount[label], confidence);
    }

    public double f1(int label) {
        double p = precision(label);
        double r = recall(label);
        if (Double.isNaN(p) || Double.isNaN(r)) {
            // A class never predicted but present has F1 0; one absent from the test set has none.
            return support[label] > 0 ? 0 : Double.NaN;
        }
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** The mean F1 over the classes present in the test set. */
    public double macroF1() {
        double sum = 0;
        int n = 0;
        for (int c = 0; c < classes(); c++) {
            double f = f1(c);
            if (!Double.isNaN(f)) {
                sum += f;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
