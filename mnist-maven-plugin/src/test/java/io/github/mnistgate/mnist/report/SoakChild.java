package io.github.mnistgate.mnist.report;

import io.github.mnistgate.mnist.data.Dataset;
import io.github.mnistgate.mnist.data.DatasetFile;
import io.github.mnistgate.mnist.data.DatasetSummary;
import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.fetch.DatasetFetcher;
import io.github.mnistgate.mnist.fetch.FetchedDataset;
import io.github.mnistgate.mnist.fetch.Sources;
import io.github.mnistgate.mnist.training.ModelFiles;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.Json;
import io.github.mnistgate.mnist.util.NativeBackend;
import io.github.mnistgate.mnist.util.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link SoakTest}, like one build: fetches the small dataset into the shared cache, says
 * which bytes it got, writes the dataset summary, then evaluates the model into its own output folder.
 */
public final class SoakChild {

    static final String USED = "USED ";
    static final String FETCHED = "FETCHED";
    static final String EVALUATED = "EVALUATED";

    private SoakChild() {}

    /** @param args the cache directory, the source, the model file, the output folder */
    public static void main(String[] args) throws Exception {
        NativeBackend.prepare(); // before anything loads ND4J, as the goals do
        SmallMnist small = new SmallMnist();
        FetchedDataset fetched = DatasetFetcher.fetch(
                small.spec, Sources.parse(args[1]), SmallMnist.settings(Path.of(args[0])), printing());
        for (DatasetFile f : DatasetFile.values()) {
            System.out.println(USED + f.fileName() + " " + SmallMnist.sha256(Files.readAllBytes(fetched.file(f))));
        }
        System.out.println(FETCHED + uptime());
        MnistData data = MnistData.read(Dataset.MNIST, fetched.files());
        OutputFiles out = new OutputFiles(Path.of(args[3]));
        Json.write(out.datasetSummary(), DatasetSummary.of(data));
        NativeBackend.threads(1); // four of these share two cores
        Path model = Path.of(args[2]);
        new EvaluationJob(BuildLog.silent())
                .run(
                        ModelFiles.read(model),
                        model.getFileName().toString(),
                        data,
                        EvaluationJob.Settings.of(io.github.mnistgate.mnist.evaluation.Gate.none()),
                        null,
                        out);
        System.out.println(EVALUATED + uptime());
    }

    /** The fetch's info and warn lines, so the test sees when a build starts fetching or cleans up. */
    private static BuildLog printing() {
        return new BuildLog() {
            @Override
            public void info(String message) {
                System.out.println(message);
            }

            @Override
            public void warn(String message) {
                System.out.println(message);
            }

            @Override
            public void debug(String message) {}
        };
    }

    /** " after <ms> ms", for the test's account of where its kills landed. */
    private static String uptime() {
        return " after "
                + java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + " ms";
    }
}
