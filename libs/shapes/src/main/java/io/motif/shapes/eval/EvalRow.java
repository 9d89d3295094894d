package io.motif.shapes.eval;

import java.util.Map;

/**
 * One row of one table, for one concept (or pair).
 *
 * @param table              {@code single}, {@code multi} or {@code compression}
 * @param concepts           the concept id, or both ids of a pair joined by "+"
 * @param method             the method's enum name ({@link Method}, {@link MultiMethod}, {@link Compression} or
 *                           {@code BASE})
 * @param label              the method as the table prints it
 * @param textAlignment      fraction of the stated attributes (shape, size, position) the oracle found right on the
 *                           concept prompts (each concept's own prompts, for a pair)
 * @param imageAlignment     mean concept similarity of the concept objects to their instance images (0..1)
 * @param pairTextAlignment  as textAlignment on the prompts with both concepts (NaN outside the multi table)
 * @param pairImageAlignment as imageAlignment on the prompts with both concepts (NaN outside the multi table)
 * @param baseWorldScore     fraction of all stated attributes right on base-world prompts with the delta applied
 *                           (forgetting is the drop from the base model's score)
 * @param baseWorldAccuracy  the same per attribute, plus count and all-correct
 * @param trainSeconds       wall time of training (and merging or compressing) that made the delta; 0 for the base
 * @param deltaBytes         bytes of the delta's weight files; 0 for the base model
 */
public record EvalRow(String table, String concepts, String method, String label, double textAlignment,
                      double imageAlignment, double pairTextAlignment, double pairImageAlignment,
                      double baseWorldScore, Map<String, Double> baseWorldAccuracy, double trainSeconds,
                      long deltaBytes) {

    public static final String SINGLE = "single";
    public static final String MULTI = "multi";
    public static final String COMPRESSION = "compression";
    public static final String BASE = "BASE";
}
