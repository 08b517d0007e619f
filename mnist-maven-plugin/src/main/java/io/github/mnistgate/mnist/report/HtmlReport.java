package io.github.mnistgate.mnist.report;

import com.fasterxml.jackson.core.type.TypeReference;
import io.github.mnistgate.mnist.data.DatasetSummary;
import io.github.mnistgate.mnist.evaluation.Comparison;
import io.github.mnistgate.mnist.evaluation.EvaluationReport;
import io.github.mnistgate.mnist.evaluation.Interval;
import io.github.mnistgate.mnist.training.EpochMetrics;
import io.github.mnistgate.mnist.training.ModelCard;
import io.github.mnistgate.mnist.tuning.BestHyperParameters;
import io.github.mnistgate.mnist.tuning.Trial;
import io.github.mnistgate.mnist.tuning.TrialStore;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Folders;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code report/index.html}: one page a person reads after a build, made from what the goals left in
 * {@code target/mnist/} (dataset summary and samples, tuning trials, model card, evaluation, comparison,
 * confident mistakes). Each goal that ran adds its sections; a missing file leaves its section out. The page
 * needs no network: its pictures lie beside it and it has no scripts.
 */
public final class HtmlReport {

    /** A mistake's picture fits a square of this many pixels: MNIST's 28x28 at three times its size. */
    private static final int MISTAKE_BOX = 84;

    private final OutputFiles in;
    private final BuildLog log;
    private final StringBuilder html = new StringBuilder();
    private final List<String[]> contents = new ArrayList<>();
    private Path folder;

    /** Whether to draw text with the machine's fonts, else charts without text and labels in built-in glyphs. */
    private final boolean fonts;

    private HtmlReport(OutputFiles in, BuildLog log, boolean fonts) {
        this.in = in;
        this.log = log;
        this.fonts = fonts;
    }

    /** Writes the report for the files in {@code in} into {@code in.report()}, with the machine's fonts if it has any. */
    public static Path write(OutputFiles in, String title, BuildLog log) throws IOException {
        return write(in, in.report(), title, log, ReportFonts.machineHasFonts());
    }

    /** As above, with fonts or without ({@link ReportFonts#usable}). */
    public static Path write(OutputFiles in, String title, BuildLog log, boolean fonts) throws IOException {
        return write(in, in.report(), title, log, fonts);
    }

    /**
     * Writes the report into {@code target} (replaced whole: it is built in a folder beside it, then moved in), and
     * returns its {@code index.html}.
     */
    public static Path write(OutputFiles in, Path target, String title, BuildLog log, boolean fonts)
            throws IOException {
        ReportFonts.noteFallbackOnce(log, fonts);
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        sweepLeftovers(parent, target.getFileName().toString());
        Path building = Files.createTempDirectory(parent, "." + target.getFileName() + ".");
        try {
            HtmlReport report = new HtmlReport(in, log, fonts);
            report.folder = building;
            // The folder is what is swapped in whole: its files need no atomic write of their own.
            Files.writeString(building.resolve("index.html"), report.render(title));
            readableByAll(building);
            replaceFolder(building, target);
        } finally {
            Folders.deleteTree(building);
        }
        return target.resolve("index.html");
    }

    private String render(String title) throws IOException {
        DatasetSummary dataset = read(in.datasetSummary(), DatasetSummary.class);
        ModelCard card = read(in.modelCard(), ModelCard.class);
        EvaluationReport evaluation = read(in.evaluationJson(), EvaluationReport.class);
        Comparison comparison = read(in.comparisonJson(), Comparison.class);
        List<ConfidentMistake> mistakes = Files.isRegularFile(in.mistakes())
                ? Json.mapper().readValue(in.mistakes().toFile(), new TypeReference<List<ConfidentMistake>>() {})
                : List.of();
        List<Trial> trials = new TrialStore(in.tuning()).readTrials();
        BestHyperParameters best = read(in.bestHyperParameters(), BestHyperParameters.class);
        Trial bestTrial = best == null
                ? null
                : trials.stream()
                        .filter(t -> t.id().equals(best.trial()))
                        .findFirst()
                        .orElse(null);

        summary(evaluation, comparison, card, dataset);
        if (dataset != null) {
            dataset(dataset);
        }
        if (card != null && card.history() != null && !card.history().isEmpty()) {
            training(card, bestTrial);
        }
        if (evaluation != null) {
            evaluation(evaluation);
            mistakes(mistakes, evaluation);
        }
        if (!trials.isEmpty()) {
            tuning(trials, best);
        }
        if (comparison != null) {
            comparison(comparison);
        }
        if (card != null) {
            modelCard(card);
        }
        return page(title);
    }

