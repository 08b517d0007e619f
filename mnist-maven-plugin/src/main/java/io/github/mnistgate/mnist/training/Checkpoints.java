package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Periodic training checkpoints in one folder ({@code target/mnist/checkpoints/}), so that a killed build
 * resumes where it stopped instead of starting over. A checkpoint is one zip: the network with its updater
 * state (Adam's moments and iteration count, so the resumed run computes exactly what an uninterrupted one
 * would) plus {@code checkpoint.json}, the epochs done so far and a fingerprint of every input. It is written
 * to a temporary file and renamed, so a kill while writing leaves the previous checkpoint intact. A checkpoint
 * is used only when every input is unchanged; otherwise the log says which one changed and training starts
 * afresh.
 */
public final class Checkpoints {

    public static final String FILE = "checkpoint.zip";
    /** With early stopping: the network after its best epoch so far, which the model keeps if no later one beats it. */
    public static final String BEST_FILE = "best-epoch.zip";

    static final String BEST_ENTRY = "best-epoch.json";
    static final String STATE_ENTRY = "checkpoint.json";
    static final int FORMAT = 2; // 2: the inputs are the training fingerprint's

    /** What {@code checkpoint.json} holds. */
    record State(
            int format, TrainingInputs inputs, int epochsDone, List<EpochMetrics> history, double trainingSeconds) {}

    /** A run to continue: the network after {@code history.size()} epochs. */
    public record Resumed(MultiLayerNetwork network, List<EpochMetrics> history, double trainingSeconds) {

        public int epochsDone() {
            return history.size();
        }
    }

    private final Path directory;
    private final int every;
    private final BuildLog log;

    /**
     * @param every write a checkpoint after every this many epochs (and after the last one); 0 turns
     *              checkpoints, and resuming from them, off
     */
    public Checkpoints(Path directory, int every, BuildLog log) {
        if (every < 0 || every > TrainingSettings.MAX_EPOCHS) {
            throw new InvalidSettingException(
                    "checkpointEvery",
                    every,
                    "must be a whole number of epochs from 1 to " + TrainingSettings.MAX_EPOCHS
                            + ", or 0 for no checkpoints");
        }
        this.directory = directory;
        this.every = every;
        this.log = log;
    }

    /** No checkpoints: every run starts from scratch. */
    public static Checkpoints none() {
        return new Checkpoints(Path.of("."), 0, BuildLog.silent());
    }

    public Path file() {
        return directory.resolve(FILE);
    }

    public boolean enabled() {
        return every > 0;
    }

    public boolean due(int epoch, int epochs) {
        return enabled() && (epoch % every == 0 || epoch == epochs);
    }

    /**
     * The checkpoint to continue from, if there is one made with the same inputs and no more epochs than
     * {@code epochs}; logs why one that exists is not used.
     */
    public Optional<Resumed> resume(TrainingInputs inputs, int epochs) {
        Path file = file();
        if (!enabled() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        State state;
        try {
            state = readState(file);
        } catch (IOException | RuntimeException e) {
            log.warn("ignoring checkpoint " + file + ": it cannot be read (" + e.getMessage()
                    + "); training from the start");
            return Optional.empty();
        }
        // A checkpoint continues a run asked for more epochs than it had: the epochs are no difference here.
        String changed = state.format() != FORMAT || state.inputs() == null
                ? "the checkpoint format"
                : String.join("; ", inputs.withEpochs(state.inputs().epochs()).differencesFrom(state.inputs()));
        if (changed.isEmpty()) {
            changed = null;
        }
        if (changed != null) {
            log.info("not resuming from checkpoint " + file + ": " + changed + " changed since it was written;"
                    + " training from the start");
            return Optional.empty();
        }
        if (state.epochsDone() > epochs || state.history().size() != state.epochsDone()) {
            log.info("not resuming from checkpoint " + file + ": it holds " + state.epochsDone()
                    + " epoch(s), more than the " + epochs + " asked for; training from the start");
            return Optional.empty();
        }
        try {
            MultiLayerNetwork network = ModelZip.read(file, STATE_ENTRY, true);
            return Optional.of(new Resumed(network, List.copyOf(state.history()), state.trainingSeconds()));
        } catch (IOException | RuntimeException e) {
            log.warn("ignoring checkpoint " + file + ": its network cannot be restored (" + e.getMessage()
                    + "); training from the start");
            return Optional.empty();
        }
    }

    /** Writes the checkpoint after {@code history.size()} epochs, replacing the previous one atomically. */
    public void save(
            MultiLayerNetwork network, TrainingInputs inputs, List<EpochMetrics> history, double trainingSeconds)
            throws IOException {
        State state = new State(FORMAT, inputs, history.size(), new ArrayList<>(history), trainingSeconds);
        ModelZip.write(network, true, STATE_ENTRY, Json.mapper().writeValueAsBytes(state), file());
    }

    /** Writes the network of the best epoch so far ({@code epoch}), replacing the previous one atomically. */
    public void saveBest(MultiLayerNetwork network, int epoch) throws IOException {
        if (enabled()) {
            ModelZip.write(network, false, BEST_ENTRY, Json.mapper().writeValueAsBytes(Map.of("epoch", epoch)), best());
        }
    }

    /** The parameters of the best epoch's network that {@link #saveBest} wrote for {@code epoch}, if it did. */
    public Optional<INDArray> best(int epoch) {
        Path file = best();
        if (!enabled() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (FileSystem zip = FileSystems.newFileSystem(file, Map.of());
                InputStream in = Files.newInputStream(zip.getPath(BEST_ENTRY))) {
            Object saved = Json.mapper().readValue(in, Map.class).get("epoch");
            if (!(saved instanceof Number n) || n.intValue() != epoch) {
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelZip.read(file, BEST_ENTRY, false).params());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Path best() {
        return directory.resolve(BEST_FILE);
    }

    /** Removes the checkpoint once the model it led to is safely written. */
    public void clear() throws IOException {
        if (!enabled()) {
            return;
        }
        Files.deleteIfExists(file());
        Files.deleteIfExists(best());
        try (var left = Files.list(directory)) {
            if (left.findAny().isEmpty()) {
                Files.delete(directory);
            }
        } catch (java.nio.file.NoSuchFileException ignored) {
            // already gone
        }
    }

    static State readState(Path file) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(file, Map.of());
                InputStream in = Files.newInputStream(zip.getPath(STATE_ENTRY))) {
            return Json.mapper().readValue(in, State.class);
        }
    }
}
