package io.motif.merge;

/**
 * What the merge did to one K or V matrix.
 *
 * @param layer              parameter name, e.g. {@code mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight}
 * @param constraintResidual ‖Ŵ Cᵀ − Vᵀ‖_F / ‖V‖_F: how exactly the concepts' outputs are reproduced (≈1e-15 exact)
 * @param regularizationRms  RMS over the regularization tokens of ‖(Ŵ − W0) c‖: how much the layer's output on
 *                           ordinary captions moved (the quantity the merge minimises, per token)
 * @param targetRms          RMS over the target tokens of ‖v‖, the scale to read {@code regularizationRms} against
 * @param maxAbsChange       max |Ŵ − W0|
 */
public record LayerReport(String layer, double constraintResidual, double regularizationRms, double targetRms,
                          double maxAbsChange) {
}
