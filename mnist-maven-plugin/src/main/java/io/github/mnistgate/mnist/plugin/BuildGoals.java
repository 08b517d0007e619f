package io.github.mnistgate.mnist.plugin;

import java.util.List;
import java.util.Set;

/** What the goals a build was asked for tell about the rest of it. */
final class BuildGoals {

    /** This plugin's goals that read the model's, training's and gate's settings. */
    private static final Set<String> TRAINING_GOALS = Set.of("tune", "train", "evaluate");

    private BuildGoals() {}

    /**
     * Whether a build asked for {@code goals} may train after {@code mnist:fetch}: it names a lifecycle phase (no
     * colon, such as {@code verify}), or a goal that trains, tunes or evaluates. A build asked for plugin goals
     * only, none of them those, fetches and stops.
     */
    static boolean trainsAfterFetch(List<String> goals) {
        if (goals == null || goals.isEmpty()) {
            return true; // the POM's default goal, whatever it is
        }
        for (String goal : goals) {
            int colon = goal.lastIndexOf(':');
            if (colon < 0 || TRAINING_GOALS.contains(goal.substring(colon + 1))) {
                return true;
            }
        }
        return false;
    }
}
