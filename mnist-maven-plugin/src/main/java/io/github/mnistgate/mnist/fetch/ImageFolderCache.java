package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.DatasetInfo;
import io.github.mnistgate.mnist.data.ImageFolder;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Durations;
import io.github.mnistgate.mnist.util.FolderLock;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A folder of images as the four IDX files the rest of the plugin reads, made once per content and settings and kept
 * in {@code <cacheDirectory>/folders/}: a build with unchanged images reads them back (after hashing every image, to
 * know that they are unchanged) instead of decoding every image again. The files are written under the folder's
 * lock, each whole by a rename, and {@code dataset.json} last; they are verified by their SHA-256 at every read, as the
 * fetched datasets are, and made again when they do not match.
 */
public final class ImageFolderCache {

    /** Bumped when the conversion changes, so that no build reads files an older conversion made. */
    static final int CONVERSION = 1;

    static final String FOLDERS = "folders";
    static final String MANIFEST = "dataset.json";

    /** What {@code dataset.json} holds: the key it was made for, the dataset, and each file's length. */
    record Manifest(String key, DatasetInfo dataset, String layout, Map<DatasetFile, Long> sizes) {}

    private ImageFolderCache() {}

    /**
     * The folder's four files, verified, made first when the cache has none for its content and settings.
     *
     * @throws IOException naming the image or folder at fault, or when the cache cannot be written
     */
    @SuppressWarnings("try") // the lock is held for the block, never read
    public static FetchedDataset prepare(ImageFolder folder, Path cacheDirectory, Duration lockTimeout, BuildLog log)
            throws IOException {
        long start = System.nanoTime();
        String source = folder.fingerprint();
        String hashed = Durations.format((System.nanoTime() - start) / 1e9);
        ImageFolder.Settings s = folder.settings();
        String key = Sha256.of(String.join(
                "|",
                "conversion " + CONVERSION,
                source,
                s.shape().channels() + "x" + s.shape().height() + "x"
                        + s.shape().width(),
                folder.layout(),
                folder.classNames().toString()));
        Path dir = cacheDirectory.toAbsolutePath().resolve(FOLDERS).resolve(key.substring(0, 16));
        String what = String.format(
                Locale.ROOT,
                "%s (%,d training and %,d test images in %d classes; %s; SHA-256 %s)",
                s.root(),
                folder.trainImages(),
                folder.testImages(),
                folder.classNames().size(),
                folder.layout(),
                source.substring(0, 12));
        Optional<FetchedDataset> cached = verified(dir, key);
        if (cached.isEmpty()) {
            try (FolderLock lock = FolderLock.acquire(dir, "converting " + s.root(), lockTimeout, log)) {
                cached = verified(dir, key); // another build may have made them while we waited
                if (cached.isEmpty()) {
                    log.info("image folder " + what + ": decoding every image to " + s.shape());
                    cached = Optional.of(convert(folder, source, key, dir));
                    log.info(String.format(
                            Locale.ROOT,
                            "converted in %s into %s",
                            Durations.format((System.nanoTime() - start) / 1e9),
                            dir));
                    return cached.get();
                }
            }
        }
        log.info("image folder " + what + ", hashed in " + hashed + ": its " + s.shape() + " files verified in cache "
                + dir);
        return cached.get();
    }

    private static FetchedDataset convert(ImageFolder folder, String source, String key, Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(MANIFEST)); // files about to change are no longer vouched for
        Map<DatasetFile, Path> files = new EnumMap<>(DatasetFile.class);
        for (DatasetFile f : DatasetFile.values()) {
            files.put(f, dir.resolve(f.fileName()));
        }
        Map<DatasetFile, String> sha = new EnumMap<>(DatasetFile.class);
        Map<DatasetFile, Long> sizes = new EnumMap<>(DatasetFile.class);
        folder.convert(files).forEach((f, written) -> {
            sha.put(f, written.sha256());
            sizes.put(f, written.size());
        });
        DatasetInfo info = new DatasetInfo(ImageFolder.ID, folder.classNames(), folder.shape(), sha, source, false);
        Json.write(dir.resolve(MANIFEST), new Manifest(key, info, folder.layout(), sizes));
        return new FetchedDataset(info, files);
    }

    /** The files the manifest in {@code dir} vouches for, when it was made for {@code key} and every file matches. */
    private static Optional<FetchedDataset> verified(Path dir, String key) {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        try {
            Manifest manifest = Json.read(manifestFile, Manifest.class);
            if (!key.equals(manifest.key())) {
                return Optional.empty();
            }
            Map<DatasetFile, Path> files = new EnumMap<>(DatasetFile.class);
            for (DatasetFile f : DatasetFile.values()) {
                Path file = dir.resolve(f.fileName());
                Long size = manifest.sizes().get(f);
                if (!Files.isRegularFile(file)
                        || size == null
                        || Files.size(file) != size
                        || !Sha256.ofFile(file).equals(manifest.dataset().sha256(f))) {
                    return Optional.empty();
                }
                files.put(f, file);
            }
            return Optional.of(new FetchedDataset(manifest.dataset(), files));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable or damaged: made again under the lock
        }
    }
}
