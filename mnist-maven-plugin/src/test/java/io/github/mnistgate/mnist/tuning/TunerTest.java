package io.github.mnistgate.mnist.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tuner with a synthetic trainer: persistence, resume, budgets and failures. */
class TunerTest {

    @TempDir
    Path dir;

    private final Synthetic.Log log = new Synthetic.Log();

    private static double peak(Map<String, Object> v) {
        return 0.5 + ((Integer) v.get("units")) / 1024.0 + (0.01 == (Double) v.get("learning_rate") ? 0.01 : 0);
    }

    private static SearchSpace space() {
        return SearchSpace.forModel(ModelSpec.mlp(), List.of());
    }

    private Tuner tuner(Tuner.TrialRunner runner, SearchSpace space, Tuner.Budget budget, String tuner) {
        TuningSettings settings =
                TuningSettings.builder().tuner(tuner).epochs(3).build();
        return new Tuner(
                settings.oracle(space, 42),
                space,
                budget,
                42,
                ModelSpec.mlp(),
                Map.of("dataset", "mnist"),
                new TrialStore(dir),
                runner,
                log);
    }

    private Tuner tuner(Tuner.TrialRunner runner, int maxTrials) {
        return tuner(runner, space(), new Tuner.Budget(maxTrials, 0, 0, 3), "random");
    }

    /** A crash: not an exception a trial may throw, but the process dying. */
    static final class Crash extends Error {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void writesTrialsOracleResultsAndBestAfterASearch() throws Exception {
        Synthetic.Runner runner = new Synthetic.Runner(TunerTest::peak);
        TuningResult result = tuner(runner, 4).run(false);

        assertEquals(4, result.trials().size());
        assertEquals(4, result.trialsRun());
        assertEquals(List.of("trial_000", "trial_001", "trial_002", "trial_003"), runner.ran);
        assertTrue(result.stopReason().contains("maxTrials=4"), result.stopReason());
        Trial best = result.best();
        assertEquals(result.trials().stream().mapToDouble(Trial::score).max().orElseThrow(), best.score());

        JsonNode trial =
                Json.mapper().readTree(dir.resolve("trial_001/trial.json").toFile());
        assertEquals("COMPLETED", trial.get("status").asText());
        assertEquals(3, trial.get("metrics").size());
        assertEquals(42, trial.get("seed").asLong());
        assertTrue(trial.get("hyperParameters").has("units")
                && trial.get("hyperParameters").has("learning_rate"));
        assertTrue(trial.get("score").asDouble() > 0.5);
        assertTrue(trial.has("seconds") && trial.has("startedAt") && trial.has("finishedAt"));

        JsonNode oracle = Json.mapper().readTree(dir.resolve("oracle.json").toFile());
        assertEquals("random", oracle.get("search").get("tuner").asText());
        assertEquals(4, oracle.get("state").get("trials").asInt());
        assertEquals(best.id(), oracle.get("state").get("bestTrial").asText());

        BestHyperParameters saved = BestHyperParameters.read(dir.resolve("best-hyperparameters.json"));
        assertEquals(best.id(), saved.trial());
        assertEquals(best.hyperParameters(), saved.values());
        assertEquals("mlp", saved.model());

