package io.github.mnistgate.mnist.tuning;

import java.util.List;

/**
 * How a search ended: every trial (also those of earlier runs), the best one (null when none completed),
 * why it stopped, and how many trials this run trained.
 */
public record TuningResult(List<Trial> trials, Trial best, String stopReason, int trialsRun) {}
