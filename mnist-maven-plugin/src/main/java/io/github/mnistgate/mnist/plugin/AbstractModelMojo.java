package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.evaluation.EvaluationJob;
import io.github.mnistgate.mnist.fetch.FetchFailedException;
import io.github.mnistgate.mnist.training.TrainingJob;
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

    /** Trains with the current settings, writes the model and attaches it to the project. */
    protected void trainAndAttach(MnistData data) throws IOException {
        Path model = modelFile();
        new TrainingJob(log()).run(data, modelSpec(), trainingSettings(), "the POM", model,
                outputFiles().modelCard());
        projectHelper.attachArtifact(project, TYPE, CLASSIFIER, model.toFile());
    }

    protected MnistData dataForModel() throws IOException, FetchFailedException {
        return data();
    }
}
