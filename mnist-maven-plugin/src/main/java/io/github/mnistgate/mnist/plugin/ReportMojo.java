package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.report.HtmlReport;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Locale;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.reporting.AbstractMavenReport;
import org.apache.maven.reporting.MavenReportException;

/**
 * The HTML report of {@code mnist:evaluate} as a Maven site report: with the plugin under {@code <reporting>},
 * {@code mvn verify site} writes it to {@code target/site/mnist/} and links it from "Project Reports". Run alone
 * ({@code mvn mnist:report}) it writes the same folder. It only renders what the build's goals wrote; with nothing
 * evaluated it is left out of the site.
 */
@Mojo(name = "report", defaultPhase = LifecyclePhase.SITE, threadSafe = true)
public class ReportMojo extends AbstractMavenReport {

    /**
     * Where the build's goals wrote their results (their {@code mnist.outputDirectory}).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.outputDirectory", defaultValue = "${project.build.directory}/mnist")
    private File resultsDirectory;

    /**
     * The running Maven session (read-only).
     *
     * @since 0.1.0
     */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    private MavenSession session;

    /**
     * Skips the report, saying so in the log.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.skip", defaultValue = "false")
    private boolean skip;

    @Override
    @SuppressWarnings("deprecation") // still how Maven's site plugin names the page
    public String getOutputName() {
        return "mnist/index";
    }

    @Override
    public String getName(Locale locale) {
        return "MNIST model";
    }

    @Override
    public String getDescription(Locale locale) {
        return "The trained model's evaluation on the test set: gate, confusion matrix, per-class scores, mistakes,"
                + " learning curves, tuning trials and model card.";
    }

    /** The report writes its own HTML and pictures, as JaCoCo's does; the site only links to it. */
    @Override
    public boolean isExternalReport() {
        return true;
    }

    @Override
    public boolean canGenerateReport() {
        if (skip) {
            log().info("skipped (mnist.skip=true)");
            return false;
        }
        OutputFiles results = new OutputFiles(resultsDirectory.toPath());
        if (!Files.isRegularFile(results.evaluationJson())) {
            log().info("no report: nothing was evaluated (" + results.evaluationJson()
                    + " is missing; run mnist:evaluate, e.g. mvn verify site)");
            return false;
        }
        return true;
    }

    @Override
    protected void executeReport(Locale locale) throws MavenReportException {
        File target = new File(getReportOutputDirectory(), "mnist");
        try {
            HtmlReport.write(
                    new OutputFiles(resultsDirectory.toPath()),
                    target.toPath(),
                    AbstractMnistMojo.reportTitle(getProject()),
                    log(),
                    ReportFontsSetting.fonts(session));
        } catch (IOException e) {
            throw new MavenReportException("[mnist] cannot write the report to " + target + ": " + e.getMessage(), e);
        }
        log().info("report: " + new File(target, "index.html"));
    }

    /** The log with the plugin's {@code [mnist]} prefix, as the other goals have it. */
    private BuildLog log() {
        return new MavenBuildLog(getLog());
    }
}
