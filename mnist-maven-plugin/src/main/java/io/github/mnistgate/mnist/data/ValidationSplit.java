package io.github.mnistgate.mnist.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Holds out part of the training images for validation, the same fraction of every class (stratified),
 * chosen by a seeded shuffle, for tuning and early stopping. Only training images are split: the test set is never
 * seen before evaluation.
 *
 * @param train      indices of the images trials train on, ascending
 * @param validation indices of the images trials are scored on, ascending
 */
public record ValidationSplit(int[] train, int[] validation) {

    /**
     * @param limit    use only the first {@code limit} training images (as {@code mnist.trainLimit})
     * @param fraction share of each class held out, above 0 and below 1
     */
    public static ValidationSplit stratified(LabelledImages images, int limit, double fraction, long seed) {
        int n = Math.min(limit, images.size());
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < images.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            byClass.get(images.label(i)).add(i);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (List<Integer> members : byClass) {
            Collections.shuffle(members, random);
            int held = (int) Math.round(members.size() * fraction);
            if (members.size() >= 2) {
                held = Math.max(1, Math.min(members.size() - 1, held));
            }
            validation.addAll(members.subList(0, held));
            train.addAll(members.subList(held, members.size()));
        }
        if (train.isEmpty() || validation.isEmpty()) {
            throw new io.github.mnistgate.mnist.util.InvalidSettingException(
                    "trainLimit",
                    limit,
                    "tuning and early stopping need enough training images for both a training and a validation part");
        }
        return new ValidationSplit(sortedArray(train), sortedArray(validation));
    }

    private static int[] sortedArray(List<Integer> list) {
        int[] a = list.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(a);
        return a;
    }
}
