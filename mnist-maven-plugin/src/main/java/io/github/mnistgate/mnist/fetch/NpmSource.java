package io.github.mnistgate.mnist.fetch;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code npm:<package>@<version>}: the package tarball obtained with the machine's own npm client
 * ({@code npm pack}), so the user's registry, proxy, credentials and npm cache all apply; then read as an
 * archive.
 */
final class NpmSource extends Source {

    private final String packageSpec;

    /** @param packageSpec {@code <package>@<version>}, already validated */
    NpmSource(String packageSpec) {
        super("npm:" + packageSpec);
        this.packageSpec = packageSpec;
    }

    String packageSpec() {
        return packageSpec;
    }

    @Override
    public boolean isNetwork() {
        return true;
    }

    @Override
    OpenedSource open(SourceContext context) throws IOException {
        Path destination = Files.createDirectories(context.scratch().resolve("npm-pack"));
        Path tarball = pack(context, destination);
        return ArchiveExtractor.extract(tarball, context);
    }

    private Path pack(SourceContext context, Path destination) throws IOException {
        String npm = context.settings().npmCommand();
        // --ignore-scripts: we only want the published files, never to run a package's lifecycle scripts.
        List<String> command =
                List.of(npm, "pack", packageSpec, "--pack-destination", destination.toString(), "--ignore-scripts");
        Path output = context.scratch().resolve("npm-output.txt");
        context.log().debug("running " + String.join(" ", command));
        Process process;
        try {
            // Working directory = destination too: npm before 7.18 ignores --pack-destination and packs there.
            process = new ProcessBuilder(command)
                    .directory(destination.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
        } catch (IOException e) {
            // The JDK's message repeats the command and the scratch folder; only its cause is news.
            String why = String.valueOf(e.getMessage())
                    .replaceFirst("^Cannot run program \"[^\"]*\"( \\(in directory \"[^\"]*\"\\))?: ", "");
            throw new SourceUnavailableException(
                    "cannot run '" + npm + "' (is npm installed and on the PATH?): " + why, e);
        }
        try {
            long seconds = context.settings().npmTimeout().toSeconds();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new SourceUnavailableException("npm pack did not finish within " + seconds + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while npm pack was running");
        }
        if (process.exitValue() != 0) {
            throw new SourceUnavailableException(
                    "npm pack exited with status " + process.exitValue() + ": " + lastLines(output, 5));
        }
        try (Stream<Path> files = Files.list(destination)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow(() ->
                            new SourceUnavailableException("npm pack wrote no .tgz file: " + lastLines(output, 5)));
        }
    }

    private static String lastLines(Path file, int count) {
        try {
            List<String> lines = Files.readAllLines(file, Charset.defaultCharset()).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
            String text = String.join(" | ", lines.subList(Math.max(0, lines.size() - count), lines.size()));
            return text.isEmpty() ? "(no output)" : text;
        } catch (IOException | RuntimeException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
