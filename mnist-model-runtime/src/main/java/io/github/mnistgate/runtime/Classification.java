package io.github.mnistgate.runtime;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A model's answer for one image: the probability of every class, most likely first on request. */
public final class Classification {

    private final float[] probabilities;
    private final List<String> classNames;

    Classification(float[] probabilities, List<String> classNames) {
        this.probabilities = probabilities;
        this.classNames = classNames;
    }

    /** The most probable class; of equally probable ones, the first. */
    public Prediction best() {
        return top(1).get(0);
    }

    /**
     * The {@code k} most probable classes, most probable first (ties in class order).
     *
     * @throws IllegalArgumentException when {@code k} is not from 1 to the number of classes
     */
    public List<Prediction> top(int k) {
        if (k < 1 || k > probabilities.length) {
            throw new IllegalArgumentException(
                    "k is " + k + ", but must be from 1 to " + probabilities.length + " (the number of classes)");
        }
        List<Prediction> all = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            all.add(new Prediction(i, classNames.get(i), probabilities[i]));
        }
        all.sort(Comparator.comparingDouble(Prediction::probability).reversed().thenComparingInt(Prediction::index));
        return List.copyOf(all.subList(0, k));
    }

    /** The probability of the class of that name. */
    public float probabilityOf(String label) {
        int index = classNames.indexOf(label);
        if (index < 0) {
            throw new IllegalArgumentException("no class '" + label + "'; the classes are " + classNames);
        }
        return probabilities[index];
    }

    /** Every class's probability, in class order (a copy). */
    public float[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public String toString() {
        Prediction best = best();
        return "Classification[" + best.label() + " " + best.probability() + "]";
    }
}
