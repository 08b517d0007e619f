package io.github.mnistgate.mnist.tuning;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.github.mnistgate.mnist.training.EpochMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One configuration tried, as stored in {@code trial_NNN/trial.json}: its hyperparameters, what every
 * epoch measured, its score (the best epoch's objective), status, seed and duration.
 *
 * @param epochs        total epochs the trial trains to (hyperband: this rung's budget)
 * @param initialEpoch  epochs already trained by the trial it continues (hyperband), else 0
 * @param continuesFrom the trial whose trained model this one continues (hyperband), or null
 * @param stopReason    why training ended before {@code epochs} (early stopping, time budget), or null
 * @param failure       why the trial failed, or null
 * @param ranOn         where it ran: the executor ({@code local} in the build itself), host, native build and threads
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Trial(
        String id,
        int number,
        TrialStatus status,
        Map<String, Object> hyperParameters,
        int epochs,
        int initialEpoch,
        String continuesFrom,
        Integer iteration,
        Integer bracket,
        Integer round,
        long seed,
        List<EpochMetrics> metrics,
        Double score,
        Integer bestEpoch,
        String stopReason,
        String failure,
        double seconds,
        String startedAt,
        String finishedAt,
        Map<String, Object> ranOn)
        implements java.io.Serializable {

    public Trial {
        hyperParameters = hyperParameters == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hyperParameters));
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
    }

    public static String idOf(int number) {
        return String.format(Locale.ROOT, "trial_%03d", number);
    }

    /** A new trial, about to run. */
    public static Trial start(int number, Proposal p, long seed, String now) {
        return new Trial(
                idOf(number),
                number,
                TrialStatus.RUNNING,
                p.values(),
                p.epochs(),
                p.initialEpoch(),
                p.continuesFrom(),
                p.iteration(),
                p.bracket(),
                p.round(),
                seed,
                List.of(),
                null,
                null,
                null,
                null,
                0,
                now,
                null,
                null);
    }

    /** The same trial run again from its start (after an interruption). */
    public Trial restarted(String now) {
        return new Trial(
                id,
                number,
                TrialStatus.RUNNING,
                hyperParameters,
                epochs,
                initialEpoch,
                continuesFrom,
                iteration,
                bracket,
                round,
                seed,
                List.of(),
                null,
                null,
                null,
                null,
                0,
                now,
                null,
                null);
    }

    public Trial withEpoch(EpochMetrics m, double secondsSoFar) {
        List<EpochMetrics> all = new ArrayList<>(metrics);
        all.add(m);
        return new Trial(
                id,
                number,
                status,
                hyperParameters,
                epochs,
                initialEpoch,
                continuesFrom,
                iteration,
                bracket,
                round,
                seed,
                all,
                score,
                bestEpoch,
                stopReason,
                failure,
                secondsSoFar,
                startedAt,
                finishedAt,
                ranOn);
    }

    public Trial completed(double newScore, int newBestEpoch, String newStopReason, double totalSeconds, String now) {
        return new Trial(
                id,
                number,
                TrialStatus.COMPLETED,
                hyperParameters,
                epochs,
                initialEpoch,
                continuesFrom,
                iteration,
                bracket,
                round,
                seed,
                metrics,
                newScore,
                newBestEpoch,
                newStopReason,
                null,
                totalSeconds,
                startedAt,
                now,
                ranOn);
    }

    public Trial failed(String reason, double totalSeconds, String now) {
        return new Trial(
                id,
                number,
                TrialStatus.FAILED,
                hyperParameters,
                epochs,
                initialEpoch,
                continuesFrom,
                iteration,
                bracket,
                round,
                seed,
                metrics,
                null,
                null,
                null,
                reason,
                totalSeconds,
                startedAt,
                now,
                ranOn);
    }

    /** The same trial with its values in the search space's types (after reading JSON). */
    Trial withValues(Map<String, Object> values) {
        return new Trial(
                id,
                number,
                status,
                values,
                epochs,
                initialEpoch,
                continuesFrom,
                iteration,
                bracket,
                round,
                seed,
                metrics,
                score,
                bestEpoch,
                stopReason,
                failure,
                seconds,
                startedAt,
                finishedAt,
                ranOn);
    }

    /** The same trial, recorded as having run where {@code where} says. */
    public Trial ranOn(Map<String, Object> where) {
        return new Trial(
                id,
                number,
                status,
                hyperParameters,
                epochs,
                initialEpoch,
                continuesFrom,
                iteration,
                bracket,
                round,
                seed,
                metrics,
                score,
                bestEpoch,
                stopReason,
                failure,
                seconds,
                startedAt,
                finishedAt,
                where == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(where)));
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isCompleted() {
        return status == TrialStatus.COMPLETED && score != null && !Double.isNaN(score);
    }
}
