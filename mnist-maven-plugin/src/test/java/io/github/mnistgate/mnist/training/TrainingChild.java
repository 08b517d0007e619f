package io.github.mnistgate.mnist.training;

import io.github.mnistgate.mnist.model.ModelSpec;
import io.github.mnistgate.mnist.util.BuildLog;
import io.github.mnistgate.mnist.util.NativeBackend;
import java.nio.file.Path;

/**
 * Run in a child JVM by {@link KilledTrainingTest}, which kills it with SIGKILL:
 * {@code train <dir> <epochs>} trains with checkpoints as a build would;
 * {@code write <dir>} writes the model and a checkpoint over and over.
 */
public final class TrainingChild {

    private TrainingChild() {}

    public static void main(String[] args) throws Exception {
        NativeBackend.prepare();
        Path dir = Path.of(args[1]);
        BuildLog log = BuildLog.silent();
        if (args[0].equals("train")) {
            CheckpointTest.job(dir, log)
                    .run(
                            CheckpointTest.DATA,
                            ModelSpec.mlp(),
                            CheckpointTest.settings(Integer.parseInt(args[2])),
                            "the POM",
                            CheckpointTest.model(dir),
                            CheckpointTest.card(dir));
            return;
        }
        TrainingResult trained = CheckpointTest.trainInProcess(1);
        Checkpoints checkpoints = CheckpointTest.checkpoints(dir, log);
        System.out.println("WRITING");
        System.out.flush();
        for (int i = 0; ; i++) {
            ModelFiles.write(trained.network(), KilledTrainingTest.card(trained), CheckpointTest.model(dir));
            checkpoints.save(trained.network(), CheckpointTest.inputs(trained.network()), trained.epochs(), i);
        }
    }
}