    // ---- sections

    private void summary(EvaluationReport e, Comparison c, ModelCard card, DatasetSummary d) {
        StringBuilder s = new StringBuilder("<section class=\"summary\">");
        if (e != null) {
            String verdict = e.passed() == null ? "not gated" : e.passed() ? "passed" : "failed";
            s.append(String.format(
                    Locale.ROOT, "<p class=\"verdict %s\">Gate: <b>%s</b></p>", verdict.replace(' ', '-'), verdict));
            s.append(String.format(
                    Locale.ROOT,
                    "<p>Test accuracy <b>%.4f</b> (%s) on %,d %s test images.</p>",
                    e.accuracy(),
                    esc(e.accuracyInterval() == null ? "" : e.accuracyInterval().describe()),
                    e.testExamples(),
                    esc(e.dataset())));
            list(s, "Rules held", e.limits());
            list(s, "Violations", e.violations());
        } else if (card != null) {
            s.append("<p>Model trained; not evaluated yet (run <code>mnist:evaluate</code>).</p>");
        } else if (d != null) {
            s.append("<p>Dataset fetched; no model yet.</p>");
        }
        if (c != null) {
            s.append("<p>Baseline ")
                    .append(esc(c.baseline()))
                    .append(": ")
                    .append(esc(c.passed() ? "no significant drop" : c.violation()))
                    .append("</p>");
        }
        html.append(s).append("</section>\n");
    }

    private static void list(StringBuilder s, String heading, List<String> items) {
        if (items == null || items.isEmpty()) {
            return;
        }
        s.append("<p>").append(heading).append(":</p><ul>");
        items.forEach(i -> s.append("<li>").append(esc(i)).append("</li>"));
        s.append("</ul>");
    }

    private void dataset(DatasetSummary d) throws IOException {
        open("dataset", "Dataset", in.datasetSummary());
        table(
                new String[] {"", "training", "test"},
                List.of(
                        new String[] {
                            "images", num(d.train().examples()), num(d.test().examples())
                        },
                        new String[] {
                            "pixel mean (scaled)",
                            fmt(d.train().pixelMean()),
                            fmt(d.test().pixelMean())
                        },
                        new String[] {
                            "pixel std (scaled)",
                            fmt(d.train().pixelStd()),
                            fmt(d.test().pixelStd())
                        },
                        new String[] {
                            "blank images",
                            num(d.train().blankImages()),
                            num(d.test().blankImages())
                        }));
        html.append(String.format(
                Locale.ROOT,
                "<p>%s, %d classes, %dx%d %s %s, values %d..%d; %d missing, %d invalid. %s%s</p>",
                esc(d.dataset()),
                d.classNames().size(),
                d.imageShape().get(1),
                d.imageShape().get(0),
                d.channels() == 3 ? "RGB" : "grayscale",
                esc(d.storedType()),
                d.minValue(),
                d.maxValue(),
                d.missingValues(),
                d.invalidValues(),
                esc("Model input: " + d.modelInputType() + "."),
                d.sourceSha256() == null ? "" : esc(" Image files' SHA-256: " + d.sourceSha256() + ".")));
        if (Files.isRegularFile(in.samples())) {
            Files.copy(in.samples(), folder.resolve("samples.png"), StandardCopyOption.REPLACE_EXISTING);
            figure("samples.png", "The first training images of each class");
        }
        if (Files.isRegularFile(in.augmentation())) {
            Files.copy(in.augmentation(), folder.resolve("augmentation.png"), StandardCopyOption.REPLACE_EXISTING);
            figure(
                    "augmentation.png",
                    "Augmentation: the first training image of each class, left of the line, and draws of it as training"
                            + " sees them");
        }
        chart(
                Charts.classBalance(
                        d.classNames(), d.train().classCounts(), d.test().classCounts()),
                "class-balance.png",
                900,
                360,
                "Images per class in the training and the test set");
        close();
    }

