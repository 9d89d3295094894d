package io.motif.training;

/**
 * What one optimizer step measured: loss parts (means over its micro-batches) and the gradient norm before clipping.
 */
public record StepResult(int step, double loss, double instanceLoss, double priorLoss, double gradNorm, double clipCoef) {}
