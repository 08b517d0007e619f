package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.data.MnistData;
import io.github.mnistgate.mnist.report.AugmentationGrid;
import io.github.mnistgate.mnist.training.ImportedModel;
import io.github.mnistgate.mnist.training.ModelFiles;
import io.github.mnistgate.mnist.training.ModelReuse;
import io.github.mnistgate.mnist.training.TrainingJob;
import io.github.mnistgate.mnist.training.TrainingSettings;
import io.github.mnistgate.mnist.tuning.BestHyperParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProjectHelper;

/** Goals that produce or use the model file. */
abstract class AbstractModelMojo extends AbstractTrainingMojo {

    static final String CLASSIFIER = "model";
    static final String TYPE = "zip";
    static final String ONNX_TYPE = "onnx";
    /** The packaging whose artifact is the model itself. */
    static final String MODEL_PACKAGING = "mnist-model";

    /**
     * {@code true} trains even when the model in {@code target/} or in the model cache has the same training
     * fingerprint (every input that decides the trained parameters unchanged).
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.retrain", defaultValue = "false")
    protected boolean retrain;

    /**
     * Early stopping in {@code mnist:train}, as Keras's {@code EarlyStopping(restore_best_weights=True)}: training holds
     * out {@code validationSplit} of the training images, stops after this many epochs without a better
     * {@code objective}, and the model keeps the best epoch's weights; {@code epochs} is then the most it runs.
     * {@code 0} turns it off.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.earlyStopping", defaultValue = "0")
    protected int earlyStopping;

    @Override
    protected int earlyStopping() {
        return earlyStopping;
    }

    /**
     * {@code true} also writes the model as ONNX (opset 13), {@code target/<finalName>-model.onnx}, attached with
     * classifier {@code model} and type {@code onnx}: input {@code images} {@code [N, channels, height, width]} float32
     * pixels scaled to [0, 1], output {@code probabilities} {@code [N, classes]}. {@code false} leaves it out.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.onnx", defaultValue = "true")
    protected boolean onnx;

    /**
     * A model trained elsewhere, to gate and publish instead of training one: an ONNX file (input
     * {@code [N, C, H, W]}, {@code [N, H, W, C]} or {@code [N, C*H*W]} float32 pixels scaled to [0, 1], output
     * {@code [N, classes]} probabilities or logits) or a model zip that {@code mnist:train} made. {@code mnist:train}
     * then trains nothing and attaches it; {@code mnist:evaluate} scores it through ONNX Runtime, fetched only then.
     * {@code none}: the build trains its model.
     *
     * @since 0.1.0
     */
    @Parameter(property = "mnist.modelFile", defaultValue = "none")
    protected String modelFile;

    @SuppressWarnings("deprecation") // @Component stays until the mojos take JSR-330 injection
    @Component
    protected MavenProjectHelper projectHelper;

    /** The model file trained elsewhere, resolved against the project, or null when the build trains its own. */
    protected Path importedModelFile() {
        if (modelFile == null || modelFile.isBlank() || modelFile.trim().equals("none")) {
            return null;
        }
        Path file = Path.of(modelFile.trim());
        return file.isAbsolute() || project == null || project.getBasedir() == null
                ? file
                : project.getBasedir().toPath().resolve(file);
    }

    /**
     * The model the build attaches and evaluates: {@code target/<finalName>-model.zip}, or
     * {@code target/<finalName>-model.onnx} when {@code mnist.modelFile} is an ONNX file.
     */
    protected Path modelFile() throws IOException {
        Path buildDirectory = Path.of(project.getBuild().getDirectory());
        String finalName = project.getBuild().getFinalName();
        Path imported = importedModelFile();
        return imported != null && Files.isRegularFile(imported) && !ModelFiles.isZip(imported)
                ? ModelFiles.onnxFile(buildDirectory, finalName)
                : ModelFiles.modelFile(buildDirectory, finalName);
    }

    /** The model cache, or none; and whether a model with the same fingerprint is taken instead of training. */
    protected ModelReuse modelReuse() {
        return ModelReuse.of(retrain, modelCache());
    }

