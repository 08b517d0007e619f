package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.report.ReportFonts;
import org.apache.maven.execution.MavenSession;

/**
 * {@code -Dmnist.report.fonts=builtin} draws the report as on a machine without fonts, to try that fallback where
 * fonts exist. Read here, from the build's properties, and handed to the report as a setting.
 */
final class ReportFontsSetting {

    static final String PROPERTY = "mnist.report.fonts";

    private ReportFontsSetting() {}

    /** Whether the report draws with the machine's fonts in this build. */
    static boolean fonts(MavenSession session) {
        String value = session == null ? null : session.getUserProperties().getProperty(PROPERTY);
        if (value == null) {
            value = System.getProperty(PROPERTY); // MAVEN_OPTS' -D lands here, not in the user properties
        }
        return ReportFonts.usable("builtin".equals(value));
    }
}