        String md = Files.readString(dir.resolve("results.md"));
        assertTrue(
                md.contains(
                        "| rank | trial | status | val_accuracy | best epoch | epochs | units | learning_rate | time | note |"),
                md);
        assertTrue(md.contains("| 1 | " + best.id() + " | completed |"), "best first: " + md);
        assertTrue(log.text().contains("  rank  trial"), log.text());
        assertTrue(log.text().contains("best: " + best.id()), log.text());
        try (Stream<Path> files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void resumesAfterACrashMidTrialKeepingCompletedTrialsAndRerunningTheInterruptedOne() throws Exception {
        Synthetic.Runner crashing = new Synthetic.Runner(TunerTest::peak) {
            @Override
            public void run(Trial trial, io.github.mnistgate.mnist.training.Trainer.EpochListener sink)
                    throws Exception {
                if (trial.number() == 2) {
                    sink.afterEpoch(Synthetic.epoch(1, 0.4));
                    throw new Crash();
                }
                super.run(trial, sink);
            }
        };
        assertThrows(Crash.class, () -> tuner(crashing, 5).run(false));
        JsonNode interrupted =
                Json.mapper().readTree(dir.resolve("trial_002/trial.json").toFile());
        assertEquals("RUNNING", interrupted.get("status").asText());
        assertEquals(1, interrupted.get("metrics").size(), "saved after its first epoch");
        Map<String, Object> before =
                Json.read(dir.resolve("trial_002/trial.json"), Trial.class).hyperParameters();

        Synthetic.Runner runner = new Synthetic.Runner(TunerTest::peak);
        TuningResult resumed = tuner(runner, 5).run(false);
        assertEquals(List.of("trial_002", "trial_003", "trial_004"), runner.ran, "completed trials are not run again");
        assertEquals(5, resumed.trials().size());
        assertTrue(resumed.trials().stream().allMatch(t -> t.status() == TrialStatus.COMPLETED));
        assertEquals(
                space().canonical(before).orElseThrow(),
                resumed.trials().get(2).hyperParameters(),
                "the same values again");
        assertEquals(3, resumed.trials().get(2).metrics().size());
        assertTrue(
                log.text().contains("resuming the search in " + dir + ": 2 trial(s) done, 1 interrupted"), log.text());
        assertTrue(log.text().contains("trial_002 was interrupted: running it again"), log.text());

        // The same search again adds nothing.
        Synthetic.Runner idle = new Synthetic.Runner(TunerTest::peak);
        TuningResult again = tuner(idle, 5).run(false);
        assertEquals(List.of(), idle.ran);
        assertEquals(0, again.trialsRun());
        assertEquals(resumed.best().id(), again.best().id());
        assertTrue(
                log.text().contains("the search in " + dir + " is complete and its settings unchanged: no trial run"),
                log.text());

        // A straight run without the crash proposes the same trials.
        Path other = dir.resolveSibling(dir.getFileName() + "-straight");
        Tuner straight = new Tuner(
                TuningSettings.builder().epochs(3).build().oracle(space(), 42),
                space(),
                new Tuner.Budget(5, 0, 0, 3),
                42,
                ModelSpec.mlp(),
                Map.of("dataset", "mnist"),
                new TrialStore(other),
                new Synthetic.Runner(TunerTest::peak),
                log);
        assertEquals(
                resumed.trials().stream().map(Trial::hyperParameters).toList(),
                straight.run(false).trials().stream()
                        .map(Trial::hyperParameters)
                        .toList());
    }

    @Test
    void aChangedSearchIsDetectedAndOverwriteStartsAfresh() throws Exception {
        tuner(new Synthetic.Runner(TunerTest::peak), 2).run(false);
        SearchSpace changed = SearchSpace.forModel(
                ModelSpec.mlp(),
                List.of(Map.of("name", "units", "type", "int", "min", "32", "max", "256", "step", "32")));
        ToDoubleFunction<Map<String, Object>> peak = v -> 0.5;
        TuningException e = assertThrows(
                TuningException.class,
                () -> tuner(new Synthetic.Runner(peak), changed, new Tuner.Budget(2, 0, 0, 3), "random")
                        .run(false));
        assertTrue(
                e.getMessage().contains("holds a search with other settings (changed: searchSpace)"), e.getMessage());
        assertTrue(e.getMessage().contains("set -Dmnist.overwrite=true or delete " + dir), e.getMessage());

        TuningException tunerChanged = assertThrows(
                TuningException.class,
                () -> tuner(new Synthetic.Runner(TunerTest::peak), space(), new Tuner.Budget(2, 0, 0, 3), "grid")
                        .run(false));
        assertTrue(tunerChanged.getMessage().contains("tuner was random, now grid"), tunerChanged.getMessage());

        Synthetic.Runner fresh = new Synthetic.Runner(peak);
        TuningResult result =
                tuner(fresh, changed, new Tuner.Budget(2, 0, 0, 3), "random").run(true);
        assertEquals(2, fresh.ran.size());
        assertEquals(2, result.trials().size());
        assertTrue(log.text().contains("mnist.overwrite=true: deleting the earlier search"), log.text());
        assertFalse(Files.readString(dir.resolve("oracle.json")).contains("\"max\" : 512"));
    }

    @Test
    void aFailingTrialIsRecordedWithItsReasonAndTheSearchGoesOn() throws Exception {
        Synthetic.Runner sometimes = new Synthetic.Runner(TunerTest::peak) {
            @Override
            public void run(Trial trial, io.github.mnistgate.mnist.training.Trainer.EpochListener sink)
                    throws Exception {
                if (trial.number() == 1) {
                    throw new IllegalArgumentException(
                            "layer 2 (conv2d) kernel: a 5x5 window does not fit the 3x3 image");
                }
                super.run(trial, sink);
            }
        };
        TuningResult result = tuner(sometimes, 4).run(false);
        Trial failed = result.trials().get(1);
        assertEquals(TrialStatus.FAILED, failed.status());
        assertTrue(failed.failure().contains("does not fit"), failed.failure());
        assertEquals(3, result.trials().stream().filter(Trial::isCompleted).count());
        assertTrue(Files.readString(dir.resolve("results.md")).contains("| - | trial_001 | failed |"));
        assertTrue(log.text().contains("WARN trial_001 failed"), log.text());
    }

    @Test
    void tooManyFailuresInARowStopTheSearch() throws Exception {
        Tuner.TrialRunner broken = (trial, sink) -> {
            throw new IllegalStateException("out of memory");
        };
        TuningException e = assertThrows(
                TuningException.class,
                () -> tuner(broken, space(), new Tuner.Budget(10, 0, 0, 3), "random")
                        .run(false));
        assertTrue(e.getMessage().contains("3 trials in a row failed"), e.getMessage());
        assertTrue(e.getMessage().contains("out of memory"), e.getMessage());
        assertEquals(
                3,
                Json.mapper()
                        .readTree(dir.resolve("oracle.json").toFile())
                        .get("state")
                        .get("failed")
                        .asInt());
        assertFalse(Files.exists(dir.resolve("best-hyperparameters.json")));
        assertTrue(Files.exists(dir.resolve("results.md")));
    }

    @Test
    void earlyStoppingEndsATrialOnAPlateau() throws Exception {
        Tuner.TrialRunner plateau = (trial, sink) -> {
            double[] accuracy = {0.5, 0.7, 0.69, 0.7, 0.6, 0.8, 0.9};
            for (int e = 1; e <= trial.epochs(); e++) {
                if (!sink.afterEpoch(Synthetic.epoch(e, accuracy[e - 1]))) {
                    return;
                }
            }
        };
        TuningSettings settings = TuningSettings.builder().epochs(7).build();
        TuningResult result = new Tuner(
                        settings.oracle(space(), 1),
                        space(),
                        new Tuner.Budget(1, 0, 2, 3),
                        1,
                        ModelSpec.mlp(),
                        Map.of(),
                        new TrialStore(dir),
                        plateau,
                        log)
                .run(false);
        Trial t = result.trials().get(0);
        assertEquals(4, t.metrics().size(), "epochs 3 and 4 did not beat epoch 2");
        assertEquals(0.7, t.score());
        assertEquals(2, t.bestEpoch());
        assertTrue(
                t.stopReason().startsWith("early stopping: no better val_accuracy for 2 epoch(s) after epoch 4"),
                t.stopReason());
    }

    @Test
    void theTimeBudgetStopsTheSearchAndTheRunningTrial() throws Exception {
        AtomicLong nanos = new AtomicLong();
        Tuner.TrialRunner slow = (trial, sink) -> {
            for (int e = 1; e <= trial.epochs(); e++) {
                nanos.addAndGet(4_000_000_000L); // every epoch takes 4 s
                if (!sink.afterEpoch(Synthetic.epoch(e, 0.5 + e * 0.1))) {
                    return;
                }
            }
        };
        TuningResult result = tuner(slow, space(), new Tuner.Budget(10, 20, 0, 3), "random")
                .clock(nanos::get)
                .run(false);
        // 3 epochs (12 s) for the first trial, then the second stops after 2 epochs at 20 s.
        assertEquals(2, result.trials().size());
        assertEquals(TrialStatus.COMPLETED, result.trials().get(1).status());
        assertEquals(2, result.trials().get(1).metrics().size());
        assertTrue(
                result.trials().get(1).stopReason().contains("time budget"),
                result.trials().get(1).stopReason());
        assertTrue(result.stopReason().contains("time budget of 20s is used up"), result.stopReason());
    }

    @Test
    void hyperbandRecordsContinuationsAndTheirEpochs() throws Exception {
        TuningSettings settings = TuningSettings.builder()
                .tuner("hyperband")
                .epochs(3)
                .maxTrials(0)
                .build();
        Synthetic.Runner runner = new Synthetic.Runner(TunerTest::peak);
        TuningResult result = new Tuner(
                        settings.oracle(space(), 3),
                        space(),
                        settings.budget(),
                        3,
                        ModelSpec.mlp(),
                        Map.of(),
                        new TrialStore(dir),
                        runner,
                        log)
                .run(false);
        assertEquals(6, result.trials().size(), "bracket 1: 3x1ep > 1x3ep, bracket 0: 2x3ep");
        Trial continued = result.trials().get(3);
        assertNotNull(continued.continuesFrom());
        assertEquals(1, continued.initialEpoch());
        assertEquals(
                List.of(2, 3), continued.metrics().stream().map(m -> m.epoch()).toList());
        assertTrue(log.text().contains("hyperband search"), log.text());
        assertTrue(log.text().contains("brackets 3x1ep > 1x3ep | 2x3ep: 6 trial(s)"), log.text());
    }

    @Test
    void theSettingsRefuseNonsense() {
        assertThrows(
                io.github.mnistgate.mnist.util.InvalidSettingException.class,
                () -> TuningSettings.builder().tuner("sobol").build());
        assertThrows(
                io.github.mnistgate.mnist.util.InvalidSettingException.class,
                () -> TuningSettings.builder().validationSplit(1).build());
        assertThrows(
                io.github.mnistgate.mnist.util.InvalidSettingException.class,
                () -> TuningSettings.builder().maxTrials(0).build());
        assertEquals(600, TuningSettings.parseTimeout("10m"));
        assertEquals(0, TuningSettings.parseTimeout("none"));
        assertEquals(
                "tuningTimeout",
                assertThrows(
                                io.github.mnistgate.mnist.util.InvalidSettingException.class,
                                () -> TuningSettings.parseTimeout("soon"))
                        .setting());
        assertThrows(
                io.github.mnistgate.mnist.util.InvalidSettingException.class,
                () -> TuningSettings.builder()
                        .tuner("hyperband")
                        .hyperband(1, 1)
                        .build()
                        .oracle(space(), 1));
        assertEquals(
                "objective",
                assertThrows(
                                io.github.mnistgate.mnist.util.InvalidSettingException.class,
                                () -> Objective.fromId("accuracy"))
                        .setting());
    }

    @Test
    void aTrialThatCannotBeReadBackIsReported() throws IOException {
        Files.createDirectories(dir.resolve("trial_000"));
        Files.writeString(dir.resolve("trial_000/trial.json"), "{}");
        TuningException e = assertThrows(
                TuningException.class,
                () -> tuner(new Synthetic.Runner(TunerTest::peak), 2).run(false));
        assertTrue(e.getMessage().contains("holds trials but no oracle.json"), e.getMessage());
    }

    /** A runner whose trials take a while, counting how many run at the same time and on which threads. */
    private static final class Overlapping extends Synthetic.Runner {
        final java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

        Overlapping() {
            super(TunerTest::peak);
        }

        @Override
        public void run(Trial trial, io.github.mnistgate.mnist.training.Trainer.EpochListener sink) throws Exception {
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName());
            try {
                Thread.sleep(150);
                super.run(trial, sink);
            } finally {
                now.decrementAndGet();
            }
        }
    }