    private void training(ModelCard card, Trial bestTrial) throws IOException {
        open("training", "Learning curves", in.modelCard());
        List<EpochMetrics> trial = bestTrial == null ? null : bestTrial.metrics();
        html.append(String.format(
                Locale.ROOT,
                "<p>%s model, %d epochs on %,d images in %.0f s.%s</p>",
                esc(card.model()),
                card.epochs(),
                card.trainExamples(),
                card.trainingSeconds(),
                bestTrial == null
                        ? ""
                        : " The best tuning trial (" + esc(bestTrial.id())
                                + ") is drawn beside it, with its validation split."));
        html.append("<div class=\"row\">");
        chart(
                Charts.curves(
                        "Loss per epoch",
                        "loss",
                        card.history(),
                        trial,
                        EpochMetrics::loss,
                        EpochMetrics::validationLoss),
                "loss.png",
                560,
                340,
                "Loss per epoch");
        chart(
                Charts.curves(
                        "Accuracy per epoch",
                        "accuracy",
                        card.history(),
                        trial,
                        EpochMetrics::trainAccuracy,
                        EpochMetrics::validationAccuracy),
                "accuracy.png",
                560,
                340,
                "Accuracy per epoch");
        html.append("</div>");
        close();
    }

    private void evaluation(EvaluationReport e) throws IOException {
        open("evaluation", "Evaluation on the test set", in.evaluationJson());
        List<String> names =
                e.perClass().stream().map(EvaluationReport.PerClass::name).toList();
        chart(
                Charts.confusion(e.confusionMatrix(), names),
                "confusion.png",
                640,
                600,
                "Confusion matrix: true class down, predicted class across; colour by log count");
        chart(
                Charts.perClass(e.perClass()),
                "per-class.png",
                900,
                380,
                "Precision and recall per class with their intervals, and F1");
        List<String[]> rows = new ArrayList<>();
        for (EvaluationReport.PerClass c : e.perClass()) {
            rows.add(new String[] {
                c.label() + " " + c.name(),
                fmt(c.precision()),
                interval(c.precisionInterval()),
                fmt(c.recall()),
                interval(c.recallInterval()),
                fmt(c.f1()),
                num(c.support())
            });
        }
        table(new String[] {"class", "precision", "interval", "recall", "interval", "F1", "test images"}, rows);
        html.append(
                String.format(Locale.ROOT, "<p>Macro F1 %s. Evaluated in %.2f s.</p>", fmt(e.macroF1()), e.seconds()));
        close();
    }

    private void mistakes(List<ConfidentMistake> mistakes, EvaluationReport e) throws IOException {
        if (mistakes.isEmpty()) {
            return;
        }
        open("mistakes", "Most confident mistakes", in.mistakes());
        html.append(String.format(
                Locale.ROOT,
                "<p>The %d test images the model got wrong with the highest probability"
                        + " (of %,d it got wrong).</p><div class=\"mistakes\">",
                mistakes.size(),
                e.testExamples() - Math.round(e.accuracy() * e.testExamples())));
        for (ConfidentMistake m : mistakes) {
            String file = String.format(Locale.ROOT, "mistake-%05d.png", m.index());
            int[] size = DatasetPictures.fit(m.shapeOrMnist(), MISTAKE_BOX);
            DatasetPictures.writePng(
                    m.pixels(),
                    m.shapeOrMnist(),
                    m.inkIsLight() == null || m.inkIsLight(),
                    MISTAKE_BOX,
                    folder.resolve(file));
            html.append(String.format(
                    Locale.ROOT,
                    "<figure><img src=\"%s\" width=\"%d\" height=\"%d\" alt=\"test image %d\">"
                            + "<figcaption>true <b>%s</b><br>predicted <b>%s</b><br>p = %.4f<br><small>#%d</small></figcaption></figure>",
                    file,
                    size[0],
                    size[1],
                    m.index(),
                    esc(m.labelName()),
                    esc(m.predictedName()),
                    m.probability(),
                    m.index()));
        }
        html.append("</div>");
        close();
    }

