package io.github.mnistgate.mnist.fetch;

import io.github.mnistgate.mnist.util.BuildLog;
import java.nio.file.Path;

/** Run in a child JVM by {@link KilledFetchTest}: fetches the tiny dataset into a cache from one source. */
public final class FetchChild {

    static final String FETCHED = "FETCHED";

    private FetchChild() {}

    /** @param args the cache directory, the source */
    public static void main(String[] args) throws Exception {
        TinyDataset tiny = new TinyDataset();
        DatasetFetcher.fetch(
                tiny.spec,
                Sources.parse(args[1], Path.of(".")),
                TinyDataset.settings(Path.of(args[0])).build(),
                BuildLog.silent());
        System.out.println(FETCHED);
    }
}
