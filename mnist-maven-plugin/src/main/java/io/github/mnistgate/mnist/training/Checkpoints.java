package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.NativeBackend;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    static final String STATE_ENTRY = "checkpoint.json";
    static final int FORMAT = 1;

    /** What a training run depends on; a checkpoint continues a run only when all of it is equal. */
    public record Inputs(String networkConfigurationSha256, String dataset, Map<String, String> datasetSha256,
                         int batchSize, int trainExamples, long seed, int shards, String dl4jVersion,
                         String pluginVersion) {

        /** Names the first input that differs from {@code other}'s, or null when they are equal. */
        String firstDifference(Inputs other) {
            if (!networkConfigurationSha256.equals(other.networkConfigurationSha256)) {
                return "the network (layers, optimizer, learning rate or other hyperparameters)";
            }
            if (!dataset.equals(other.dataset) || !datasetSha256.equals(other.datasetSha256)) {
                return "the dataset";
            }
            if (batchSize != other.batchSize) {
                return "the batch size (" + other.batchSize + " then, " + batchSize + " now)";
            }
            if (trainExamples != other.trainExamples) {
                return "the number of training images (" + other.trainExamples + " then, " + trainExamples + " now)";
            }
            if (seed != other.seed) {
                return "the seed (" + other.seed + " then, " + seed + " now)";
            }
            if (shards != other.shards) {
                // The summed gradient's rounding depends on how the minibatch is split across threads.
                return "the shards each minibatch is trained in, which follow mnist.threads (" + other.shards
                        + " then, " + shards + " now)";
            }
            if (!dl4jVersion.equals(other.dl4jVersion) || !pluginVersion.equals(other.pluginVersion)) {
                return "the plugin or Deeplearning4j version";
            }
            return null;
        }
    }

    /** What {@code checkpoint.json} holds. */
    record State(int format, Inputs inputs, int epochsDone, List<EpochMetrics> history, double trainingSeconds) {
    }

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
            throw new InvalidSettingException("checkpointEvery", every,
                    "must be a whole number of epochs from 1 to " + TrainingSettings.MAX_EPOCHS + ", or 0 for no checkpoints");
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

    /** The fingerprint of a run that starts from {@code fresh}, an untrained network. */
    public static Inputs inputs(MultiLayerNetwork fresh, String dataset, Map<String, String> datasetSha256,
                                int batchSize, int trainExamples, long seed, String dl4jVersion, String pluginVersion) {
        String configuration = fresh.getLayerWiseConfigurations().toJson();
        int shards = ShardedStep.shards(fresh, NativeBackend.threadsInUse(), Math.min(batchSize, trainExamples));
        return new Inputs(sha256(configuration), dataset, Map.copyOf(datasetSha256), batchSize, trainExamples, seed,
                shards, dl4jVersion, pluginVersion);
    }

    /**
     * The checkpoint to continue from, if there is one made with the same inputs and no more epochs than
     * {@code epochs}; logs why one that exists is not used.
     */
    public Optional<Resumed> resume(Inputs inputs, int epochs) {
        Path file = file();
        if (!enabled() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        State state;
        try {
            state = readState(file);
        } catch (IOException | RuntimeException e) {
            log.warn("[mnist] ignoring checkpoint " + file + ": it cannot be read (" + e.getMessage() + "); training from the start");
            return Optional.empty();
        }
        String changed = state.format() != FORMAT ? "the checkpoint format" : inputs.firstDifference(state.inputs());
        if (changed != null) {
            log.info("[mnist] not resuming from checkpoint " + file + ": " + changed + " changed since it was written;"
                    + " training from the start");
            return Optional.empty();
        }
        if (state.epochsDone() > epochs || state.history().size() != state.epochsDone()) {
            log.info("[mnist] not resuming from checkpoint " + file + ": it holds " + state.epochsDone()
                    + " epoch(s), more than the " + epochs + " asked for; training from the start");
            return Optional.empty();
        }
        try {
            MultiLayerNetwork network = ModelZip.read(file, STATE_ENTRY, true);
            return Optional.of(new Resumed(network, List.copyOf(state.history()), state.trainingSeconds()));
        } catch (IOException | RuntimeException e) {
            log.warn("[mnist] ignoring checkpoint " + file + ": its network cannot be restored (" + e.getMessage()
                    + "); training from the start");
            return Optional.empty();
        }
    }

    /** Writes the checkpoint after {@code history.size()} epochs, replacing the previous one atomically. */
    public void save(MultiLayerNetwork network, Inputs inputs, List<EpochMetrics> history, double trainingSeconds)
            throws IOException {
        State state = new State(FORMAT, inputs, history.size(), new ArrayList<>(history), trainingSeconds);
        ModelZip.write(network, true, STATE_ENTRY, Json.mapper().writeValueAsBytes(state), file());
    }

    /** Removes the checkpoint once the model it led to is safely written. */
    public void clear() throws IOException {
        if (!enabled()) {
            return;
        }
        Files.deleteIfExists(file());
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

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
