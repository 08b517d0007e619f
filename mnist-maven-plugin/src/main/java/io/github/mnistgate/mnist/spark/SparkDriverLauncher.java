package io.github.mnistgate.mnist.spark;

import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.ForkedJvm;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Forks the JVM of the Spark driver ({@link SparkTuningDriver}) and turns its output back into the build's log.
 * The JVM gets Spark's own module options ({@code JavaModuleOptions}, read from Spark's launcher jar), the heap of
 * {@code spark.driver.memory}, {@code spark.driver.extraJavaOptions}, and the build's {@code mnist.*} and
 * {@code javacpp.*} system properties.
 */
public final class SparkDriverLauncher {

    private static final Pattern DRIVER_LINE =
            Pattern.compile(Pattern.quote(SparkTuningDriver.PREFIX) + "(info|warn|debug|failure|error): (.*)");
    private static final String LOG4J = """
            status = error
            appender.out.type = Console
            appender.out.name = out
            appender.out.target = SYSTEM_OUT
            appender.out.layout.type = PatternLayout
            appender.out.layout.pattern = [spark] %p %c{1}: %m%n
            rootLogger.level = warn
            rootLogger.appenderRef.out.ref = out
            logger.hadoop.name = org.apache.hadoop
            logger.hadoop.level = error
            """;

    /** How the driver ended: its exit status, and the message of a failed search or of an error, if any. */
    public record Result(int exitStatus, String failure, String error) {
        public boolean succeeded() {
            return exitStatus == 0;
        }

        public boolean searchFailed() {
            return exitStatus == SparkTuningDriver.EXIT_FAILED && failure != null;
        }
    }

    private SparkDriverLauncher() {}

    /**
     * Writes the request (and the driver's log settings) into {@code work}, runs the driver, and waits for it.
     *
     * @param classpath     Spark's jars, then the plugin's
     * @param launcherJar   Spark's {@code spark-launcher} jar, for its module options
     */
    public static Result run(
            SparkTuningRequest request,
            List<Path> classpath,
            Path launcherJar,
            Path work,
            Map<String, String> systemProperties,
            BuildLog log)
            throws IOException {
        Files.createDirectories(work);
        Path requestFile = work.resolve("driver-request.ser");
        request.write(requestFile);
        Path log4j = work.resolve("log4j2.properties");
        AtomicFiles.writeString(log4j, LOG4J);
        List<String> jvm = new ArrayList<>(moduleOptions(launcherJar));
        String memory = request.conf().get("spark.driver.memory");
        if (memory != null && !memory.isBlank()) {
            jvm.add("-Xmx" + memory.trim().replaceAll("(?i)b$", ""));
        }
        String extra = request.conf().get("spark.driver.extraJavaOptions");
        if (extra != null && !extra.isBlank()) {
            jvm.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        systemProperties.forEach((k, v) -> jvm.add("-D" + k + "=" + v));
        jvm.add("-Dlog4j2.configurationFile=" + log4j.toUri());
        // An argument file: the class path of a few hundred jars is longer than some systems allow on a command line.
        Path args = work.resolve("driver.args");
        List<String> lines = new ArrayList<>();
        lines.add("-cp");
        lines.add(quote(String.join(
                File.pathSeparator, classpath.stream().map(Path::toString).toList())));
        lines.add(SparkTuningDriver.class.getName());
        lines.add(quote(requestFile.toString()));
        AtomicFiles.writeString(args, String.join("\n", lines) + "\n");
        jvm.add("@" + args);
        log.info("starting the Spark driver for " + request.master() + " in a JVM of its own (" + classpath.size()
                + " jars on its class path)");
        DriverOutput output = new DriverOutput(log);
        int status = ForkedJvm.run(jvm, work, output);
        return new Result(status, output.failure, output.error);
    }

    /**
     * The driver's output, line by line: its own log lines back at their level, a failed search's or an error's
     * message kept for the goal, Spark's warnings as warnings, anything else as it is.
     */
    private static final class DriverOutput implements Consumer<String> {
        private final BuildLog log;
        private String failure;
        private String error;

        DriverOutput(BuildLog log) {
            this.log = log;
        }

        @Override
        public void accept(String line) {
            Matcher m = DRIVER_LINE.matcher(line);
            if (!m.matches()) {
                if (line.startsWith("[spark] WARN") || line.startsWith("[spark] ERROR")) {
                    log.warn(line);
                } else {
                    log.info(line);
                }
                return;
            }
            String text = m.group(2);
            switch (m.group(1)) {
                case "info" -> log.info(text);
                case "warn" -> log.warn(text);
                case "debug" -> log.debug(text);
                case "failure" -> failure = failure == null ? text : failure + "\n" + text;
                default -> error = error == null ? text : error + "\n" + text;
            }
        }
    }

    /** Spark's own list of {@code --add-opens} and the like, as {@code spark-submit} would pass them. */
    static List<String> moduleOptions(Path launcherJar) throws IOException {
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {launcherJar.toUri().toURL()}, null)) {
            Object options = loader.loadClass("org.apache.spark.launcher.JavaModuleOptions")
                    .getMethod("defaultModuleOptions")
                    .invoke(null);
            return Arrays.asList(options.toString().trim().split("\\s+"));
        } catch (ReflectiveOperationException e) {
            throw new IOException(launcherJar + " does not hold Spark's JavaModuleOptions: " + e, e);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
