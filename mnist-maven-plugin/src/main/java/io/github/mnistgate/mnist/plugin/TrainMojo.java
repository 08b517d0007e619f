package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.fetch.FetchFailedException;
import java.io.IOException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;

/**
 * Trains the model on the training set and writes it as {@code target/<finalName>-model.zip}, a
 * Deeplearning4j model zip with its model card, attached with classifier {@code model} and type
 * {@code zip} so that {@code install} and {@code deploy} publish it.
 */
@Mojo(name = "train", defaultPhase = LifecyclePhase.PREPARE_PACKAGE, threadSafe = true)
public class TrainMojo extends AbstractModelMojo {

    @Override
    protected void run() throws IOException, FetchFailedException {
        trainAndAttach(dataForModel());
    }
}
