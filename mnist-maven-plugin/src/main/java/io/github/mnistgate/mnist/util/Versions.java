package io.github.mnistgate.mnist.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Versions of the libraries in use, read from the Maven metadata inside their jars. */
public final class Versions {

    private Versions() {
    }

    public static String dl4j() {
        return of("org.deeplearning4j", "deeplearning4j-nn");
    }

    public static String plugin() {
        return of("io.github.mnistgate", "mnist-maven-plugin");
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