    private void tuning(List<Trial> trials, BestHyperParameters best) throws IOException {
        open("tuning", "Tuning trials", in.tuning());
        String objective = best == null ? "score" : best.objective();
        List<Trial> done = trials.stream().filter(Trial::isCompleted).toList();
        List<double[]> points =
                done.stream().map(t -> new double[] {t.number(), t.score()}).toList();
        Trial top = best == null
                ? null
                : done.stream()
                        .filter(t -> t.id().equals(best.trial()))
                        .findFirst()
                        .orElse(null);
        html.append(String.format(
                Locale.ROOT,
                "<p>%d trials, %d completed%s.</p>",
                trials.size(),
                done.size(),
                best == null
                        ? ""
                        : "; best " + esc(best.trial()) + " with " + esc(objective) + " " + fmt(best.score()) + " ("
                                + esc(best.direction()) + "), tuner " + esc(best.tuner())));
        if (!done.isEmpty()) {
            chart(
                    Charts.trialScores(
                            points, top == null ? null : new double[] {top.number(), top.score()}, objective),
                    "trials.png",
                    900,
                    340,
                    "Score of each trial in the order they ran; the best is marked");
            html.append("<div class=\"row\">");
            for (Map.Entry<String, List<Object>> p : parameters(done).entrySet()) {
                List<Object> values = p.getValue();
                List<String> categories = categories(values);
                boolean log = categories == null && logScale(values);
                String file = "hp-" + p.getKey().replaceAll("[^A-Za-z0-9_-]", "_") + ".png";
                chart(
                        Charts.parameterVsScore(
                                p.getKey(),
                                values,
                                done.stream().map(Trial::score).toList(),
                                categories,
                                log,
                                objective),
                        file,
                        440,
                        300,
                        p.getKey() + " against " + objective);
            }
            html.append("</div>");
        }
        List<String> names = new ArrayList<>(parameters(trials).keySet());
        List<String> head = new ArrayList<>(List.of("trial", "status"));
        head.addAll(names);
        head.addAll(List.of(objective, "best epoch", "seconds"));
        List<String[]> rows = new ArrayList<>();
        List<Trial> sorted = new ArrayList<>(trials);
        boolean max = best == null || !"min".equals(best.direction());
        sorted.sort(Comparator.comparing((Trial t) -> t.isCompleted() ? 0 : 1)
                .thenComparingDouble(t -> t.isCompleted() ? (max ? -t.score() : t.score()) : 0));
        for (Trial t : sorted) {
            List<String> row = new ArrayList<>(List.of(
                    t.id() + (top != null && t.id().equals(top.id()) ? " (best)" : ""),
                    t.status().toString().toLowerCase(Locale.ROOT)));
            names.forEach(n -> row.add(String.valueOf(t.hyperParameters().getOrDefault(n, ""))));
            row.add(t.score() == null ? "" : fmt(t.score()));
            row.add(t.bestEpoch() == null ? "" : t.bestEpoch().toString());
            row.add(String.format(Locale.ROOT, "%.1f", t.seconds()));
            rows.add(row.toArray(String[]::new));
        }
        table(head.toArray(String[]::new), rows);
        close();
    }