    @Test
    void parallelTrialsRunSideBySideAndArePersistedAsInASearchOfOneAtATime() throws Exception {
        Overlapping runner = new Overlapping();
        java.util.Set<String> prepared = java.util.concurrent.ConcurrentHashMap.newKeySet();
        TuningResult result = tuner(runner, 6)
                .parallel(
                        3,
                        LocalTrialExecutor.factory(
                                () -> prepared.add(Thread.currentThread().getName())),
                        LocalTrialExecutor.SIDE_BY_SIDE)
                .run(false);

        assertEquals(3, runner.most.get(), "three trials at a time");
        assertEquals(6, result.trials().size());
        assertEquals(
                List.of("trial_000", "trial_001", "trial_002", "trial_003", "trial_004", "trial_005"),
                result.trials().stream().map(Trial::id).toList());
        assertTrue(result.trials().stream()
                .allMatch(
                        t -> t.status() == TrialStatus.COMPLETED && t.metrics().size() == 3));
        assertEquals(
                6,
                result.trials().stream()
                        .map(t -> t.hyperParameters().toString())
                        .distinct()
                        .count(),
                "no values proposed twice while others ran");
        assertTrue(runner.threads.stream().allMatch(n -> n.startsWith("mnist-trial-")), "" + runner.threads);
        assertTrue(prepared.containsAll(runner.threads), "each trial thread took its share of the threads first");
        for (Trial t : result.trials()) {
            assertEquals(
                    "COMPLETED",
                    Json.mapper()
                            .readTree(dir.resolve(t.id() + "/trial.json").toFile())
                            .get("status")
                            .asText());
        }
        JsonNode oracle = Json.mapper().readTree(dir.resolve("oracle.json").toFile());
        assertEquals(6, oracle.get("state").get("completed").asInt());
        assertTrue(oracle.get("state").get("running").isNull());
        assertEquals(
                result.best().id(),
                BestHyperParameters.read(dir.resolve("best-hyperparameters.json"))
                        .trial());
        assertTrue(log.text().contains("3 trials at a time"), log.text());
    }

