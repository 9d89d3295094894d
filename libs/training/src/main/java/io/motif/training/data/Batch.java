package io.motif.training.data;

import java.util.List;

/**
 * One micro-batch in the reference's collate order: {@code instanceRows} instance rows, then as many class rows.
 *
 * @param pixels [rows, 3, size, size] in [-1, 1]
 * @param instanceMask [instanceRows, 1, latentSize, latentSize] loss mask of the instance rows
 * @param prompts one caption per row
 * @param draws the scale-augmentation draw of each instance row
 */
public record Batch(float[] pixels, float[] instanceMask, List<String> prompts, int instanceRows, List<ScaleDraw> draws,
    int size, int latentSize) {
  public int rows() {
    return prompts.size();
  }
}
