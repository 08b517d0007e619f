package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.DatasetSummary;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.fetch.FetchFailedException;
import io.github.mnistgate.mnist.report.SampleGrid;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.io.IOException;
import java.util.Locale;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Obtains the dataset into the cache, verifying every file's SHA-256, and writes the dataset summary
 * ({@code dataset.json}) and a grid of labelled sample images ({@code samples.png}).
 */
@Mojo(name = "fetch", defaultPhase = LifecyclePhase.GENERATE_RESOURCES, threadSafe = true)
public class FetchMojo extends AbstractMnistMojo {

    /** Rows of example images per class in {@code samples.png}. */
    static final int SAMPLE_ROWS = 6;

    @Override
    protected void run() throws IOException, FetchFailedException {
        MnistData data = data();
        OutputFiles out = outputFiles();
        DatasetSummary summary = DatasetSummary.of(data);
        Json.write(out.datasetSummary(), summary);
        SampleGrid.write(data.train(), data.dataset(), SAMPLE_ROWS, out.samples(), ReportFontsSetting.fonts(session));
        log().info(String.format(
                Locale.ROOT,
                "%s: %,d training and %,d test images in %d classes, %s %s, values %d..%d, %d missing, %d invalid",
                summary.dataset(),
                summary.train().examples(),
                summary.test().examples(),
                summary.classNames().size(),
                data.dataset().shape(),
                summary.storedType(),
                summary.minValue(),
                summary.maxValue(),
                summary.missingValues(),
                summary.invalidValues()));
        log().info("training images per class " + summary.train().classCounts() + ", test images per class "
                + summary.test().classCounts());
        log().info("summary: " + out.datasetSummary() + ", sample images: " + out.samples());
        writeReport();
    }
}
