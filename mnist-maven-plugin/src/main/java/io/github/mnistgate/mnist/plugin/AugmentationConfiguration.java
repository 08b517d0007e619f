package io.github.mnistgate.mnist.plugin;

import io.github.mnistgate.mnist.training.Augmentation;
import io.github.mnistgate.mnist.training.AugmentationSetting;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code <augmentation>} as the POM gives it, one child element per Keras preprocessing layer
 * ({@code <randomFlip>horizontal</randomFlip>}), or as one string ({@code -Dmnist.augmentation=randomFlip=horizontal,
 * randomTranslation=0.1}), which Maven hands to {@link #set(String)}; mapped onto the core's {@link Augmentation}. Any
 * value may be {@code hp:<name>}, a hyperparameter that {@code mnist:tune} searches.
 */
public class AugmentationConfiguration {

    private String randomFlip;
    private String randomRotation;
    private String randomZoom;
    private String randomTranslation;
    private String randomContrast;
    private String randomBrightness;
    /** The whole setting as one string, when given so. */
    private String text;

    /** The setting as one string, as {@code -Dmnist.augmentation} gives it. */
    public void set(String value) {
        text = value;
    }

    /** The core's setting; bad values fail naming the layer and what is allowed. */
    AugmentationSetting toSetting() {
        List<String> parts = new ArrayList<>();
        if (text != null && !text.isBlank() && !text.trim().equalsIgnoreCase("none")) {
            parts.add(text.trim());
        }
        String[] values = {randomFlip, randomRotation, randomZoom, randomTranslation, randomContrast, randomBrightness};
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && !values[i].isBlank()) {
                parts.add(Augmentation.LAYERS.get(i) + "=" + values[i].trim());
            }
        }
        return new AugmentationSetting(String.join(",", parts));
    }
}
