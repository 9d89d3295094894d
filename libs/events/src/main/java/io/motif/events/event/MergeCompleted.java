package io.motif.events.event;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

import java.util.List;

/**
 * A merged delta was written. {@code concepts} says which modifier token stands for which concept in the merged
 * delta (tokens are renamed {@code <new1>…<newN>} when two inputs share a name, so prompts must use these);
 * {@code layers} is the merge's report for every K/V matrix. Both are optional: a report without them is still a
 * complete fact.
 */
@MessageType("concept.merge-completed.v1")
public record MergeCompleted(String conceptId, String tenant, String jobId, String worker, String deltaKey,
                             @OptionalField List<MergedConcept> concepts, @OptionalField List<MergedLayer> layers)
        implements WorkerReport {

    /** One concept of the merged delta; {@code token} is absent for a delta that added no token. */
    public record MergedConcept(String conceptId, @OptionalField String token, String category) {
    }

    /**
     * What the merge did to one K or V matrix.
     *
     * @param name               the parameter, e.g. {@code mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight}
     * @param constraintResidual ‖Ŵ Cᵀ − Vᵀ‖_F / ‖V‖_F over the concepts' target prompts (≈1e-15 when exact)
     * @param regularizationRms  RMS of ‖(Ŵ − W0) c‖ over the regularization caption tokens (what the merge minimises)
     * @param targetRms          RMS of the target outputs, the scale to read {@code regularizationRms} against
     * @param maxAbsChange       max |Ŵ − W0|
     */
    public record MergedLayer(String name, double constraintResidual, double regularizationRms, double targetRms,
                              double maxAbsChange) {
    }
}