    private static Map<String, List<Object>> parameters(List<Trial> trials) {
        Map<String, List<Object>> values = new LinkedHashMap<>();
        for (Trial t : trials) {
            t.hyperParameters()
                    .forEach((k, v) ->
                            values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
        }
        values.values().removeIf(v -> v.size() != trials.size()); // a value not every trial has: nothing to plot
        return values;
    }

    /**
     * The distinct values in order when any is not a number (a choice of words, a boolean) or when there are few
     * (a choice of numbers reads better as a row of its values than on a number line), else null.
     */
    private static List<String> categories(List<Object> values) {
        boolean numbers = values.stream().allMatch(v -> v instanceof Number);
        List<Object> distinct = values.stream().distinct().toList();
        if (numbers && distinct.size() > 6) {
            return null;
        }
        return distinct.stream()
                .sorted(
                        numbers
                                ? Comparator.comparingDouble(v -> ((Number) v).doubleValue())
                                : Comparator.comparing(String::valueOf))
                .map(String::valueOf)
                .distinct()
                .toList();
    }

    private static boolean logScale(List<Object> values) {
        double min = values.stream()
                .mapToDouble(v -> ((Number) v).doubleValue())
                .min()
                .orElse(0);
        double max = values.stream()
                .mapToDouble(v -> ((Number) v).doubleValue())
                .max()
                .orElse(0);
        return min > 0 && max / min >= 100;
    }

    private void comparison(Comparison c) {
        open("baseline", "Against the baseline", in.comparisonJson());
        table(
                new String[] {"", "value"},
                List.of(
                        new String[] {"baseline", c.baseline()},
                        new String[] {"baseline accuracy", fmt(c.baselineAccuracy())},
                        new String[] {"this model's accuracy", fmt(c.accuracy())},
                        new String[] {
                            "difference",
                            String.format(Locale.ROOT, "%+.4f (%s)", c.delta(), interval(c.deltaInterval()))
                        },
                        new String[] {
                            "right only here / only in the baseline",
                            c.candidateOnlyCorrect() + " / " + c.baselineOnlyCorrect()
                        },
                        new String[] {"McNemar's one-sided p of a drop", String.format(Locale.ROOT, "%.4f", c.pValue())
                        },
                        new String[] {
                            "allowed drop",
                            fmt(c.maxRegression())
                                    + (c.significance() == null ? "" : " (significance " + c.significance() + ")")
                        },
                        new String[] {"verdict", c.passed() ? "passed" : c.violation()}));
        List<String[]> rows = new ArrayList<>();
        for (Comparison.PerClass p : c.perClass()) {
            rows.add(new String[] {
                Integer.toString(p.label()),
                fmt(p.baselineRecall()),
                fmt(p.recall()),
                p.delta() == null ? "" : String.format(Locale.ROOT, "%+.4f", p.delta())
            });
        }
        table(new String[] {"class", "baseline recall", "recall", "difference"}, rows);
        close();
    }

    private void modelCard(ModelCard card) throws IOException {
        open("model-card", "Model card", in.modelCard());
        table(new String[] {"", "value"}, card.hyperParameters() == null ? trainedElsewhere(card) : trainedHere(card));
        html.append("<details><summary>model-card.json</summary><pre>")
                .append(esc(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(card)))
                .append("</pre></details>");
        close();
    }

    private static List<String[]> trainedHere(ModelCard card) {
        return List.of(
                new String[] {"model", card.model()},
                new String[] {"layers", String.join(" → ", card.layers())},
                new String[] {"parameters", num(card.parameters())},
                new String[] {"hyperparameters", String.valueOf(card.hyperParameters())},
                new String[] {"from", String.valueOf(card.hyperParameterSource())},
                new String[] {
                    "seed, epochs, training images",
                    card.seed() + ", " + card.epochs() + ", " + num(card.trainExamples())
                },
                new String[] {"fingerprint", String.valueOf(card.fingerprint())},
                new String[] {"Deeplearning4j, plugin", card.dl4jVersion() + ", " + card.pluginVersion()},
                new String[] {
                    "created",
                    card.createdAt() == null ? "not recorded (the model zip leaves it out)" : card.createdAt()
                });
    }

    /** A model file trained elsewhere ({@code mnist.modelFile}): what its graph is, no training. */
    private static List<String[]> trainedElsewhere(ModelCard card) {
        return List.of(
                new String[] {"model", card.model()},
                new String[] {"format", card.format()},
                new String[] {"graph", card.onnx()},
                new String[] {"operators", String.join(", ", card.layers())},
                new String[] {"parameters", num(card.parameters())},
                new String[] {"fingerprint (the file's SHA-256)", card.fingerprint()},
                new String[] {"plugin", card.pluginVersion()},
                new String[] {"taken", String.valueOf(card.createdAt())});
    }

    // ---- building blocks

    private void open(String id, String heading, Path source) {
        contents.add(new String[] {id, heading});
        html.append("<section id=\"")
                .append(id)
                .append("\"><h2>")
                .append(esc(heading))
                .append("</h2>")
                .append("<p class=\"source\">from ")
                .append(esc(source.getFileName().toString()))
                .append("</p>\n");
    }

    private void close() {
        html.append("</section>\n");
    }

    private void chart(org.jfree.chart.JFreeChart chart, String file, int width, int height, String caption)
            throws IOException {
        Charts.writePng(fonts ? chart : Charts.withoutText(chart), width, height, folder.resolve(file));
        figure(file, caption);
    }

    private void figure(String file, String caption) {
        html.append("<figure><img src=\"")
                .append(file)
                .append("\" alt=\"")
                .append(esc(caption))
                .append("\">")
                .append("<figcaption>")
                .append(esc(caption))
                .append("</figcaption></figure>\n");
    }

    private void table(String[] head, List<String[]> rows) {
        html.append("<table><thead><tr>");
        for (String h : head) {
            html.append("<th>").append(esc(h)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (String[] row : rows) {
            html.append("<tr>");
            for (String cell : row) {
                html.append("<td>").append(esc(cell)).append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</tbody></table>\n");
    }

    private String page(String title) {
        StringBuilder nav = new StringBuilder("<nav>");
        contents.forEach(c -> nav.append("<a href=\"#")
                .append(c[0])
                .append("\">")
                .append(esc(c[1]))
                .append("</a>"));
        nav.append("</nav>");
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + "</title><style>" + CSS + "</style></head><body>"
                + "<header><h1>" + esc(title) + "</h1>" + nav + "</header><main>" + html + "</main></body></html>\n";
    }

    private static final String CSS = "body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa}"
            + "header{background:#1f3b57;color:#fff;padding:12px 24px}h1{margin:0 0 6px;font-size:22px}"
            + "nav a{color:#cfe3f5;margin-right:16px;text-decoration:none}main{padding:8px 24px;max-width:1200px}"
            + "section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:8px 18px;margin:14px 0}"
            + "h2{font-size:18px;margin:8px 0}.source{color:#888;font-size:12px;margin:0}"
            + "table{border-collapse:collapse;margin:8px 0;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;"
            + "text-align:right}th{background:#f0f3f6}td:first-child,th:first-child{text-align:left}"
            + "figure{display:inline-block;margin:6px 12px 6px 0;vertical-align:top}figcaption{font-size:12px;color:#555}"
            + "img{max-width:100%;border:1px solid #eee}.row{display:flex;flex-wrap:wrap}"
            + ".mistakes figure{width:96px;text-align:center}.mistakes figcaption{font-size:11px}"
            + ".verdict{font-size:18px}.verdict.passed b{color:#1a7f37}.verdict.failed b{color:#c0392b}"
            + "pre{font-size:12px;overflow:auto;max-height:420px;background:#f6f8fa;padding:8px}";

    // ---- helpers

    private <T> T read(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.read(file, type);
        } catch (IOException | RuntimeException e) {
            log.warn("the report leaves out " + file + ": it cannot be read (" + e.getMessage() + ")");
            return null;
        }
    }

    private static String interval(Interval i) {
        return i == null ? "" : String.format(Locale.ROOT, "%.4f to %.4f", i.low(), i.high());
    }

    private static String fmt(Double v) {
        return v == null || v.isNaN() ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String num(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void replaceFolder(Path built, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old);
        }
        Files.move(built, target);
        if (old != null) {
            Folders.deleteTree(old);
        }
    }

    /** A report is for people and web servers to read: not only its owner (temporary files are private). */
    private static void readableByAll(Path folder) throws IOException {
        if (!folder.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.toList()) {
                Files.setPosixFilePermissions(
                        p,
                        java.nio.file.attribute.PosixFilePermissions.fromString(
                                Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    /** What a killed build left of an earlier write: the folders it was building or replacing. */
    private static void sweepLeftovers(Path parent, String name) throws IOException {
        try (Stream<Path> files = Files.list(parent)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("." + name + "."))
                    .toList()) {
                Folders.deleteTree(p);
            }
        }
    }
}
