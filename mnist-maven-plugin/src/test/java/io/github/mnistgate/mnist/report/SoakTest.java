package io.github.mnistgate.mnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.fetch.CacheContents;
import io.github.mnistgate.mnist.fetch.DatasetFetcher;
import io.github.mnistgate.mnist.fetch.FetchSettings;
import io.github.mnistgate.mnist.fetch.FetchedDataset;
import io.github.mnistgate.mnist.fetch.Sources;
import io.github.mnistgate.mnist.fetch.TrickleServer;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.training.TrainingJob;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.ListLog;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Round after round, several builds (child JVMs) fetch the same dataset into one shared cache from a slow server
 * and evaluate a model, while a random subset of them is killed (SIGKILL) at random moments; some rounds start
 * from a wiped cache or a damaged cached file. No build ever uses other bytes than the verified ones, every
 * report that exists is whole, and at the end a fetch succeeds at once and the cache holds nothing but the
 * verified files and a free lock file. The kills are drawn from a seed named in every failure message. In the
 * first round, and in some later ones, a build is also killed while it downloads (once it logs that it fetches),
 * so that every run covers a download cut short and a sibling build cleaning up after it.
 */
class SoakTest {

    private static final int ROUNDS = 14;
    private static final int CHILDREN = 4;
    /**
     * A build takes about 4 s here: 1 to 3 s to start and have the data (a cold download trickles for 2 s), then
     * ND4J and the evaluation. Half the kills fall in the first part, the others anywhere.
     */
    private static final long FETCH_WINDOW_MILLIS = 2_000;

    private static final long KILL_WINDOW_MILLIS = 4_500;
    /**
     * A download of the four files trickles for 2 s: a kill this long after a build logs that it fetches lands
     * after it made its scratch folder and before it removes it.
     */
    private static final long FETCHING_KILL_FROM_MILLIS = 500;

    private static final long FETCHING_KILL_TO_MILLIS = 1_800;
    private static final String FETCHING = "missing from cache";
    private static final String CLEANED = "temporary file(s) an interrupted build left";
    private static final Duration DEADLINE = Duration.ofSeconds(150);
    private static final List<String> PASSED_PROPERTIES =
            List.of("javacpp.platform.extension", "org.eclipse.deeplearning4j.helpers.disable");

    @TempDir
    Path tmp;

    private final SmallMnist small = new SmallMnist();
    private final List<Child> children = new ArrayList<>();
    private String context;

    /** One build: a child JVM, where it writes, and when (if at all) it is to be killed. */
    private static final class Child {
        final String name;
        final Path outDir;
        final Path output;
        final long killAtNanos;
        /** Kill it this long after it logs that it fetches; -1: not while fetching. */
        final long fetchingKillNanos;

        Process process;
        long fetchingSince = -1;
        boolean killed;

        Child(String name, Path outDir, Path output, long killAtNanos, long fetchingKillNanos) {
            this.name = name;
            this.outDir = outDir;
            this.output = output;
            this.killAtNanos = killAtNanos;
            this.fetchingKillNanos = fetchingKillNanos;
        }

