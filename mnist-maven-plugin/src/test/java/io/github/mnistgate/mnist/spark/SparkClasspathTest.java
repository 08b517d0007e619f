package io.github.mnistgate.mnist.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SparkClasspathTest {

    private static SparkClasspath.Jar jar(String key) {
        String[] p = key.split(":");
        return new SparkClasspath.Jar(key, p[0], p[1], Path.of(key.replace(':', '_') + ".jar"));
    }

    @Test
    void sparkComesFirstAndWinsOverlapsAndOnlyWhatTheTrialsNeedTravels() {
        List<SparkClasspath.Jar> spark = List.of(
                jar("org.apache.spark:spark-core_2.12"),
                jar("org.apache.spark:spark-launcher_2.12"),
                jar("com.fasterxml.jackson.core:jackson-databind"));
        List<SparkClasspath.Jar> plugin = List.of(
                jar("io.github.mnistgate:mnist-maven-plugin"),
                jar("com.fasterxml.jackson.core:jackson-databind"),
                jar("org.nd4j:nd4j-native"),
                jar("org.nd4j:nd4j-native:linux-x86_64-onednn"),
                jar("org.apache.maven.doxia:doxia-core"),
                jar("org.apache.maven.reporting:maven-reporting-impl"),
                jar("org.codehaus.plexus:plexus-utils"),
                jar("org.eclipse.sisu:org.eclipse.sisu.plexus"),
                jar("org.jfree:jfreechart"),
                jar("org.nd4j:nd4j-native"));

        SparkClasspath.Plan plan = SparkClasspath.plan(spark, plugin);

        List<Path> travelling = List.of(
                Path.of("io.github.mnistgate_mnist-maven-plugin.jar"),
                Path.of("org.nd4j_nd4j-native.jar"),
                Path.of("org.nd4j_nd4j-native_linux-x86_64-onednn.jar"));
        assertEquals(travelling, plan.executorJars());
        assertEquals(
                List.of(
                        Path.of("org.apache.spark_spark-core_2.12.jar"),
                        Path.of("org.apache.spark_spark-launcher_2.12.jar"),
                        Path.of("com.fasterxml.jackson.core_jackson-databind.jar"),
                        travelling.get(0),
                        travelling.get(1),
                        travelling.get(2)),
                plan.driver());
        assertEquals(Path.of("org.apache.spark_spark-launcher_2.12.jar"), plan.launcherJar());
    }

    @Test
    void sparkWithoutItsLauncherIsRefused() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> SparkClasspath.plan(List.of(jar("org.apache.spark:spark-core_2.12")), List.of()));
        assertEquals("Spark's jars lack spark-launcher: [org.apache.spark:spark-core_2.12]", e.getMessage());
    }
}
