package io.github.mnistgate.mnist.tuning;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mnistgate.mnist.util.Folders;
import io.github.mnistgate.mnist.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The tuning folder: {@code oracle.json} (what search this is, and where it stands) and one
 * {@code trial_NNN/trial.json} per trial, each rewritten atomically after every change, so that a killed
 * build leaves a folder the next build resumes from.
 */
public final class TrialStore {

    static final String ORACLE = "oracle.json";
    static final String TRIAL = "trial.json";
    static final String CHECKPOINT = "checkpoint.zip";
    static final String BEST = "best-hyperparameters.json";
    static final String RESULTS = "results.md";
    private static final Pattern TRIAL_DIR = Pattern.compile("trial_\\d+");

    private final Path directory;

    public TrialStore(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public Path oracleFile() {
        return directory.resolve(ORACLE);
    }

    public Path trialFile(String id) {
        return directory.resolve(id).resolve(TRIAL);
    }

    /** The model a trial leaves for hyperband to continue. */
    public Path checkpoint(String id) {
        return directory.resolve(id).resolve(CHECKPOINT);
    }

    public Path bestFile() {
        return directory.resolve(BEST);
    }

    public Path resultsFile() {
        return directory.resolve(RESULTS);
    }

    /** Whether the folder holds anything from an earlier search. */
    public boolean holdsSearch() throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.findAny().isPresent();
        }
    }

    /**
     * The trials of the search in the folder, oldest first, with their values in the space's types.
     *
     * @param search what makes this search this search (tuner, objective, space, model, data); a folder
     *               holding a search with other settings is refused
     */
    public List<Trial> open(Map<String, Object> search, SearchSpace space) throws IOException, TuningException {
        if (!holdsSearch()) {
            return List.of();
        }
        if (!Files.isRegularFile(oracleFile())) {
            List<Path> dirs = trialDirs();
            if (dirs.isEmpty()) {
                return List.of();
            }
            throw new TuningException(
                    "" + directory + " holds trials but no " + ORACLE + ", so it cannot be resumed. " + whatToDo());
        }
        JsonNode stored = Json.mapper().readTree(oracleFile().toFile()).get("search");
        JsonNode current = Json.mapper().readTree(Json.mapper().writeValueAsString(search));
        if (!current.equals(stored)) {
            throw new TuningException(
                    "" + directory + " holds a search with other settings (changed: " + changes(stored, current) + "). "
                            + whatToDo() + " To resume the earlier search instead, restore its settings.");
        }
        List<Trial> trials = new ArrayList<>();
        for (Trial t : readTrials()) {
            Optional<Map<String, Object>> values = space.canonical(t.hyperParameters());
            if (values.isEmpty()) {
                throw new TuningException("" + trialFile(t.id()) + " holds values " + t.hyperParameters()
                        + " that are not in the search space. " + whatToDo());
            }
            trials.add(t.withValues(values.get()));
        }
        return trials;
    }

    /** The trials in the folder as stored (values as JSON gives them), oldest first; none when there is no folder. */
    public List<Trial> readTrials() throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Trial> trials = new ArrayList<>();
        for (Path dir : trialDirs()) {
            Path file = dir.resolve(TRIAL);
            if (Files.isRegularFile(file)) { // else created, but killed before its first write
                trials.add(Json.read(file, Trial.class));
            }
        }
        trials.sort(Comparator.comparingInt(Trial::number));
        return trials;
    }

    private String whatToDo() {
        return "To start a new search, set -Dmnist.overwrite=true or delete " + directory + ".";
    }

    private static String changes(JsonNode stored, JsonNode current) {
        if (stored == null || !stored.isObject()) {
            return "the file is from another version of the plugin";
        }
        List<String> changed = new ArrayList<>();
        Iterator<String> names = current.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            JsonNode was = stored.get(name);
            JsonNode now = current.get(name);
            if (!now.equals(was)) {
                changed.add(
                        now.isValueNode() && (was == null || was.isValueNode())
                                ? name + " was " + (was == null ? "unset" : was.asText()) + ", now " + now.asText()
                                : name);
            }
        }
        stored.fieldNames().forEachRemaining(n -> {
            if (!current.has(n)) {
                changed.add(n);
            }
        });
        return String.join("; ", changed);
    }

    private List<Path> trialDirs() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(Files::isDirectory)
                    .filter(p -> TRIAL_DIR.matcher(p.getFileName().toString()).matches())
                    .sorted()
                    .toList();
        }
    }

    public void save(Trial trial) throws IOException {
        Json.write(trialFile(trial.id()), trial);
    }

    /**
     * Writes {@code oracle.json}: what the search is (compared on resume), its budget, and where it stands.
     *
     * @param best       the best trial so far, or null
     * @param stopReason why the search stopped, or null while it runs
     */
    public void saveOracle(
            Map<String, Object> search, Tuner.Budget budget, List<Trial> trials, Trial best, String stopReason)
            throws IOException {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("format", 1);
        content.put("search", search);
        content.put("budget", budget);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("trials", trials.size());
        state.put("completed", trials.stream().filter(Trial::isCompleted).count());
        state.put(
                "failed",
                trials.stream().filter(t -> t.status() == TrialStatus.FAILED).count());
        state.put(
                "running",
                trials.stream()
                        .filter(t -> t.status() == TrialStatus.RUNNING)
                        .map(Trial::id)
                        .findFirst()
                        .orElse(null));
        if (best != null) {
            state.put("bestTrial", best.id());
            state.put("bestScore", best.score());
        }
        state.put("stopReason", stopReason);
        state.put("updatedAt", java.time.Instant.now().toString());
        content.put("state", state);
        content.put("trials", trials.stream().map(Trial::id).toList());
        Json.write(oracleFile(), content);
    }

    /** Deletes everything in the folder (a new search starts). */
    public void clear() throws IOException {
        if (!Files.isDirectory(directory)) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path p : files.toList()) {
                Folders.deleteTree(p);
            }
        }
    }
}