        boolean killedByUs() {
            return killed && process.exitValue() == 137;
        }
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS) // a backstop: the test keeps its own, shorter deadline
    void concurrentBuildsKilledAtRandomNeverTrustHalfWrittenFilesAndLeaveACleanCache() throws Exception {
        long seed = Long.getLong("soak.seed", System.nanoTime());
        context = "soak seed " + seed + " (rerun with -Dsoak.seed=" + seed + ")";
        System.out.println(context);
        Random random = new Random(seed);
        long start = System.nanoTime();
        long deadline = start + DEADLINE.toNanos();
        Path cache = tmp.resolve("cache");
        Path model = trainModel();
        Stats stats = new Stats();
        try (TrickleServer server = TrickleServer.start(small.gzBodies("/small/"), 8 * 1024, 40, 8)) {
            for (int round = 0; round < ROUNDS; round++) {
                String damage = round == 0 ? wipe(cache) : damage(random.nextInt(4), random, cache);
                String where = "round " + round + " (" + damage + ")";
                List<Child> started = startRound(round, random, cache, server.url("/small/"), model);
                awaitRound(started, round == 0, deadline, where);
                for (Child c : started) {
                    check(c, where, stats);
                }
                // whoever survived fetched under the lock what was damaged or missing: all verified again
                assertEquals(
                        EnumSet.allOf(DatasetFile.class),
                        CacheContents.assertTrustedNamesVerify(cache, small.spec),
                        where);
            }
            List<String> lines = new ArrayList<>();
            FetchSettings impatient = FetchSettings.builder(cache)
                    .lockTimeout(Duration.ofSeconds(2))
                    .build();
            FetchedDataset fetched = DatasetFetcher.fetch(
                    small.spec, Sources.parse(server.url("/small/")), impatient, ListLog.into(lines));
            assertEquals(small.spec.files().keySet(), fetched.files().keySet(), context);
            assertEquals(
                    List.of(),
                    lines.stream()
                            .filter(l -> l.contains("waiting for another build"))
                            .toList(),
                    context);
            CacheContents.assertOnlyVerifiedFilesAndAFreeLock(cache, small.spec);
        } catch (AssertionError e) {
            throw new AssertionError(context + ": " + e.getMessage(), e);
        } finally {
            for (Child c : children) {
                if (c.process != null) {
                    c.process.destroyForcibly();
                }
            }
        }
        System.out.printf(
                "soak: %d rounds of %d builds in %.1f s; killed %d before they had the data (%d of them while"
                        + " fetching) and %d after; %d builds cleaned up after a killed one; %d finished (on average"
                        + " data after %d ms, evaluated after %d ms); %s%n",
                ROUNDS,
                CHILDREN,
                (System.nanoTime() - start) / 1e9,
                stats.killedBeforeData,
                stats.killedWhileFetching,
                stats.killedAfterData,
                stats.cleanedUp,
                stats.finished,
                stats.fetchedMillis / stats.finished,
                stats.evaluatedMillis / stats.finished,
                context);
        // round 0 guarantees both: its first fetcher is killed mid-download and a sibling takes over
        assertTrue(
                stats.killedWhileFetching > 0 && stats.cleanedUp > 0 && stats.killedAfterData + stats.finished > 0,
                context);
        assertNoTemporaryFilesInSurvivorsOutput();
    }

    /** A tiny MLP trained once, here, on the small dataset; the children evaluate it. */
    private Path trainModel() throws IOException {
        Map<DatasetFile, Path> files = new EnumMap<>(DatasetFile.class);
        for (DatasetFile f : DatasetFile.values()) {
            files.put(
                    f,
                    Files.write(
                            Files.createDirectories(tmp.resolve("data")).resolve(f.fileName()), small.content.get(f)));
        }
        NativeBackend.prepare();
        Path model = tmp.resolve("soak-model.zip");
        new TrainingJob(BuildLog.silent())
                .run(
                        MnistData.read(Dataset.MNIST, files),
                        ModelSpec.mlp(),
                        new TrainingSettings(1, 32, 0, new HyperParameterValues(Optimizer.ADAM, 1e-3, 7)),
                        "the soak test",
                        model,
                        tmp.resolve("model-card.json"));
        return model;
    }

    private static String wipe(Path cache) throws IOException {
        deleteRecursively(cache);
        return "cache wiped";
    }

