package io.github.mnistgate.mnist.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

    private static final LabelledImages IMAGES = IdxFiles.learnable(1000, 9);

    @Test
    void holdsOutTheSameShareOfEveryClassFromTheFirstImagesOnly() {
        ValidationSplit split = ValidationSplit.stratified(IMAGES, 800, 0.25, 1);
        assertEquals(800, split.train().length + split.validation().length);
        Set<Integer> train = new HashSet<>();
        Arrays.stream(split.train()).forEach(train::add);
        assertTrue(Arrays.stream(split.validation()).noneMatch(train::contains), "disjoint");
        assertTrue(
                IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.validation()))
                        .allMatch(i -> i < 800),
                "only the first 800 (trainLimit)");
        int[] all = new int[10];
        int[] held = new int[10];
        for (int i = 0; i < 800; i++) {
            all[IMAGES.label(i)]++;
        }
        Arrays.stream(split.validation()).forEach(i -> held[IMAGES.label(i)]++);
        for (int c = 0; c < 10; c++) {
            assertEquals(Math.round(all[c] * 0.25), held[c], "class " + c);
        }
    }

    @Test
    void isSeeded() {
        assertArrayEquals(
                ValidationSplit.stratified(IMAGES, 1000, 0.2, 5).validation(),
                ValidationSplit.stratified(IMAGES, 1000, 0.2, 5).validation());
        assertFalse(Arrays.equals(
                ValidationSplit.stratified(IMAGES, 1000, 0.2, 5).validation(),
                ValidationSplit.stratified(IMAGES, 1000, 0.2, 6).validation()));
    }
}
