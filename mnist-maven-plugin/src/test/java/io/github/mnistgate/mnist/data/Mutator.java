package io.github.mnistgate.mnist.data;

import java.util.Arrays;
import java.util.Random;

/** Seeded random damage to a byte array for bounded fuzz tests: flips, overwrites, inserts, deletes, truncations. */
public final class Mutator {

    private final Random random;
    private final int maxLength;

    /** @param maxLength no mutant grows past this many bytes */
    public Mutator(long seed, int maxLength) {
        this.random = new Random(seed);
        this.maxLength = maxLength;
    }

    /** One to four mutations of a copy of {@code original}; {@code headerBias} of them aim at its first bytes. */
    public byte[] mutate(byte[] original, int headerBytes) {
        byte[] b = original.clone();
        int rounds = 1 + random.nextInt(4);
        for (int r = 0; r < rounds; r++) {
            b = mutateOnce(b, headerBytes);
        }
        return b;
    }

    private byte[] mutateOnce(byte[] b, int headerBytes) {
        if (b.length == 0) {
            return new byte[] {(byte) random.nextInt(256)};
        }
        int at = random.nextBoolean() ? random.nextInt(Math.min(headerBytes, b.length)) : random.nextInt(b.length);
        switch (random.nextInt(6)) {
            case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
            case 1 -> b[at] = (byte) random.nextInt(256);
            case 2 -> b[at] = (byte) (random.nextBoolean() ? 0xff : 0x7f); // extreme values: huge counts, sizes
            case 3 -> {
                int n = 1 + random.nextInt(16);
                if (b.length + n <= maxLength) {
                    byte[] ins = new byte[n];
                    random.nextBytes(ins);
                    byte[] out = new byte[b.length + n];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(ins, 0, out, at, n);
                    System.arraycopy(b, at, out, at + n, b.length - at);
                    b = out;
                }
            }
            case 4 -> {
                int n = Math.min(1 + random.nextInt(16), b.length - at);
                byte[] out = new byte[b.length - n];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(b, at + n, out, at, b.length - at - n);
                b = out;
            }
            default -> b = Arrays.copyOf(b, random.nextInt(b.length));
        }
        return b;
    }
}