    /** Damage the cache the way a disk or a careless hand might, between builds. */
    @SuppressWarnings("EnumOrdinal") // a file picked at random
    private String damage(int kind, Random random, Path cache) throws IOException {
        if (kind == 0) {
            return "cache as left";
        }
        if (kind == 1) {
            return wipe(cache);
        }
        DatasetFile file = DatasetFile.values()[random.nextInt(DatasetFile.values().length)];
        Path p = cache.resolve(SmallMnist.ID).resolve(file.fileName());
        if (!Files.exists(p)) {
            return file.fileName() + " not cached";
        }
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            if (kind == 2) {
                long at = random.nextInt((int) f.length());
                f.seek(at);
                int b = f.read();
                f.seek(at);
                f.write(b ^ 0x01);
                return file.fileName() + " corrupted at byte " + at;
            }
            f.setLength(f.length() / 2);
            return file.fileName() + " truncated";
        }
    }

    /**
     * Round 0: only the first build that starts fetching is killed, while it downloads; the others must finish.
     * Later rounds: a random subset, never none and never all, each killed at a random moment, or (half of them)
     * while fetching if that comes first: every round has kills and a build that must succeed.
     */
    private List<Child> startRound(int round, Random random, Path cache, String source, Path model) throws IOException {
        boolean[] kill = new boolean[CHILDREN];
        int killed = 0;
        for (int i = 0; i < CHILDREN && round > 0; i++) {
            kill[i] = random.nextBoolean();
            killed += kill[i] ? 1 : 0;
        }
        if (round > 0 && (killed == 0 || killed == CHILDREN)) {
            kill[random.nextInt(CHILDREN)] = killed == 0;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Child> started = new ArrayList<>();
        long now = System.nanoTime();
        for (int i = 0; i < CHILDREN; i++) {
            long window = random.nextBoolean() ? FETCH_WINDOW_MILLIS : KILL_WINDOW_MILLIS;
            long killAt = kill[i] ? now + TimeUnit.MILLISECONDS.toNanos(random.nextLong(window)) : -1;
            long fetchingKill = round == 0 || (kill[i] && random.nextBoolean())
                    ? TimeUnit.MILLISECONDS.toNanos(random.nextLong(FETCHING_KILL_FROM_MILLIS, FETCHING_KILL_TO_MILLIS))
                    : -1;
            Path dir = Files.createDirectories(tmp.resolve("round-" + round).resolve("build-" + i));
            Child c = new Child(
                    "round " + round + " build " + i,
                    dir.resolve("mnist"),
                    dir.resolve("output.txt"),
                    killAt,
                    fetchingKill);
            List<String> command =
                    new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
            for (String key : PASSED_PROPERTIES) {
                if (System.getProperty(key) != null) {
                    command.add("-D" + key + "=" + System.getProperty(key));
                }
            }
            command.addAll(List.of(
                    "-cp",
                    System.getProperty("java.class.path"),
                    SoakChild.class.getName(),
                    cache.toString(),
                    source,
                    model.toString(),
                    c.outDir.toString()));
            ProcessBuilder pb =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(c.output.toFile());
            pb.environment().put("OMP_NUM_THREADS", "1");
            c.process = pb.start();
            children.add(c);
            started.add(c);
        }
        return started;
    }

    private static void awaitRound(List<Child> round, boolean onlyFirstFetcher, long deadline, String where)
            throws InterruptedException, IOException {
        boolean fetcherSeen = false;
        while (round.stream().anyMatch(c -> c.process.isAlive())) {
            long now = System.nanoTime();
            if (now - deadline > 0) {
                fail(where + ": past the test's deadline with builds still running: "
                        + round.stream()
                                .filter(c -> c.process.isAlive())
                                .map(c -> c.name)
                                .toList());
            }
            for (Child c : round) {
                if (c.killed || !c.process.isAlive()) {
                    continue;
                }
                if (c.fetchingKillNanos >= 0
                        && c.fetchingSince < 0
                        && !(onlyFirstFetcher && fetcherSeen)
                        && Files.readString(c.output).contains(FETCHING)) {
                    c.fetchingSince = now;
                    fetcherSeen = true;
                }
                boolean timed = c.killAtNanos >= 0 && now - c.killAtNanos >= 0;
                boolean fetching = c.fetchingSince >= 0 && now - c.fetchingSince - c.fetchingKillNanos >= 0;
                if (timed || fetching) {
                    c.process.destroyForcibly();
                    c.killed = true;
                }
            }
            Thread.sleep(10);
        }
    }

    private void check(Child c, String where, Stats stats) throws IOException {
        String output = Files.readString(c.output);
        String about = where + ", " + c.name + (c.killedByUs() ? " (killed)" : "") + ":\n" + output;
        int used = 0;
        for (String line :
                output.lines().filter(l -> l.startsWith(SoakChild.USED)).toList()) {
            String[] parts = line.substring(SoakChild.USED.length()).split(" ");
            DatasetFile file = Stream.of(DatasetFile.values())
                    .filter(f -> f.fileName().equals(parts[0]))
                    .findFirst()
                    .orElseThrow();
            assertEquals(small.spec.expected(file).sha256(), parts[1], "a build used unverified bytes; " + about);
            used++;
        }
        if (output.contains(CLEANED)) {
            stats.cleanedUp++;
        }
        if (c.killedByUs()) {
            if (used < DatasetFile.values().length) {
                stats.killedBeforeData++;
                stats.killedWhileFetching += output.contains(FETCHING) ? 1 : 0;
            } else {
                stats.killedAfterData++;
            }
        } else {
            assertEquals(0, c.process.exitValue(), about);
            assertTrue(output.contains(SoakChild.EVALUATED), about);
            assertTrue(Files.isRegularFile(new OutputFiles(c.outDir).evaluationJson()), about);
            stats.finished++;
            stats.fetchedMillis += millis(output, SoakChild.FETCHED);
            stats.evaluatedMillis += millis(output, SoakChild.EVALUATED);
        }
        OutputFiles out = new OutputFiles(c.outDir);
        if (Files.exists(out.evaluationJson())) {
            assertWholeEvaluation(Json.mapper().readTree(out.evaluationJson().toFile()), about);
        }
        if (Files.exists(out.datasetSummary())) {
            JsonNode summary = Json.mapper().readTree(out.datasetSummary().toFile());
            assertEquals(SmallMnist.TEST, summary.path("test").path("examples").asInt(), about);
        }
    }

    /** Where the kills landed, and how long a build took, for the log line at the end. */
    private static final class Stats {
        int killedBeforeData;
        int killedAfterData;
        int killedWhileFetching;
        int cleanedUp;
        int finished;
        long fetchedMillis;
        long evaluatedMillis;
    }

    private static long millis(String output, String marker) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile(marker + " after (\\d+) ms").matcher(output);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** Parsed through to its last field: never a report cut short. */
    private static void assertWholeEvaluation(JsonNode eval, String about) {
        assertEquals(SmallMnist.TEST, eval.path("testExamples").asInt(), about);
        double accuracy = eval.path("accuracy").asDouble(-1);
        assertTrue(accuracy >= 0 && accuracy <= 1, about);
        JsonNode matrix = eval.path("confusionMatrix");
        assertEquals(10, matrix.size(), about);
        int total = 0;
        for (JsonNode row : matrix) {
            assertEquals(10, row.size(), about);
            for (JsonNode cell : row) {
                total += cell.asInt();
            }
        }
        assertEquals(SmallMnist.TEST, total, about);
        assertEquals(10, eval.path("perClass").size(), about);
    }

    /** A build that finished left no temporary file; a killed one may have (never under a trusted name). */
    private void assertNoTemporaryFilesInSurvivorsOutput() throws IOException {
        for (Child c : children) {
            if (!c.killedByUs() && Files.exists(c.outDir)) {
                try (Stream<Path> files = Files.list(c.outDir)) {
                    assertEquals(
                            List.of(),
                            files.filter(p -> p.getFileName().toString().endsWith(".tmp"))
                                    .toList(),
                            context + ", " + c.name);
                }
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
