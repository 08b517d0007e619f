package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.report.EvaluationJob;
import io.github.mnistgate.mnist.training.TrainingJob;
import io.github.mnistgate.mnist.tuning.BestHyperParameters;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.project.MavenProjectHelper;

import java.io.IOException;
import java.nio.file.Path;

/** Goals that produce or use the model file. */
abstract class AbstractModelMojo extends AbstractMnistMojo {

    static final String CLASSIFIER = "model";
    static final String TYPE = "zip";

    @Component
    protected MavenProjectHelper projectHelper;

    /** {@code target/<finalName>-model.zip}. */
    protected Path modelFile() {
        return EvaluationJob.modelFile(Path.of(project.getBuild().getDirectory()), project.getBuild().getFinalName());
    }

    /**
     * Trains with the current settings (with the tuned hyperparameters when {@code mnist:tune} left
     * {@code best-hyperparameters.json}), writes the model and attaches it to the project.
     */
    protected void trainAndAttach(MnistData data) throws IOException {
        Path model = modelFile();
        BestHyperParameters.HandOff handOff = BestHyperParameters.forTraining(outputFiles().bestHyperParameters(),
                modelSpec(), trainingSettings(), log());
        new TrainingJob(log(), checkpoints()).run(data, modelSpec(), handOff.settings(), handOff.source(), model,
                outputFiles().modelCard());
        projectHelper.attachArtifact(project, TYPE, CLASSIFIER, model.toFile());
    }
}
