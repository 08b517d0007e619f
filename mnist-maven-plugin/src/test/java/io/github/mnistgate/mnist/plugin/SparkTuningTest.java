package io.github.mnistgate.mnist.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.mnistgate.mnist.util.InvalidSettingException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SparkTuningTest {

    @Test
    void mastersOfEveryKindAreTakenAndNoneMeansInTheBuild() {
        for (String m : new String[] {
            "local",
            "local[2]",
            "local[*]",
            "local[4,3]",
            "spark://127.0.0.1:7077",
            "spark://a:7077,b:7077",
            "yarn",
            "k8s://https://k8s.example:6443"
        }) {
            assertTrue(SparkTuning.wanted(m), m);
        }
        assertFalse(SparkTuning.wanted("none"));
        assertFalse(SparkTuning.wanted(" "));
        assertFalse(SparkTuning.wanted(null));
    }

    @Test
    void aMasterOfNoKnownFormIsRefusedNamingTheForms() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> SparkTuning.wanted("locale[2]"));
        assertEquals("sparkMaster", e.setting());
        assertTrue(e.getMessage().contains("'locale[2]'"), e.getMessage());
        assertTrue(e.getMessage().contains("use local[n]"), e.getMessage());
        assertTrue(e.getMessage().contains("spark://host:port"), e.getMessage());
    }

    @Test
    void sparkPropertiesOfTheBuildJoinThePomsSparkConf() {
        Properties system = new Properties();
        system.setProperty("spark.executor.memory", "2g");
        system.setProperty("mnist.threads", "2");
        Properties user = new Properties();
        user.setProperty("spark.task.cpus", "2");
        Map<String, String> conf =
                SparkTuning.conf(Map.of("spark.executor.memory", "1g", "spark.driver.host", "127.0.0.1"), system, user);
        assertEquals(
                Map.of("spark.executor.memory", "2g", "spark.driver.host", "127.0.0.1", "spark.task.cpus", "2"), conf);
    }
}