    /**
     * Trains with the current settings (with the tuned hyperparameters when {@code mnist:tune} left
     * {@code best-hyperparameters.json}), or takes the model with the same training fingerprint, writes the
     * model and attaches it to the project.
     */
    protected void trainAndAttach(MnistData data) throws IOException {
        Path imported = importedModelFile();
        if (imported != null) {
            attachImported(imported, data);
            return;
        }
        Path model = modelFile();
        BestHyperParameters.HandOff handOff = BestHyperParameters.forTraining(
                outputFiles().bestHyperParameters(), modelSpec(), trainingSettings(), log());
        new TrainingJob(log(), checkpoints(), modelReuse())
                .run(
                        data,
                        modelSpec(),
                        handOff.settings(),
                        relativeToProject(handOff.source()),
                        model,
                        outputFiles().modelCard());
        writeAugmentationGrid(data, handOff.settings());
        attachZip(model);
    }

    /** Takes the model trained elsewhere instead of training, and attaches it. */
    private void attachImported(Path imported, MnistData data) throws IOException {
        Path buildDirectory = Path.of(project.getBuild().getDirectory());
        String finalName = project.getBuild().getFinalName();
        Path taken = ImportedModel.take(
                imported,
                modelFile.trim(),
                data.dataset(),
                ModelFiles.modelFile(buildDirectory, finalName),
                ModelFiles.onnxFile(buildDirectory, finalName),
                outputFiles().modelCard(),
                log());
        Files.deleteIfExists(outputFiles().augmentation());
        if (ModelFiles.isZip(taken)) {
            attachZip(taken);
            return;
        }
        projectHelper.attachArtifact(project, ONNX_TYPE, CLASSIFIER, taken.toFile());
        if (MODEL_PACKAGING.equals(project.getPackaging())) {
            log().warn("packaging mnist-model publishes a model zip, and " + modelFile.trim() + " is ONNX: it is"
                    + " attached with classifier model, type onnx, and the project has no main artifact");
        }
    }

    /** Attaches the model zip, and the ONNX file made from it unless {@code mnist.onnx=false}. */
    private void attachZip(Path model) throws IOException {
        projectHelper.attachArtifact(project, TYPE, CLASSIFIER, model.toFile());
        Path onnxFile = ModelFiles.onnxFile(
                Path.of(project.getBuild().getDirectory()), project.getBuild().getFinalName());
        if (onnx) {
            ModelFiles.writeOnnx(model, onnxFile);
            projectHelper.attachArtifact(project, ONNX_TYPE, CLASSIFIER, onnxFile.toFile());
            log().info("model as ONNX (opset " + io.github.mnistgate.mnist.model.OnnxExport.OPSET + "): " + onnxFile);
        } else {
            Files.deleteIfExists(onnxFile); // never a stale ONNX file beside a new model
        }
        if (MODEL_PACKAGING.equals(project.getPackaging())) {
            project.getArtifact().setFile(model.toFile()); // the model is what this project builds
        }
    }

    /** The picture of what augmentation does, for the report; none, and no stale one, without augmentation. */
    private void writeAugmentationGrid(MnistData data, TrainingSettings settings) throws IOException {
        Path picture = outputFiles().augmentation();
        if (settings.augmentation().none()) {
            Files.deleteIfExists(picture);
            return;
        }
        AugmentationGrid.write(
                data.train(),
                data.dataset(),
                settings.augmentation(),
                settings.hyperParameters().seed(),
                picture);
        log().info("augmentation (" + settings.augmentation().describe() + "): " + picture);
    }

    /** A path inside the project as the model card shows it, with no machine's folders in it; other text as it is. */
    private String relativeToProject(String source) {
        if (project == null || project.getBasedir() == null) {
            return source;
        }
        try {
            Path p = Path.of(source);
            Path base = project.getBasedir().toPath().toAbsolutePath();
            return p.isAbsolute() && p.startsWith(base)
                    ? base.relativize(p).toString().replace('\\', '/')
                    : source;
        } catch (java.nio.file.InvalidPathException e) {
            return source;
        }
    }
}
