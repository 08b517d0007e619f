package io.github.mnistgate.mnist.tuning;

import io.github.mnistgate.mnist.training.Objective;
import io.github.mnistgate.mnist.util.Durations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The trials as a table, best first: Markdown for {@code results.md}, aligned text for the build log. */
public final class ResultsTable {

    /** Rows the build log shows; {@code results.md} has them all. */
    static final int LOG_ROWS = 10;

    private ResultsTable() {}

    /** Completed trials best first, then running, then failed ones, each in trial order. */
    public static List<Trial> sorted(List<Trial> trials, Objective objective) {
        Comparator<Trial> completed = Oracle.ranking(objective);
        return trials.stream()
                .sorted((a, b) -> {
                    int ga = group(a);
                    int gb = group(b);
                    if (ga != gb) {
                        return Integer.compare(ga, gb);
                    }
                    return ga == 0 ? completed.compare(a, b) : Integer.compare(a.number(), b.number());
                })
                .toList();
    }

    private static int group(Trial t) {
        return t.isCompleted() ? 0 : t.status() == TrialStatus.RUNNING ? 1 : 2;
    }

    private static List<String> header(SearchSpace space, Objective objective) {
        List<String> h = new ArrayList<>(List.of("rank", "trial", "status", objective.id(), "best epoch", "epochs"));
        h.addAll(space.names());
        h.add("time");
        h.add("note");
        return h;
    }

    private static List<List<String>> rows(List<Trial> trials, SearchSpace space, Objective objective) {
        List<List<String>> rows = new ArrayList<>();
        int rank = 0;
        for (Trial t : sorted(trials, objective)) {
            List<String> row = new ArrayList<>();
            row.add(t.isCompleted() ? String.valueOf(++rank) : "-");
            row.add(t.id());
            row.add(t.status().name().toLowerCase(Locale.ROOT));
            row.add(t.isCompleted() ? String.format(Locale.ROOT, "%.4f", t.score()) : "-");
            row.add(t.bestEpoch() == null ? "-" : String.valueOf(t.bestEpoch()));
            int trained = t.metrics().isEmpty()
                    ? t.initialEpoch()
                    : t.metrics().get(t.metrics().size() - 1).epoch();
            row.add(trained + "/" + t.epochs());
            for (String name : space.names()) {
                row.add(Values.display(t.hyperParameters().get(name)));
            }
            row.add(Durations.format(t.seconds()));
            row.add(note(t));
            rows.add(row);
        }
        return rows;
    }

    private static String note(Trial t) {
        List<String> notes = new ArrayList<>();
        if (t.continuesFrom() != null) {
            notes.add("continues " + t.continuesFrom());
        }
        if (t.bracket() != null) {
            notes.add("bracket " + t.bracket() + " round " + t.round());
        }
        if (t.stopReason() != null) {
            notes.add(t.stopReason());
        }
        if (t.failure() != null) {
            notes.add(t.failure());
        }
        return String.join("; ", notes);
    }

    public static String markdown(
            List<Trial> trials, SearchSpace space, Objective objective, String tuner, String stopReason) {
        StringBuilder md = new StringBuilder();
        md.append("# Hyperparameter search\n\n");
        md.append("Tuner `")
                .append(tuner)
                .append("`, objective `")
                .append(objective.id())
                .append("` (")
                .append(objective.direction())
                .append("), ")
                .append(trials.size())
                .append(" trial(s)");
        if (stopReason != null) {
            md.append("; stopped because ").append(stopReason);
        }
        md.append(".\n\n## Search space\n\n");
        space.describe().forEach(d -> md.append("- ").append(d).append('\n'));
        md.append("\n## Trials, best first\n\n");
        List<String> header = header(space, objective);
        md.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(h -> md.append("---|"));
        md.append('\n');
        for (List<String> row : rows(trials, space, objective)) {
            md.append("| ")
                    .append(String.join(
                            " | ", row.stream().map(c -> c.replace("|", "\\|")).toList()))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** The best {@link #LOG_ROWS} rows as aligned lines, header first. */
    public static List<String> logLines(List<Trial> trials, SearchSpace space, Objective objective) {
        List<String> header = header(space, objective);
        List<List<String>> rows = new ArrayList<>(rows(trials, space, objective));
        int hidden = Math.max(0, rows.size() - LOG_ROWS);
        rows = new ArrayList<>(rows.subList(0, Math.min(LOG_ROWS, rows.size())));
        rows.add(0, header);
        int[] width = new int[header.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(i == row.size() - 1 ? cell : String.format(Locale.ROOT, "%-" + width[i] + "s  ", cell));
            }
            lines.add(line.toString().stripTrailing());
        }
        if (hidden > 0) {
            lines.add("... and " + hidden + " more trial(s)");
        }
        return lines;
    }
}
