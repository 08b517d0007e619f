package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.IdxFiles;
import io.github.mnistgate.mnist.fetch.DatasetSpec;
import io.github.mnistgate.mnist.fetch.FetchSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * A small dataset that reads, trains and evaluates like MNIST (valid IDX files: 300 training and 200 test
 * images, seeded), with its own sizes and checksums, for tests of whole fetch-and-evaluate runs.
 */
final class SmallMnist {

    static final String ID = "small";
    static final int TRAIN = 300;
    static final int TEST = 200;

    final Map<DatasetFile, byte[]> content = new EnumMap<>(DatasetFile.class);
    final DatasetSpec spec;

    SmallMnist() {
        content.put(DatasetFile.TRAIN_IMAGES, IdxFiles.images(TRAIN, 1));
        content.put(DatasetFile.TRAIN_LABELS, IdxFiles.labels(TRAIN));
        content.put(DatasetFile.TEST_IMAGES, IdxFiles.images(TEST, 2));
        content.put(DatasetFile.TEST_LABELS, IdxFiles.labels(TEST));
        Map<DatasetFile, DatasetSpec.Expected> expected = new EnumMap<>(DatasetFile.class);
        content.forEach((file, bytes) -> expected.put(file, new DatasetSpec.Expected(bytes.length, sha256(bytes))));
        spec = new DatasetSpec(Dataset.MNIST, ID, expected);
    }

    /** What an http source serves: {@code <folder><file>.gz} for each file. */
    Map<String, byte[]> gzBodies(String folder) {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        content.forEach((file, bytes) -> bodies.put(folder + file.fileName() + ".gz", gzip(bytes)));
        return bodies;
    }

    /** Short timeouts and retry pauses; a lock wait long enough for a sibling's whole download. */
    static FetchSettings settings(Path cache) {
        return FetchSettings.builder(cache)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(10))
                .retryDelays(List.of(Duration.ofMillis(10), Duration.ofMillis(40)))
                .lockTimeout(Duration.ofSeconds(60))
                .build();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
