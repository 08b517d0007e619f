package io.github.mnistgate.mnist.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetSummary;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.Gate;
import io.github.mnistgate.mnist.evaluation.GateMode;
import io.github.mnistgate.mnist.evaluation.Limit;
import io.github.mnistgate.mnist.fetch.DatasetFetcher;
import io.github.mnistgate.mnist.fetch.FetchedDataset;
import io.github.mnistgate.mnist.fetch.Sources;
import io.github.mnistgate.mnist.fetch.TrickleServer;
import io.github.mnistgate.mnist.model.HyperParameterValues;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.model.Optimizer;
import io.github.mnistgate.mnist.training.ModelFiles;
import io.github.mnistgate.mnist.training.TrainingJob;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.ListLog;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds that share one JVM (an IDE's embedded Maven, a Maven daemon, a test harness) must not pile up threads.
 * A Maven JVM ends with its build, so an IT cannot see this: here the work of {@code mnist:fetch} (over http,
 * with a retried 503), {@code mnist:train} and {@code mnist:evaluate} runs twice in this JVM, and the second time
 * leaves no thread behind that the first had not already started (ND4J starts its own once per JVM), and none
 * that is not a daemon, which would keep a JVM from ending.
 */
class RepeatedBuildThreadsTest {

    /** Threads the JDK starts and ends on its own, such as the HTTP keep-alive timer (5 s), get this long. */
    private static final long SETTLE_MILLIS = 10_000;

    @TempDir
    Path tmp;

    private final SmallMnist small = new SmallMnist();

    @Test
    void aSecondBuildInTheSameJvmLeavesNoNewThreadAndNoNonDaemonThread() throws Exception {
        try (TrickleServer server = TrickleServer.start(small.gzBodies("/small/"), 64 * 1024, 0, 2)) {
            Set<Thread> before = live();
            build(1, server);
            Set<Thread> afterFirst = live();
            build(2, server);
            long until = System.currentTimeMillis() + SETTLE_MILLIS;
            List<Thread> added = added(afterFirst);
            while (!added.isEmpty() && System.currentTimeMillis() < until) {
                Thread.sleep(100);
                added = added(afterFirst);
            }
            assertEquals(List.of(), describe(added), "threads the second build left that the first did not");
            assertTrue(live().size() <= afterFirst.size(), "no more live threads than after the first build");
            List<Thread> nonDaemon = live().stream()
                    .filter(t -> !before.contains(t) && !t.isDaemon())
                    .toList();
            assertEquals(List.of(), describe(nonDaemon), "non-daemon threads started by the builds");
        }
    }

    /** What the goals do, in order, into a fresh cache and build folder. */
    private void build(int n, TrickleServer server) throws Exception {
        List<String> log = new ArrayList<>();
        BuildLog buildLog = ListLog.into(log);
        Path dir = tmp.resolve("build-" + n);
        server.failNext(1);
        FetchedDataset fetched = DatasetFetcher.fetch(
                small.spec, Sources.parse(server.url("/small/")), SmallMnist.settings(dir.resolve("cache")), buildLog);
        MnistData data = MnistData.read(Dataset.MNIST, fetched.files());
        OutputFiles out = new OutputFiles(dir.resolve("target/mnist"));
        Json.write(out.datasetSummary(), DatasetSummary.of(data));
        SampleGrid.write(data.train(), data.dataset(), 6, out.samples());

        NativeBackend.prepare();
        NativeBackend.threads(0);
        Path model = dir.resolve("target/small-model.zip");
        new TrainingJob(buildLog)
                .run(
                        data,
                        ModelSpec.mlp(),
                        new TrainingSettings(1, 32, 0, new HyperParameterValues(Optimizer.ADAM, 1e-3, 7)),
                        "the POM",
                        model,
                        out.modelCard());
        new EvaluationJob(buildLog)
                .run(
                        ModelFiles.read(model),
                        model.getFileName().toString(),
                        data,
                        EvaluationJob.Settings.of(new Gate(List.of(Limit.parse("0.01")), GateMode.ESTIMATE)),
                        null,
                        out);

        assertTrue(log.stream().anyMatch(l -> l.contains("retrying in")), "the fetch retried: " + log);
        assertTrue(Files.isRegularFile(out.evaluationJson()), "evaluated");
    }

    private static Set<Thread> live() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .collect(Collectors.toSet());
    }

    private static List<Thread> added(Set<Thread> earlier) {
        return live().stream().filter(t -> !earlier.contains(t)).toList();
    }

    private static List<String> describe(List<Thread> threads) {
        return threads.stream()
                .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : "") + " in "
                        + (t.getThreadGroup() == null
                                ? "no group"
                                : t.getThreadGroup().getName()))
                .sorted()
                .toList();
    }
}
