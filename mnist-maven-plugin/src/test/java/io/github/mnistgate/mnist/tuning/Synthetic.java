package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.training.EpochMetrics;
import io.github.mnistgate.mnist.util.BuildLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Cheap stand-ins for training, so oracles and the tuner are tested without DL4J. */
final class Synthetic {

    private Synthetic() {}

    /** A completed trial for the proposal, scored {@code score}. */
    static Trial completed(int number, Proposal p, double score) {
        String now = Instant.now().toString();
        return Trial.start(number, p, 1, now).completed(score, p.epochs(), null, 0.1, now);
    }

    /** Lets an oracle search alone, scoring each proposal with {@code f}, until it stops or {@code max} trials. */
    static List<Trial> search(Oracle oracle, ToDoubleFunction<Proposal> f, int max) {
        List<Trial> trials = new ArrayList<>();
        while (trials.size() < max) {
            var next = oracle.next(trials);
            if (next.isEmpty()) {
                break;
            }
            trials.add(completed(trials.size(), next.get(), f.applyAsDouble(next.get())));
        }
        return trials;
    }

    static EpochMetrics epoch(int epoch, double valAccuracy) {
        return new EpochMetrics(epoch, 1 - valAccuracy, valAccuracy, 1 - valAccuracy, valAccuracy, 1000, 0.01);
    }

    /**
     * A runner whose validation accuracy rises with the epochs towards {@code peak(values)}, and which
     * records every trial it ran.
     */
    static class Runner implements Tuner.TrialRunner {
        final List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
        final ToDoubleFunction<Map<String, Object>> peak;

        Runner(ToDoubleFunction<Map<String, Object>> peak) {
            this.peak = peak;
        }

        @Override
        public void run(Trial trial, io.github.mnistgate.mnist.training.Trainer.EpochListener sink) throws Exception {
            ran.add(trial.id());
            double top = peak.applyAsDouble(trial.hyperParameters());
            for (int e = trial.initialEpoch() + 1; e <= trial.epochs(); e++) {
                if (!sink.afterEpoch(epoch(e, top * (1 - Math.pow(0.5, e))))) {
                    return;
                }
            }
        }
    }

    /** Keeps what was logged. */
    static final class Log implements BuildLog {
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void info(String message) {
            lines.add(message);
        }

        @Override
        public void warn(String message) {
            lines.add("WARN " + message);
        }

        @Override
        public void debug(String message) {}

        String text() {
            return String.join("\n", lines);
        }
    }
}
