package io.github.mnistgate.mnist.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bounded, seeded fuzzing of {@link IdxReader}: damaged IDX files either read (with consistent sizes) or fail
 * with {@link InvalidIdxFileException} naming the file; nothing else, no hang, no huge allocation.
 */
class IdxReaderFuzzTest {

    private static final long SEED = 20261125L;
    private static final int ITERATIONS = 2_000;
    private static final long WALL_CLOCK_MILLIS = 5_000;

    @TempDir
    Path dir;

    @Test
    void damagedIdxFilesAreReadOrRejectedWithTypedErrors() {
        byte[] images = IdxFiles.images(2, 7);
        byte[] labels = IdxFiles.labels(5);
        Mutator mutator = new Mutator(SEED, 4 * images.length);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            long deadline = System.nanoTime() + WALL_CLOCK_MILLIS * 1_000_000;
            int done = 0;
            Path file = dir.resolve("fuzz-idx-ubyte");
            for (int i = 0; i < ITERATIONS && System.nanoTime() < deadline; i++, done++) {
                boolean img = i % 2 == 0;
                byte[] mutant = mutator.mutate(img ? images : labels, img ? 16 : 8);
                Files.write(file, mutant);
                try {
                    if (img) {
                        IdxImages read = IdxReader.readImages(file);
                        assertEquals(mutant.length, 16 + (long) read.count() * 784, "iteration " + i);
                    } else {
                        IdxLabels read = IdxReader.readLabels(file);
                        assertEquals(mutant.length, 8 + read.count(), "iteration " + i);
                    }
                } catch (InvalidIdxFileException e) {
                    assertNotNull(e.getMessage());
                    assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
                } catch (Throwable t) {
                    fail("iteration " + i + " (seed " + SEED + "): unexpected " + t, t);
                }
            }
            assertTrue(done >= 100, "only " + done + " iterations ran");
            System.out.println("IdxReader fuzz: " + done + " iterations");
        });
    }
}
