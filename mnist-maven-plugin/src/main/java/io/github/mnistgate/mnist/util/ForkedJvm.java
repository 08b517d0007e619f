package io.github.mnistgate.mnist.util;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A child JVM whose output is read line by line while it runs. It never outlives the build: a shutdown hook kills
 * it (and whatever it started) when this JVM is stopped, and its standard input stays open so that, if this JVM
 * is killed outright, the child sees the input end and exits by itself.
 */
public final class ForkedJvm {

    private ForkedJvm() {}

    /** The {@code java} of the running JVM. */
    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Runs {@code javaCommand() + arguments} in {@code directory}, handing each line of its output (standard output
     * and error together) to {@code lines}.
     *
     * @return the exit status
     */
    public static int run(List<String> arguments, Path directory, Consumer<String> lines) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .start();
        Thread killer = new Thread(() -> destroy(process), "mnist-forked-jvm-killer");
        Runtime.getRuntime().addShutdownHook(killer);
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.accept(line);
            }
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the forked JVM ran");
        } finally {
            destroy(process);
            try {
                Runtime.getRuntime().removeShutdownHook(killer);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private static void destroy(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
