package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.FolderLock;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes sure every file of a dataset is in the cache and verified: files already there are used as they
 * are; the others are asked of the sources in order, each source opened once for all the files it can give.
 */
public final class DatasetFetcher {

    static final String OFFLINE = "skipped: Maven is offline";

    private final DatasetSpec spec;
    private final FetchSettings settings;
    private final BuildLog log;
    private final DatasetCache cache;
    private final Map<DatasetFile, Path> verified = new EnumMap<>(DatasetFile.class);

    private DatasetFetcher(DatasetSpec spec, FetchSettings settings, BuildLog log) {
        this.spec = spec;
        this.settings = settings;
        this.log = log;
        this.cache = new DatasetCache(settings.cacheDirectory(), log);
    }

    /**
     * Returns the verified cached files of the dataset, fetching the missing ones.
     *
     * @throws FetchFailedException when some file could not be obtained from any source
     * @throws IOException          when the cache itself cannot be written
     */
    public static FetchedDataset fetch(Dataset dataset, List<Source> sources, FetchSettings settings, BuildLog log)
            throws FetchFailedException, IOException {
        return fetch(DatasetSpec.of(dataset), sources, settings, log);
    }

    /** As {@link #fetch(Dataset, List, FetchSettings, BuildLog)}, with the expected sizes and checksums given. */
    public static FetchedDataset fetch(DatasetSpec spec, List<Source> sources, FetchSettings settings, BuildLog log)
            throws FetchFailedException, IOException {
        return new DatasetFetcher(spec, settings, log).run(sources);
    }

    @SuppressWarnings("try") // the lock is held for the block, never read
    private FetchedDataset run(List<Source> sources) throws FetchFailedException, IOException {
        // Without the lock: cached files only ever appear whole (atomic rename), so a check needs none.
        for (DatasetFile file : DatasetFile.values()) {
            cache.verified(spec, file, false).ifPresent(path -> verified.put(file, path));
        }
        Path folder = cache.folder(spec);
        // Complete, unless a killed build left temporary files here: removing them needs the lock (below).
        if (verified.size() == DatasetFile.values().length && !Scratch.hasLeftovers(folder)) {
            log.info("all " + verified.size() + " files of " + spec.id() + " verified in cache " + folder);
            return new FetchedDataset(spec.dataset().info(), verified);
        }
        if (sources.stream().allMatch(source -> settings.offline() && source.isNetwork())) {
            // Nothing can be fetched, so nothing will be written: no lock (and no lock file in an empty cache).
            java.util.Optional<FetchedDataset> cached = recheckedCache(folder);
            return cached.isPresent() ? cached.get() : fetchMissing(sources, folder, settings.cacheDirectory());
        }
        try (FolderLock lock = FolderLock.acquire(folder, "fetching " + spec.id(), settings.lockTimeout(), log)) {
            // Only the lock's holder writes temporary files in the folder: any there now are a killed build's.
            Scratch.deleteLeftovers(folder, log);
            // Another build may have filled the cache while we waited.
            java.util.Optional<FetchedDataset> cached = recheckedCache(folder);
            return cached.isPresent() ? cached.get() : fetchMissing(sources, folder, folder);
        }
    }

    /** Checks the cache again, now discarding (and logging) bad files; the dataset when it is complete. */
    private java.util.Optional<FetchedDataset> recheckedCache(Path folder) throws IOException {
        verified.clear();
        for (DatasetFile file : DatasetFile.values()) {
            cache.verified(spec, file).ifPresent(path -> verified.put(file, path));
        }
        if (verified.size() < DatasetFile.values().length) {
            return java.util.Optional.empty();
        }
        log.info("all " + verified.size() + " files of " + spec.id() + " verified in cache " + folder);
        return java.util.Optional.of(new FetchedDataset(spec.dataset().info(), verified));
    }

    /** @param scratchParent where the temporary folder goes: the dataset's folder when we hold its lock */
    private FetchedDataset fetchMissing(List<Source> sources, Path folder, Path scratchParent)
            throws FetchFailedException, IOException {
        log.info("" + missing().size() + " of " + DatasetFile.values().length + " files of " + spec.id()
                + " missing from cache " + folder + ": fetching");
        Files.createDirectories(scratchParent);
        Scratch.deleteStale(settings.cacheDirectory(), log);
        Path scratch = Files.createTempDirectory(scratchParent, Scratch.PREFIX);
        List<FetchFailedException.Attempt> attempts = new ArrayList<>();
        try {
            for (int i = 0; i < sources.size() && !missing().isEmpty(); i++) {
                Source source = sources.get(i);
                String outcome = tryOne(source, scratch.resolve("source-" + (i + 1)));
                log.info("trying source " + (i + 1) + "/" + sources.size() + " " + source.location() + ": " + outcome);
                attempts.add(new FetchFailedException.Attempt(source.location(), outcome));
            }
        } finally {
            Scratch.deleteRecursively(scratch, log);
        }
        if (!missing().isEmpty()) {
            throw new FetchFailedException(spec.id(), folder, missing(), attempts);
        }
        return new FetchedDataset(spec.dataset().info(), verified);
    }

    private List<DatasetFile> missing() {
        List<DatasetFile> result = new ArrayList<>();
        for (DatasetFile file : DatasetFile.values()) {
            if (!verified.containsKey(file)) {
                result.add(file);
            }
        }
        return result;
    }

