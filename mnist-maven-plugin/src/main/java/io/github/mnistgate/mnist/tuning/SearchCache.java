package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.training.ModelCache;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.CpuInfo;
import io.github.mnistgate.mnist.util.Folders;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.mnist.util.Sha256;
import io.github.mnistgate.mnist.util.Versions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Searches kept in the model cache, so that {@code mvn clean} does not run a search again whose every input is
 * unchanged: the tuning folder, zipped, under the search's fingerprint. A build whose tuning folder is empty takes
 * the cached search into it, and the search then resumes as it would from a folder it had left there: a complete one
 * runs no trial; one with a larger budget runs only the trials it lacks.
 */
public final class SearchCache {

    private final ModelCache cache;

    public SearchCache(ModelCache cache) {
        this.cache = cache;
    }

    /**
     * SHA-256 over everything that decides a search's trials and their scores: the search itself (tuner, objective,
     * space, model, training settings), its budget, the training images, and what decides how the trials' numbers
     * round (threads, trials at once, where they run, the native build, the CPU, the versions).
     *
     * @param where {@code build}, or the Spark master the trials run on
     */
    static String fingerprint(
            Map<String, Object> search,
            Tuner.Budget budget,
            int parallelTrials,
            String where,
            String trainingImagesSha256) {
        Map<String, Object> all = new LinkedHashMap<>(search);
        all.put("budget", budget);
        all.put("parallelTrials", parallelTrials);
        all.put("where", where);
        all.put("trainingImages", trainingImagesSha256);
        all.put("threads", NativeBackend.threadsInUse());
        all.put("nativeBuild", NativeBackend.build());
        all.put("cpuInstructionSet", CpuInfo.instructionSet());
        all.put("dl4jVersion", Versions.dl4j());
        all.put("pluginBuild", Versions.pluginBuild());
        return Sha256.of(Json.canonical(all));
    }

    /** Takes the cached search into {@code store}'s folder when that holds none; whether it did. */
    boolean restore(String fingerprint, TrialStore store, BuildLog log) throws IOException {
        if (store.holdsSearch()) {
            return false;
        }
        Path folder = store.directory().toAbsolutePath();
        Files.createDirectories(folder.getParent());
        Path zip = Files.createTempFile(folder.getParent(), ".search-", ".zip");
        Path unpacked = null;
        try {
            Optional<Path> cached = cache.copyTo(fingerprint, zip);
            if (cached.isEmpty()) {
                return false;
            }
            unpacked = Files.createTempDirectory(folder.getParent(), ".search-");
            int trials = unzip(zip, unpacked);
            // The folder appears whole, by a rename, or not at all: a killed build leaves no half of a search.
            Files.deleteIfExists(folder); // empty, or absent
            Files.move(unpacked, folder);
            unpacked = null;
            log.info("tuning up to date: search " + fingerprint + " found in the model cache (" + cached.get()
                    + "), its " + trials + " trial(s) copied to " + folder + " (-Dmnist.overwrite=true searches anew)");
            return true;
        } finally {
            Files.deleteIfExists(zip);
            if (unpacked != null) {
                Folders.deleteTree(unpacked);
            }
        }
    }

    /** Keeps the search in {@code store}'s folder under its fingerprint. */
    void store(String fingerprint, TrialStore store) throws IOException {
        Path folder = store.directory().toAbsolutePath();
        Path zip = Files.createTempFile(folder.getParent(), ".search-", ".zip");
        try {
            try (OutputStream file = Files.newOutputStream(zip);
                    ZipOutputStream out = new ZipOutputStream(file);
                    Stream<Path> walk = Files.walk(folder)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String name = folder.relativize(p).toString().replace('\\', '/');
                    if (name.startsWith(".") || name.contains("/.")) {
                        continue; // a temporary file of a writer
                    }
                    out.putNextEntry(new ZipEntry(name));
                    Files.copy(p, out);
                    out.closeEntry();
                }
            }
            cache.store(fingerprint, zip);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /** Extracts a zip this class wrote; returns how many trials it held. */
    private static int unzip(Path zip, Path into) throws IOException {
        int trials = 0;
        try (ZipFile in = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into) || entry.isDirectory()) {
                    continue; // never written by store(): nothing outside the folder
                }
                Files.createDirectories(target.getParent());
                try (InputStream data = in.getInputStream(entry)) {
                    Files.copy(data, target);
                }
                trials += List.of(entry.getName().split("/")).contains(TrialStore.TRIAL) ? 1 : 0;
            }
        }
        return trials;
    }
}
