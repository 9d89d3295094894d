/**
 * Closed-form merging of Custom Diffusion concepts and low-rank compression of deltas (plain float64 linear
 * algebra with EJML; DJL only to read deltas and run the text encoder).
 *
 * <h2>Merge</h2>
 * {@link io.motif.merge.ClosedFormMerge} computes, for every {@code attn2.to_k}/{@code to_v} matrix,
 * Ŵ = W0 + (Vᵀ − W0 Cᵀ)(C M⁻¹ Cᵀ)⁻¹ C M⁻¹ with M = C_regᵀC_reg. M (via {@link io.motif.merge.GramMatrix}) and the
 * Cholesky factorisations of M and of C M⁻¹ Cᵀ are computed once and shared by all layers; M⁻¹ is never formed.
 * {@link io.motif.merge.DeltaMerge} runs it on delta files. Choices, where the reference code bases differ or are
 * silent:
 * <ul>
 *   <li>Features: final-layer-norm text features, rows from after BOS through the first EOS, and the reference's
 *   "photo of a" rule (a substring test on the first 15 characters drops three more rows)
 *   ({@link io.motif.merge.PromptFeatures}).</li>
 *   <li>Target prompts: "&lt;newk&gt; category" plus "a photo of …" (the paper's code; the public fixture) by
 *   default, "photo of a …" (the diffusers script) as an option, "painting in the style of …" for phrases containing
 *   "art" ({@link io.motif.merge.TargetPrompts}).</li>
 *   <li>Duplicate target rows (identical features from shared causal prefixes) are dropped as the reference does.</li>
 *   <li>Conditioning: the reference has no safeguard. Here a Cholesky breakdown or a pivot-ratio condition estimate
 *   above 1e12 stops the merge with a message naming the matrix and the remedy, a layer whose constraints are missed
 *   by more than 1e-4 (relative) stops it naming the layer, and non-finite weights are never written. An optional
 *   scale-free ridge λ ({@link io.motif.merge.MergeOptions}) makes any system solvable, trading exactness of the
 *   constraints (reported per layer).</li>
 *   <li>Captions: the first 200 lines, as the reference code (the paper mentions ~1000).</li>
 * </ul>
 *
 * <h2>Compression</h2>
 * {@link io.motif.merge.DeltaCompression}: ΔW = W − W0, SVD, and the reference's rank rule (keep the values before
 * the one where Σs_k/Σs first exceeds the ratio, plain singular values) or a fixed rank. One deviation: when the rule
 * would keep nothing (the largest value alone exceeds the ratio) one direction is kept. Factors are stored as
 * u = U·diag(s), v = Vᵀ in {@link io.motif.merge.CompressedDelta#FILE}, F32 or F16, and load back through the base
 * model as an ordinary delta.
 */
package io.motif.merge;
