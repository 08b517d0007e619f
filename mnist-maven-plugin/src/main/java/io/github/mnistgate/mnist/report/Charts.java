package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.evaluation.EvaluationReport;
import io.github.mnistgate.mnist.evaluation.Interval;
import io.github.mnistgate.mnist.training.EpochMetrics;
import io.github.mnistgate.mnist.util.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.LookupPaintScale;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's charts, drawn with JFreeChart: a maintained library on Maven Central with no dependencies of its
 * own, that renders headless to PNG and has every kind needed here (bars, lines, error bars, heat maps).
 * Without fonts ({@link ReportFonts}) a chart is drawn without any text; the HTML carries its title and axes.
 */
final class Charts {

    static final Color TRAIN = new Color(0x2C7FB8);
    static final Color VALIDATION = new Color(0xE6550D);
    static final Color THIRD = new Color(0x31A354);
    private static final Color GRID = new Color(0xDDDDDD);

    private Charts() {}

    /** Training and test images per class, side by side. */
    static JFreeChart classBalance(List<String> names, List<Integer> train, List<Integer> test) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int c = 0; c < names.size(); c++) {
            data.addValue(train.get(c), "training", names.get(c));
            data.addValue(test.get(c), "test", names.get(c));
        }
        JFreeChart chart = ChartFactory.createBarChart(
                "Images per class", "class", "images", data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, TRAIN);
        renderer.setSeriesPaint(1, VALIDATION);
        return style(chart);
    }

    /**
     * One measure per epoch: the final model's training curve, and, when tuning ran, the best trial's training
     * and validation curves.
     */
    static JFreeChart curves(
            String title,
            String measure,
            List<EpochMetrics> model,
            List<EpochMetrics> bestTrial,
            ToDoubleFunction<EpochMetrics> train,
            ToDoubleFunction<EpochMetrics> validation) {
        XYSeriesCollection data = new XYSeriesCollection();
        add(data, "model, training", model, train);
        add(data, "best trial, training", bestTrial, train);
        add(data, "best trial, validation", bestTrial, validation);
        JFreeChart chart = ChartFactory.createXYLineChart(
                title, "epoch", measure, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int s = 0; s < data.getSeriesCount(); s++) {
            String key = (String) data.getSeriesKey(s);
            renderer.setSeriesPaint(
                    s, key.startsWith("model") ? TRAIN : key.endsWith("validation") ? VALIDATION : THIRD);
            renderer.setSeriesStroke(s, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        NumberAxis epochs = (NumberAxis) plot.getDomainAxis();
        epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        // A flat curve (accuracy 1.0 every epoch) would otherwise get ten ticks all labelled 1E0.
        scores((NumberAxis) plot.getRangeAxis());
        return style(chart);
    }

    private static void add(
            XYSeriesCollection data, String name, List<EpochMetrics> epochs, ToDoubleFunction<EpochMetrics> value) {
        if (epochs == null) {
            return;
        }
        XYSeries series = new XYSeries(name);
        for (EpochMetrics m : epochs) {
            double v = value.applyAsDouble(m);
            if (!Double.isNaN(v)) {
                series.add(m.epoch(), v);
            }
        }
        if (series.getItemCount() > 0) {
            data.addSeries(series);
        }
    }

    /**
     * The confusion matrix as a heat map, true class down, predicted across, each cell's count written in it.
     * The colour follows the logarithm of the count, so the few confusions show beside the large diagonal.
     */
    static JFreeChart confusion(int[][] matrix, List<String> names) {
        int n = matrix.length;
        double[][] xyz = new double[3][n * n];
        int max = 1;
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                int i = t * n + p;
                xyz[0][i] = p;
                xyz[1][i] = t;
                xyz[2][i] = Math.log10(1 + matrix[t][p]);
                max = Math.max(max, matrix[t][p]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("count", xyz);
        double top = Math.log10(1 + max);
        LookupPaintScale scale = new LookupPaintScale(0, top + 1e-9, Color.WHITE);
        int steps = 32;
        for (int s = 0; s < steps; s++) {
            double f = (double) s / steps;
            // white, through yellow and orange, to dark red
            // above zero: an empty cell keeps the scale's default, white
            scale.add(Math.max(f * top, 1e-9), new Color(lerp(255, 165, f), lerp(250, 15, f), lerp(235, 21, f)));
        }
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        SymbolAxis predicted = new SymbolAxis("predicted class", names.toArray(String[]::new));
        SymbolAxis actual = new SymbolAxis("true class", names.toArray(String[]::new));
        actual.setInverted(true);
        for (SymbolAxis axis : new SymbolAxis[] {predicted, actual}) {
            axis.setGridBandsVisible(false);
            axis.setLowerMargin(0);
            axis.setUpperMargin(0);
            axis.setRange(-0.5, n - 0.5);
        }
        if (names.stream().anyMatch(s -> s.length() > 3)) {
            predicted.setVerticalTickLabels(true);
        }
        XYPlot plot = new XYPlot(data, predicted, actual, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                if (matrix[t][p] == 0) {
                    continue;
                }
                XYTextAnnotation count = new XYTextAnnotation(Integer.toString(matrix[t][p]), p, t);
                count.setFont(new Font(Font.SANS_SERIF, t == p ? Font.BOLD : Font.PLAIN, 11));
                count.setPaint(Math.log10(1 + matrix[t][p]) > 0.6 * top ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(count);
            }
        }
        JFreeChart chart = new JFreeChart("Confusion matrix (test set)", JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        return style(chart);
    }

    private static int lerp(int from, int to, double f) {
        return (int) Math.round(from + (to - from) * f);
    }

    /** Per class: precision and recall with their confidence intervals, and F1, as points. */
    static JFreeChart perClass(List<EvaluationReport.PerClass> classes) {
        YIntervalSeries precision = new YIntervalSeries("precision");
        YIntervalSeries recall = new YIntervalSeries("recall");
        YIntervalSeries f1 = new YIntervalSeries("F1");
        for (EvaluationReport.PerClass c : classes) {
            addPoint(precision, c.label() - 0.22, c.precision(), c.precisionInterval());
            addPoint(recall, c.label(), c.recall(), c.recallInterval());
            addPoint(f1, c.label() + 0.22, c.f1(), null);
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(precision);
        data.addSeries(recall);
        data.addSeries(f1);
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setErrorStroke(new BasicStroke(1.5f));
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        Color[] colours = {TRAIN, VALIDATION, THIRD};
        for (int s = 0; s < 3; s++) {
            renderer.setSeriesPaint(s, colours[s]);
            renderer.setSeriesShape(s, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }
        SymbolAxis x = new SymbolAxis(
                "class", classes.stream().map(EvaluationReport.PerClass::name).toArray(String[]::new));
        x.setGridBandsVisible(false);
        x.setRange(-0.6, classes.size() - 0.4);
        if (classes.stream().anyMatch(c -> c.name().length() > 3)) {
            x.setVerticalTickLabels(true);
        }
        NumberAxis y = new NumberAxis("score");
        scores(y);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart(
                "Per class, with " + percent(classes) + " intervals", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        return style(chart);
    }

    private static String percent(List<EvaluationReport.PerClass> classes) {
        for (EvaluationReport.PerClass c : classes) {
            if (c.recallInterval() != null) {
                return io.github.mnistgate.mnist.evaluation.Confidence.percent(
                        c.recallInterval().confidence());
            }
        }
        return "confidence";
    }

    private static void addPoint(YIntervalSeries series, double x, Double value, Interval interval) {
        if (value == null) {
            return;
        }
        series.add(x, value, interval == null ? value : interval.low(), interval == null ? value : interval.high());
    }

    /** Each trial's score in the order the trials ran, the best one marked. */
    static JFreeChart trialScores(List<double[]> numberAndScore, double[] best, String objective) {
        XYSeries all = new XYSeries("trial");
        for (double[] point : numberAndScore) {
            all.add(point[0], point[1]);
        }
        XYSeries top = new XYSeries("best");
        if (best != null) {
            top.add(best[0], best[1]);
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(all);
        data.addSeries(top);
        JFreeChart chart = ChartFactory.createXYLineChart(
                "Score per trial", "trial", objective, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, TRAIN);
        renderer.setSeriesStroke(0, new BasicStroke(1.5f));
        renderer.setSeriesLinesVisible(1, false);
        renderer.setSeriesPaint(1, VALIDATION);
        renderer.setSeriesShape(1, new Ellipse2D.Double(-7, -7, 14, 14));
        plot.setRenderer(renderer);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        scores((NumberAxis) plot.getRangeAxis());
        return style(chart);
    }

    /** A score axis: four decimals, as everywhere else in the report (not 9.6875E-1 when scores lie close). */
    private static void scores(NumberAxis axis) {
        axis.setAutoRangeIncludesZero(false);
        axis.setAutoRangeMinimumSize(0.004); // ticks at least 0.0005 apart: distinct at four decimals
        axis.setNumberFormatOverride(new java.text.DecimalFormat(
                "0.0000", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)));
    }

    /**
     * One hyperparameter against the score of every completed trial: numbers on a number axis, other values
     * (choices, booleans) on an axis of their own names, in the order given.
     */
    static JFreeChart parameterVsScore(
            String name,
            List<Object> values,
            List<Double> scores,
            List<String> categories,
            boolean logScale,
            String objective) {
        XYSeries series = new XYSeries(name);
        for (int i = 0; i < values.size(); i++) {
            Object v = values.get(i);
            double x = categories != null ? categories.indexOf(String.valueOf(v)) : ((Number) v).doubleValue();
            series.add(x, scores.get(i));
        }
        XYSeriesCollection data = new XYSeriesCollection(series);
        ValueAxis x;
        if (categories != null) {
            SymbolAxis symbols = new SymbolAxis(name, categories.toArray(String[]::new));
            symbols.setGridBandsVisible(false);
            symbols.setRange(-0.5, categories.size() - 0.5);
            x = symbols;
        } else if (logScale) {
            x = new org.jfree.chart.axis.LogAxis(name);
        } else {
            NumberAxis numbers = new NumberAxis(name);
            numbers.setAutoRangeIncludesZero(false);
            x = numbers;
        }
        NumberAxis y = new NumberAxis(objective);
        scores(y);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        renderer.setSeriesPaint(0, TRAIN);
        renderer.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        JFreeChart chart = new JFreeChart(name + " against " + objective, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        return style(chart);
    }

    /** White background, light grid. */
    private static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
        } else if (plot instanceof CategoryPlot category) {
            category.setRangeGridlinePaint(GRID);
        }
        return chart;
    }

    /** The chart with every piece of text removed, for a JVM without fonts: the HTML carries the words. */
    static JFreeChart withoutText(JFreeChart chart) {
        chart.setTitle((String) null);
        chart.clearSubtitles();
        chart.setNotify(false);
        Plot plot = chart.getPlot();
        if (plot instanceof XYPlot xy) {
            xy.clearAnnotations();
            hide(xy.getDomainAxis());
            hide(xy.getRangeAxis());
        } else if (plot instanceof CategoryPlot category) {
            category.getDomainAxis().setTickLabelsVisible(false);
            category.getDomainAxis().setLabel(null);
            hide(category.getRangeAxis());
        }
        return chart;
    }

    private static void hide(ValueAxis axis) {
        axis.setTickLabelsVisible(false);
        axis.setLabel(null);
    }

    static void writePng(JFreeChart chart, int width, int height, Path target) throws IOException {
        AtomicFiles.write(target, out -> ChartUtils.writeChartAsPNG(out, chart, width, height));
    }
}
