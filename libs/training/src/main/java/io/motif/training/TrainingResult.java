package io.motif.training;

import java.nio.file.Path;
import java.util.List;

/**
 * How a run ended.
 *
 * @param deltaDir the delta folder, or null when the run was stopped before the last step
 * @param lastCheckpoint the newest checkpoint written (null if none)
 * @param steps steps completed
 * @param stopped true when a stop request ended the run early (after checkpointing)
 * @param lossCurve loss per step
 * @param seconds wall time of this process's part of the run
 */
public record TrainingResult(Path deltaDir, Path lastCheckpoint, int steps, boolean stopped, List<Double> lossCurve,
    double seconds) {}
