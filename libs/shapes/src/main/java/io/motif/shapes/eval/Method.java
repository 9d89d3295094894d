package io.motif.shapes.eval;

import io.motif.training.TrainedWeights;

/** The single-concept rows of the table: what trains, and what regularizes it. */
public enum Method {
    /** The base model, untouched: the "before" of every comparison. */
    BASE("base model", null, Regularization.NONE),
    CUSTOM_DIFFUSION("Custom Diffusion (K/V + token, retrieved reg.)", TrainedWeights.CROSSATTN_KV, Regularization.RETRIEVED),
    NO_REGULARIZATION("K/V + token, no reg.", TrainedWeights.CROSSATTN_KV, Regularization.NONE),
    GENERATED_REGULARIZATION("K/V + token, generated reg.", TrainedWeights.CROSSATTN_KV, Regularization.GENERATED),
    ALL_UNET("all UNet + token, retrieved reg. (DreamBooth-like)", TrainedWeights.ALL_UNET, Regularization.RETRIEVED),
    /** Only the token row learns, without class images, as textual inversion does (at its own learning rate). */
    TOKEN_ONLY("token only (textual-inversion-like)", TrainedWeights.TOKEN_ONLY, Regularization.NONE);

    /** Where regularization images come from. */
    public enum Regularization { NONE, RETRIEVED, GENERATED }

    private final String label;
    private final TrainedWeights trained;
    private final Regularization regularization;

    Method(String label, TrainedWeights trained, Regularization regularization) {
        this.label = label;
        this.trained = trained;
        this.regularization = regularization;
    }

    public String label() {
        return label;
    }

    /** {@code null} for the base model (nothing trains). */
    public TrainedWeights trained() {
        return trained;
    }

    public Regularization regularization() {
        return regularization;
    }
}
