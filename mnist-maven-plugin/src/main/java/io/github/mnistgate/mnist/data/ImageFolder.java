package io.github.mnistgate.mnist.data;

import io.github.mnistgate.mnist.util.AtomicFiles;
import io.github.mnistgate.mnist.util.InvalidSettingException;
import io.github.mnistgate.mnist.util.Sha256;
import io.github.mnistgate.runtime.ImagePixels;
import io.github.mnistgate.runtime.ImageShape;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A folder of the user's own images as a dataset, laid out as Keras's {@code image_dataset_from_directory} reads one:
 * a subfolder per class, named after the class, holding its images (PNG or JPEG, in subfolders of its own too). The
 * folder holds either {@code train/} and {@code test/}, each with the same class folders, or the class folders
 * themselves, of which a seeded share of each class is held out as the test set. Classes are numbered in the order
 * of their names; images are ordered by file name, then class. Hidden files are skipped; any other file that is
 * no image, and an empty class, fail naming it: a file the user meant to train on is never left out unsaid.
 */
public final class ImageFolder {

    /** The setting value of {@link Dataset#FOLDER} datasets' {@code id}. */
    public static final String ID = Dataset.FOLDER;

    static final String TRAIN = "train";
    static final String TEST = "test";
    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg");
    /** How many bytes of decoded images the conversion holds at a time. */
    private static final int CHUNK_BYTES = 8 << 20;

    /**
     * @param testSplit the share of each class held out for testing when the folder has no {@code test/}
     * @param splitSeed the seed of which images those are
     */
    public record Settings(Path root, ImageShape shape, double testSplit, long splitSeed) {

        public Settings {
            if (!(testSplit > 0 && testSplit < 1)) {
                throw new InvalidSettingException(
                        "testSplit",
                        testSplit,
                        "the share of each class held out for testing must lie between 0 and 1 (exclusive), e.g. 0.2");
            }
        }
    }

