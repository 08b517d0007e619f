package io.github.mnistgate.mnist.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The m2e metadata in the plugin jar covers every goal the plugin has (so Eclipse never says "not covered by
 * lifecycle configuration"), and no goal runs on an incremental build.
 */
class LifecycleMappingMetadataTest {

    @Test
    void everyGoalIsCoveredAndNoneRunsOnIncrementalBuilds() throws Exception {
        Document m2e = parse("target/classes/META-INF/m2e/lifecycle-mapping-metadata.xml");
        Map<String, String> actions = new HashMap<>();
        NodeList executions = m2e.getElementsByTagName("pluginExecution");
        for (int i = 0; i < executions.getLength(); i++) {
            Element execution = (Element) executions.item(i);
            Element action = (Element) execution.getElementsByTagName("action").item(0);
            String what = action.getElementsByTagName("ignore").getLength() > 0
                    ? "ignore"
                    : "execute onConfiguration=" + text(action, "runOnConfiguration") + " onIncremental="
                            + text(action, "runOnIncremental");
            NodeList goals = execution.getElementsByTagName("goal");
            for (int g = 0; g < goals.getLength(); g++) {
                actions.put(goals.item(g).getTextContent().trim(), what);
            }
        }

        TreeSet<String> goals = new TreeSet<>();
        NodeList mojos = parse("target/classes/META-INF/maven/plugin.xml").getElementsByTagName("goal");
        for (int i = 0; i < mojos.getLength(); i++) {
            goals.add(mojos.item(i).getTextContent().trim());
        }
        goals.remove("help");
        assertTrue(goals.size() >= 5, "the plugin's goals: " + goals);
        assertEquals(goals, new TreeSet<>(actions.keySet()), "goals with an m2e action");
        assertEquals("execute onConfiguration=true onIncremental=false", actions.get("fetch"));
        assertEquals("execute onConfiguration=false onIncremental=false", actions.get("evaluate"));
        assertEquals("ignore", actions.get("train"));
        actions.values().forEach(a -> assertTrue(!a.contains("onIncremental=true"), a));
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().trim();
    }

    private static Document parse(String path) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new File(path));
    }
}