    @Test
    void aParallelSearchKilledWithTrialsRunningResumesThemAndKeepsTheCompletedOnes() throws Exception {
        Synthetic.Runner crashing = new Synthetic.Runner(TunerTest::peak) {
            @Override
            public void run(Trial trial, io.github.mnistgate.mnist.training.Trainer.EpochListener sink)
                    throws Exception {
                if (trial.number() >= 2) {
                    sink.afterEpoch(Synthetic.epoch(1, 0.4)); // recorded as running, then the process "dies"
                    throw new Crash();
                }
                super.run(trial, sink);
            }
        };
        assertThrows(
                IllegalStateException.class,
                () -> tuner(crashing, 5)
                        .parallel(2, LocalTrialExecutor.factory(() -> {}), LocalTrialExecutor.SIDE_BY_SIDE)
                        .run(false));
        List<String> completedBefore = new java.util.ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path trial : files.filter(Files::isDirectory).toList()) {
                if (Json.mapper()
                        .readTree(trial.resolve("trial.json").toFile())
                        .get("status")
                        .asText()
                        .equals("COMPLETED")) {
                    completedBefore.add(trial.getFileName().toString());
                }
            }
        }
        assertFalse(completedBefore.isEmpty());

        Synthetic.Runner healthy = new Synthetic.Runner(TunerTest::peak);
        TuningResult result = tuner(healthy, 5)
                .parallel(2, LocalTrialExecutor.factory(() -> {}), LocalTrialExecutor.SIDE_BY_SIDE)
                .run(false);

        assertEquals(5, result.trials().size());
        assertTrue(result.trials().stream().allMatch(t -> t.status() == TrialStatus.COMPLETED), "" + result.trials());
        completedBefore.forEach(id -> assertFalse(healthy.ran.contains(id), id + " was kept, not run again"));
        assertTrue(log.text().contains("was interrupted: running it again"), log.text());
    }

    @Test
    void hyperbandRunsOneTrialAtATimeWhateverParallelTrialsSays() throws Exception {
        Overlapping runner = new Overlapping();
        TuningSettings settings =
                TuningSettings.builder().tuner("hyperband").epochs(3).build();
        new Tuner(
                        settings.oracle(space(), 42),
                        space(),
                        new Tuner.Budget(4, 0, 0, 3),
                        42,
                        ModelSpec.mlp(),
                        Map.of("dataset", "mnist"),
                        new TrialStore(dir),
                        runner,
                        log)
                .parallel(3, LocalTrialExecutor.factory(() -> {}), LocalTrialExecutor.SIDE_BY_SIDE)
                .run(false);

        assertEquals(1, runner.most.get());
        assertTrue(log.text().contains("hyperband runs one trial at a time"), log.text());
    }
}
