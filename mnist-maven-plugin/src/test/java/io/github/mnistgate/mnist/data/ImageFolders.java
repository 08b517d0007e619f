package io.github.mnistgate.mnist.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Writes a split of IDX images out as a folder of PNG files, one folder per class, as a user's images would lie. */
public final class ImageFolders {

    private ImageFolders() {}

    /**
     * Each image of {@code split} as {@code <folder>/<class name>/<index, 5 digits>.png}, 8-bit gray: within a class the
     * files sort in the split's order, so reading the folder back gives the split's images class by class.
     */
    public static void write(LabelledImages split, java.util.List<String> classNames, Path folder) throws IOException {
        IdxImages images = split.images();
        for (int i = 0; i < split.size(); i++) {
            Path dir = folder.resolve(classNames.get(split.label(i)));
            Files.createDirectories(dir);
            BufferedImage png =
                    new BufferedImage(images.shape().width(), images.shape().height(), BufferedImage.TYPE_BYTE_GRAY);
            png.getRaster().setDataElements(0, 0, png.getWidth(), png.getHeight(), images.image(i));
            ImageIO.write(
                    png,
                    "png",
                    dir.resolve(String.format(Locale.ROOT, "%05d.png", i)).toFile());
        }
    }
}
