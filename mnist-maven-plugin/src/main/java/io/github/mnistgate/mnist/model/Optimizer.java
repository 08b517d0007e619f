package io.github.mnistgate.mnist.model;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Suggestions;
import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.learning.config.AdaDelta;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;

/** The optimizers a user can pick, by the names Keras users know. */
public enum Optimizer {
    ADAM,
    SGD,
    NESTEROVS,
    RMSPROP,
    ADAGRAD,
    ADADELTA;

    /** The name used in settings, e.g. {@code adam}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the learning rate setting has any effect (AdaDelta adapts its own step size). */
    public boolean usesLearningRate() {
        return this != ADADELTA;
    }

    public IUpdater updater(double learningRate) {
        return switch (this) {
            case ADAM -> new Adam(learningRate);
            case SGD -> new Sgd(learningRate);
            case NESTEROVS -> new Nesterovs(learningRate, 0.9);
            case RMSPROP -> new RmsProp(learningRate);
            case ADAGRAD -> new AdaGrad(learningRate);
            case ADADELTA -> new AdaDelta();
        };
    }

    public static Optimizer fromId(String value) {
        String wanted = value == null ? "" : value.trim().toUpperCase(Locale.ROOT);
        for (Optimizer o : values()) {
            if (o.name().equals(wanted)) {
                return o;
            }
        }
        java.util.List<String> ids = Arrays.stream(values()).map(Optimizer::id).toList();
        throw new InvalidSettingException(
                "optimizer",
                value,
                "allowed values are " + String.join(", ", ids) + Suggestions.didYouMean(value, ids));
    }

    @Override
    public String toString() {
        return id();
    }
}