    /** Asks one source for every missing file; returns the one-line outcome. */
    private String tryOne(Source source, Path scratch) throws IOException {
        if (settings.offline() && source.isNetwork()) {
            return OFFLINE;
        }
        List<DatasetFile> wanted = missing();
        Map<DatasetFile, String> problems = new EnumMap<>(DatasetFile.class);
        int delivered = 0;
        Files.createDirectories(scratch);
        Set<DatasetFile> wantedSet = EnumSet.copyOf(wanted);
        try (OpenedSource opened = source.open(new SourceContext(settings, spec, wantedSet, scratch, log))) {
            for (DatasetFile file : wanted) {
                String problem = fetchFile(opened, file, scratch);
                if (problem == null) {
                    delivered++;
                } else {
                    problems.put(file, problem);
                }
            }
        } catch (CacheWriteFailure e) {
            throw (IOException) e.getCause();
        } catch (SourceLevelFailure e) {
            // the source stopped answering part way: the files not yet delivered share its reason
            for (DatasetFile file : wanted) {
                if (!verified.containsKey(file)) {
                    problems.put(file, e.getMessage());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Unchecked too: archive readers throw them on some malformed input, and the next source may be fine.
            String reason =
                    e instanceof IOException io ? describe(io) : e.getClass().getSimpleName() + " " + e.getMessage();
            problems.clear();
            for (DatasetFile file : wanted) {
                if (!verified.containsKey(file)) {
                    problems.put(file, reason);
                }
            }
        }
        return outcome(delivered, problems);
    }

    /** Tries the file's candidates in order; returns null once one is installed, else why none was. */
    private String fetchFile(OpenedSource opened, DatasetFile file, Path scratch) throws IOException {
        List<Candidate> candidates = opened.candidates(file);
        Map<String, String> failures = new LinkedHashMap<>();
        String notFound = null;
        for (Candidate candidate : candidates) {
            Path part = scratch.resolve(file.fileName() + ".part");
            try {
                try (InputStream in = candidate.open()) {
                    Payloads.copyDecompressed(
                            in, part, Payloads.limitFor(spec.expected(file).size()));
                } catch (FileNotFoundException | NoSuchFileException e) {
                    notFound = notFound != null ? notFound : "not found" + detail(e);
                    continue;
                } catch (IOException e) {
                    if (isUnreachable(e)) {
                        throw new SourceLevelFailure(describe(e), e);
                    }
                    failures.put(candidate.label(), describe(e));
                    continue;
                }
                try {
                    verified.put(file, cache.install(spec, file, part));
                    log.debug(file.fileName() + " verified from " + candidate.label());
                    return null;
                } catch (VerificationException e) {
                    failures.put(candidate.label(), e.mismatch().describe());
                } catch (IOException e) {
                    throw new CacheWriteFailure(e);
                }
            } finally {
                Files.deleteIfExists(part);
            }
        }
        if (failures.size() == 1 && candidates.size() == 1) {
            // The only place the source had: its name adds nothing to the source's own location.
            return failures.values().iterator().next();
        }
        if (!failures.isEmpty()) {
            return failures.entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("; "));
        }
        return notFound != null ? notFound : "not found";
    }

    /**
     * e.g. {@code ok, 4 files verified}, {@code ok, 3 files verified; t10k-labels-idx1-ubyte: not found} or
     * {@code failed: not found (HTTP 404 Not Found)}.
     */
    static String outcome(int delivered, Map<DatasetFile, String> problems) {
        if (problems.isEmpty()) {
            return "ok, " + delivered + (delivered == 1 ? " file" : " files") + " verified";
        }
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        problems.forEach((file, reason) ->
                byReason.computeIfAbsent(reason, r -> new ArrayList<>()).add(file.fileName()));
        // One reason for all four files needs no file names; a reason that already names its file needs no prefix.
        boolean sharedByAll = byReason.size() == 1 && problems.size() == DatasetFile.values().length;
        String reasons = sharedByAll
                ? byReason.keySet().iterator().next()
                : byReason.entrySet().stream()
                        .map(e -> e.getValue().size() == 1
                                        && e.getKey().contains(e.getValue().get(0))
                                ? e.getKey()
                                : String.join(", ", e.getValue()) + ": " + e.getKey())
                        .collect(Collectors.joining("; "));
        if (delivered == 0) {
            return "failed: " + reasons;
        }
        return "ok, " + delivered + (delivered == 1 ? " file" : " files") + " verified; " + reasons;
    }

    /** Network failures that will not go away for the next file of the same source. */
    private static boolean isUnreachable(IOException e) {
        if (e instanceof HttpDownloader.GaveUpException && e.getCause() instanceof IOException cause) {
            e = cause;
        }
        return e instanceof SourceUnavailableException
                || e instanceof UnknownHostException
                || e instanceof ConnectException
                || e instanceof NoRouteToHostException
                || e instanceof SocketTimeoutException
                || e instanceof javax.net.ssl.SSLException;
    }

    /** A reason for a log line: the exception's class when it says something, and its message. */
    static String describe(IOException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "not found: " + message;
        }
        if (e.getClass() == IOException.class
                || e instanceof SourceUnavailableException
                || e instanceof Payloads.TooLargeException
                || e instanceof VerificationException
                || e instanceof HttpDownloader.HttpFailure
                || e instanceof HttpDownloader.GaveUpException) {
            return message;
        }
        return (e.getClass().getSimpleName() + " " + message).strip();
    }

    private static String detail(IOException e) {
        return e.getMessage() == null || e instanceof NoSuchFileException ? "" : " (" + e.getMessage() + ")";
    }

    /** The cache cannot be written: not the source's fault, so no reason to try the next one. */
    private static final class CacheWriteFailure extends IOException {
        private static final long serialVersionUID = 1L;

        CacheWriteFailure(IOException cause) {
            super(cause);
        }
    }

    /** Aborts the rest of a source, carrying the reason every file still missing shares. */
    private static final class SourceLevelFailure extends IOException {
        private static final long serialVersionUID = 1L;

        SourceLevelFailure(String message, IOException cause) {
            super(message, cause);
        }
    }
}
