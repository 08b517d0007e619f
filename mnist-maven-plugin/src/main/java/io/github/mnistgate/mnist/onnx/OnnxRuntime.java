package io.github.mnistgate.mnist.onnx;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * ONNX Runtime from jars fetched when a model file needs it: a class loader holding those jars and
 * {@link OrtSessionBridge}, over the JDK's own classes only. One loader per set of jars for the life of the JVM, as
 * ONNX Runtime's native library loads once per class loader.
 */
public final class OnnxRuntime {

    /** Fetches ONNX Runtime's jars; called only when a model file is ONNX. */
    @FunctionalInterface
    public interface Provider {
        OnnxRuntime get() throws IOException;

        /** For builds with no way to fetch it: an ONNX model file then fails, saying so. */
        Provider NONE = () -> {
            throw new IOException("ONNX Runtime is not available here: an ONNX model file cannot be scored");
        };
    }

    /** A model opened in ONNX Runtime. */
    public interface Session extends AutoCloseable {
        /** The first output's numbers for {@code pixels} of {@code shape}, row after row. */
        float[] run(float[] pixels, long[] shape);

        @Override
        void close();
    }

    private static final Map<List<Path>, ClassLoader> LOADERS = new ConcurrentHashMap<>();

    private final ClassLoader loader;

    private OnnxRuntime(ClassLoader loader) {
        this.loader = loader;
    }

    /** ONNX Runtime from these jars (com.microsoft.onnxruntime:onnxruntime and what it needs). */
    public static OnnxRuntime of(List<Path> jars) {
        return new OnnxRuntime(LOADERS.computeIfAbsent(List.copyOf(jars), OnnxRuntime::loader));
    }

    /** Opens the graph's model on {@code threads} threads. */
    public Session open(OnnxGraph graph, int threads) throws IOException {
        Object bridge;
        try {
            bridge = loader.loadClass(OrtSessionBridge.class.getName())
                    .getConstructor(Path.class, String.class, String.class, int.class)
                    .newInstance(graph.file(), graph.input(), graph.output(), threads);
        } catch (InvocationTargetException e) {
            throw new IOException(
                    "ONNX Runtime cannot load " + graph.file() + ": "
                            + e.getCause().getMessage(),
                    e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IOException("ONNX Runtime cannot be started: " + e, e);
        }
        @SuppressWarnings("unchecked") // OrtSessionBridge's own type, seen through the JDK's interfaces
        BiFunction<float[], long[], float[]> run = (BiFunction<float[], long[], float[]>) bridge;
        AutoCloseable closeable = (AutoCloseable) bridge;
        return new Session() {
            @Override
            public float[] run(float[] pixels, long[] shape) {
                return run.apply(pixels, shape);
            }

            @Override
            public void close() {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("closing the ONNX Runtime session: " + e.getMessage(), e);
                }
            }
        };
    }

    private static ClassLoader loader(List<Path> jars) {
        List<URL> urls = new ArrayList<>();
        try {
            for (Path jar : jars) {
                urls.add(jar.toUri().toURL());
            }
            // The bridge's own class, from the plugin's jar (or classes folder in tests).
            urls.add(OrtSessionBridge.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI()
                    .toURL());
        } catch (MalformedURLException | URISyntaxException e) {
            throw new IllegalArgumentException("ONNX Runtime's jars " + jars + ": " + e.getMessage(), e);
        }
        return new URLClassLoader("onnxruntime", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