    /**
     * The shape the settings give every image: {@code size} {@code 28} (28x28) or {@code <width>x<height>}, and
     * {@code colorMode} {@code grayscale} or {@code rgb}.
     */
    public static ImageShape shape(String size, String colorMode) {
        String mode = colorMode == null ? "" : colorMode.trim().toLowerCase(Locale.ROOT);
        int channels = switch (mode) {
            case "grayscale" -> 1;
            case "rgb" -> 3;
            default ->
                throw new InvalidSettingException(
                        "colorMode",
                        colorMode,
                        "allowed values are grayscale, rgb"
                                + io.github.mnistgate.mnist.util.Suggestions.didYouMean(
                                        mode, List.of("grayscale", "rgb")));
        };
        String text = size == null ? "" : size.trim().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,5})(?:\\s*x\\s*(\\d{1,5}))?")
                .matcher(text);
        if (m.matches()) {
            int width = Integer.parseInt(m.group(1));
            int height = m.group(2) == null ? width : Integer.parseInt(m.group(2));
            if (width >= 1 && height >= 1 && width <= ImageShape.MAX_SIDE && height <= ImageShape.MAX_SIDE) {
                return new ImageShape(channels, height, width);
            }
        }
        throw new InvalidSettingException(
                "imageSize",
                size,
                "use one number for square images, such as 28, or" + " <width>x<height> such as 64x48, each from 1 to "
                        + ImageShape.MAX_SIDE);
    }

    /** One image: its file, its path as the fingerprint names it ({@code train/cat/001.png}) and its class. */
    record Image(Path file, String name, int label) {}

    private final Settings settings;
    private final List<String> classNames;
    private final List<Image> train;
    private final List<Image> test;
    private final String layout;

    private ImageFolder(
            Settings settings, List<String> classNames, List<Image> train, List<Image> test, String layout) {
        this.settings = settings;
        this.classNames = classNames;
        this.train = train;
        this.test = test;
        this.layout = layout;
    }

    /**
     * Lists the classes and images without reading any image.
     *
     * @throws InvalidSettingException when the root is no folder
     * @throws IOException             naming the file or folder, when the layout is not one of the two above
     */
    public static ImageFolder scan(Settings settings) throws IOException {
        Path root = settings.root();
        if (!Files.isDirectory(root)) {
            throw new InvalidSettingException(
                    "imageDirectory",
                    root,
                    Files.exists(root)
                            ? "it is a file; give the folder"
                                    + " that holds one folder of images per class (or train/ and test/, each holding them)"
                            : "no such folder; give the folder that holds one folder of images per class (or train/ and test/,"
                                    + " each holding them)");
        }
        List<Path> entries = visible(root);
        Path trainDir = root.resolve(TRAIN);
        Path testDir = root.resolve(TEST);
        boolean hasTrain = Files.isDirectory(trainDir);
        boolean hasTest = Files.isDirectory(testDir);
        if (hasTrain != hasTest) {
            throw new InvalidImageFolderException(
                    root,
                    "holds " + (hasTrain ? TRAIN : TEST) + "/ but no "
                            + (hasTrain ? TEST : TRAIN)
                            + "/ beside it: give both, each with one folder per class, or no "
                            + TRAIN
                            + "/ and the class folders themselves (a seeded share of each class is then held out for testing)");
        }
        if (hasTrain) {
            for (Path p : entries) {
                if (!p.equals(trainDir) && !p.equals(testDir)) {
                    throw new InvalidImageFolderException(
                            p,
                            "lies beside " + TRAIN + "/ and " + TEST + "/; a folder"
                                    + " with train/ and test/ holds nothing else (hidden files are skipped)");
                }
            }
            List<String> classes = classFolders(trainDir);
            List<String> testClasses = classFolders(testDir);
            if (!classes.equals(testClasses)) {
                TreeSet<String> missing = new TreeSet<>(classes);
                missing.removeAll(testClasses);
                TreeSet<String> extra = new TreeSet<>(testClasses);
                extra.removeAll(classes);
                throw new InvalidImageFolderException(
                        testDir,
                        (missing.isEmpty()
                                        ? ""
                                        : "has no folder for the class(es) " + missing + " that " + TRAIN + "/ has")
                                + (missing.isEmpty() || extra.isEmpty() ? "" : ", and ")
                                + (extra.isEmpty() ? "" : "has folder(s) " + extra + " that " + TRAIN + "/ lacks")
                                + "; both must hold the same class folders");
            }
            return new ImageFolder(
                    settings,
                    classes,
                    images(trainDir, TRAIN, classes),
                    images(testDir, TEST, classes),
                    TRAIN + "/ and " + TEST + "/");
        }
        List<String> classes = classFolders(root);
        List<Image> all = images(root, "", classes);
        List<List<Image>> byClass = new ArrayList<>();
        classes.forEach(c -> byClass.add(new ArrayList<>()));
        all.forEach(i -> byClass.get(i.label()).add(i));
        Random random = new Random(settings.splitSeed());
        Set<Image> heldOut = new java.util.HashSet<>();
        List<Image> train = new ArrayList<>();
        List<Image> test = new ArrayList<>();
        for (int c = 0; c < classes.size(); c++) {
            List<Image> members = byClass.get(c);
            if (members.size() < 2) {
                throw new InvalidImageFolderException(
                        root.resolve(classes.get(c)),
                        "holds 1 image; a class needs at"
                                + " least 2 so that one can be held out for testing (or give train/ and test/ folders)");
            }
            List<Image> shuffled = new ArrayList<>(members);
            Collections.shuffle(shuffled, random);
            int held =
                    (int) Math.max(1, Math.min(members.size() - 1, Math.round(members.size() * settings.testSplit())));
            heldOut.addAll(shuffled.subList(0, held));
        }
        for (Image image : all) {
            (heldOut.contains(image) ? test : train).add(image);
        }
        return new ImageFolder(
                settings,
                classes,
                train,
                test,
                String.format(
                        Locale.ROOT,
                        "class folders, %s of each held out for testing (split seed %d)",
                        percent(settings.testSplit()),
                        settings.splitSeed()));
    }

    private static String percent(double share) {
        double p = share * 100;
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + "%";
    }

    /** The class folders of {@code dir}, sorted by name; any file beside them fails. */
    private static List<String> classFolders(Path dir) throws IOException {
        List<String> classes = new ArrayList<>();
        for (Path p : visible(dir)) {
            if (!Files.isDirectory(p)) {
                throw new InvalidImageFolderException(
                        p,
                        "lies beside the class folders; each image belongs in the"
                                + " folder of its class (hidden files are skipped)");
            }
            classes.add(p.getFileName().toString());
        }
        Collections.sort(classes);
        if (classes.size() < 2) {
            throw new InvalidImageFolderException(
                    dir,
                    classes.isEmpty()
                            ? "holds no class folders; give one folder of" + " images per class"
                            : "holds only one class folder, '" + classes.get(0) + "'; a classifier needs"
                                    + " at least two classes");
        }
        if (classes.size() > DatasetInfo.MAX_CLASSES) {
            throw new InvalidImageFolderException(
                    dir,
                    "holds " + classes.size() + " class folders; at most " + DatasetInfo.MAX_CLASSES
                            + " classes are supported");
        }
        return classes;
    }

    /**
     * Every image of every class under {@code dir}, ordered by file name, then by class: files named by their index in
     * a dataset (as a dataset's export names them) keep the dataset's order. Training shuffles anyway; the order only
     * makes a folder's conversion the same every time, and equal to the dataset it came from.
     */
    private static List<Image> images(Path dir, String split, List<String> classes) throws IOException {
        List<Image> out = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            Path classDir = dir.resolve(classes.get(label));
            List<Path> files;
            try (Stream<Path> walk = Files.walk(classDir)) {
                files = walk.filter(p -> !p.equals(classDir) && !hiddenBelow(classDir, p) && !Files.isDirectory(p))
                        .sorted()
                        .toList();
            }
            if (files.isEmpty()) {
                throw new InvalidImageFolderException(
                        classDir, "holds no images; every class folder needs at least one" + " (.png, .jpg or .jpeg)");
            }
            for (Path file : files) {
                if (!EXTENSIONS.contains(extension(file))) {
                    throw new InvalidImageFolderException(
                            file,
                            "is not a PNG or JPEG image by its name; class folders"
                                    + " hold only .png, .jpg and .jpeg files (hidden files are skipped)");
                }
                String name = (split.isEmpty() ? "" : split + "/") + classes.get(label) + "/"
                        + classDir.relativize(file).toString().replace('\\', '/');
                out.add(new Image(file, name, label));
            }
        }
        out.sort(Comparator.comparing((Image i) -> i.file().getFileName().toString())
                .thenComparingInt(Image::label)
                .thenComparing(Image::name));
        return out;
    }

    private static boolean hiddenBelow(Path base, Path p) {
        for (Path part : base.relativize(p)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static List<Path> visible(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    public List<String> classNames() {
        return classNames;
    }

    public ImageShape shape() {
        return settings.shape();
    }

    public Settings settings() {
        return settings;
    }

    public int trainImages() {
        return train.size();
    }

    public int testImages() {
        return test.size();
    }

    /** How the images split into training and test, e.g. {@code train/ and test/}. */
    public String layout() {
        return layout;
    }

    /**
     * SHA-256 over every image file, in order: its path below the root and its content. Any file added, removed,
     * renamed, moved to another class or changed changes it.
     */
    public String fingerprint() throws IOException {
        MessageDigest digest = Sha256.newDigest();
        byte[] buffer = new byte[1 << 16];
        for (List<Image> split : List.of(train, test)) {
            for (Image image : split) {
                byte[] name = image.name().getBytes(StandardCharsets.UTF_8);
                digest.update(ByteBuffer.allocate(4).putInt(name.length).array());
                digest.update(name);
                try (InputStream in = Files.newInputStream(image.file())) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        digest.update(buffer, 0, n);
                    }
                }
                digest.update(new byte[] {0});
            }
        }
        return Sha256.hex(digest);
    }

    /**
     * Decodes every image into the shape ({@link ImagePixels}: the same conversion the runtime makes when it
     * classifies), on every core, and writes the four IDX files to {@code targets} a chunk of images at a time, so that
     * a folder larger than the memory converts too. Each file is written whole by a rename.
     *
     * @throws IOException naming a file that is no image that can be read, or a target that cannot be written
     */
    public Map<DatasetFile, ConvertedFile> convert(Map<DatasetFile, Path> targets) throws IOException {
        Map<DatasetFile, ConvertedFile> out = new EnumMap<>(DatasetFile.class);
        out.put(DatasetFile.TRAIN_IMAGES, writeImages(train, targets.get(DatasetFile.TRAIN_IMAGES)));
        out.put(DatasetFile.TRAIN_LABELS, writeLabels(train, targets.get(DatasetFile.TRAIN_LABELS)));
        out.put(DatasetFile.TEST_IMAGES, writeImages(test, targets.get(DatasetFile.TEST_IMAGES)));
        out.put(DatasetFile.TEST_LABELS, writeLabels(test, targets.get(DatasetFile.TEST_LABELS)));
        return out;
    }

    /** A file the conversion wrote: its length and its SHA-256, taken as it was written. */
    public record ConvertedFile(Path file, long size, String sha256) {}

    private ConvertedFile writeImages(List<Image> images, Path target) throws IOException {
        ImageShape shape = settings.shape();
        int chunk = Math.max(1, CHUNK_BYTES / shape.size());
        byte[] pixels = new byte[chunk * shape.size()];
        return write(target, out -> {
            out.write(IdxReader.imagesHeader(shape, images.size()));
            for (int from = 0; from < images.size(); from += chunk) {
                int n = Math.min(chunk, images.size() - from);
                decode(images.subList(from, from + n), pixels);
                out.write(pixels, 0, n * shape.size());
            }
        });
    }

    /** Decodes {@code images} into {@code pixels}, one after the other, on every core. */
    private void decode(List<Image> images, byte[] pixels) throws IOException {
        ImageShape shape = settings.shape();
        try {
            IntStream.range(0, images.size()).parallel().forEach(i -> {
                try {
                    byte[] one =
                            ImagePixels.bytes(ImagePixels.read(images.get(i).file()), shape);
                    System.arraycopy(one, 0, pixels, i * shape.size(), one.length);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static ConvertedFile writeLabels(List<Image> images, Path target) throws IOException {
        byte[] labels = new byte[images.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) images.get(i).label();
        }
        return write(target, out -> out.write(IdxReader.labelsFile(labels)));
    }

    /** Writes {@code target} whole by a rename, hashing its bytes as they go. */
    private static ConvertedFile write(Path target, AtomicFiles.Writer writer) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        AtomicFiles.write(target, file -> {
            OutputStream out = new DigestOutputStream(new BufferedOutputStream(file, 1 << 16), digest);
            writer.writeTo(out);
            out.flush();
        });
        return new ConvertedFile(target, Files.size(target), Sha256.hex(digest));
    }
}
