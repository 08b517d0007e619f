package io.github.mnistgate.mnist.util;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Versions of the libraries in use, read from the Maven metadata inside their jars. */
public final class Versions {

    private Versions() {}

    public static String dl4j() {
        return of("org.deeplearning4j", "deeplearning4j-nn");
    }

    public static String plugin() {
        return of("io.github.mnistgate", "mnist-maven-plugin");
    }

    /**
     * The plugin's version and a hash of its own classes: a SNAPSHOT changes under the same version, and a
     * model trained by other code must not pass for one trained by this code. Only class bytes are hashed, so
     * rebuilding unchanged sources (new jar timestamps) keeps the value.
     */
    public static String pluginBuild() {
        if (pluginBuild == null) {
            String sha = classesSha256();
            pluginBuild = plugin() + " " + sha.substring(0, Math.min(16, sha.length()));
        }
        return pluginBuild;
    }

    private static volatile String pluginBuild;

    private static String classesSha256() {
        try {
            java.security.MessageDigest sha = Sha256.newDigest();
            Path location = Path.of(Versions.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            java.util.TreeMap<String, byte[]> classes = new java.util.TreeMap<>();
            if (Files.isDirectory(location)) {
                try (var files = Files.walk(location)) {
                    for (Path f :
                            (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                        classes.put(location.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
            } else {
                try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(location.toFile())) {
                    for (var e : java.util.Collections.list(jar.entries())) {
                        if (e.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(e)) {
                                classes.put(e.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
            classes.forEach((name, bytes) -> {
                sha.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(bytes);
            });
            return Sha256.hex(sha);
        } catch (Exception e) {
            // No readable code source: the version alone, with a marker that never matches a hash.
            return "unknown-build-" + e.getClass().getSimpleName();
        }
    }

    private static String of(String group, String artifact) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = Versions.class.getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
