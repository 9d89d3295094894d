package io.motif.shapes.eval;

import java.util.Map;

/**
 * One row of the single-concept table, for one concept.
 *
 * @param textAlignment     fraction of the stated attributes the oracle found right on the concept prompts
 * @param imageAlignment    mean concept similarity of the concept object to the instance images (0..1)
 * @param baseWorldAccuracy per-attribute oracle accuracy on base-world prompts with the delta applied (forgetting is
 *                          the drop from the base model's own numbers)
 * @param trainSeconds      wall time of training (0 for the base model)
 * @param deltaBytes        size of the delta files on disk (0 for the base model)
 */
public record EvalRow(String concept, Method method, double textAlignment, double imageAlignment,
                      Map<String, Double> baseWorldAccuracy, double trainSeconds, long deltaBytes) {
}
