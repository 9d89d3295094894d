package io.motif.shapes.eval;

import io.motif.training.TrainedWeights;

/** The single-concept rows of the table: what trains, and what regularizes it. */
public enum Method {
    /** The base model, untouched: the "before" of every comparison. */
    BASE("base model", null, Regularization.NONE, false),
    CUSTOM_DIFFUSION("Custom Diffusion (K/V + token, retrieved reg.)", TrainedWeights.CROSSATTN_KV,
            Regularization.RETRIEVED, true),
    /**
     * Custom Diffusion with its token row trained as the reference trains it (the K/V learning rate, no length
     * bound) whatever the model folder's {@link io.motif.training.TokenTraining} says: what that file changes.
     */
    REFERENCE_TOKEN("Custom Diffusion, token at the reference's rate", TrainedWeights.CROSSATTN_KV,
            Regularization.RETRIEVED, false),
    NO_REGULARIZATION("K/V + token, no reg.", TrainedWeights.CROSSATTN_KV, Regularization.NONE, true),
    GENERATED_REGULARIZATION("K/V + token, generated reg.", TrainedWeights.CROSSATTN_KV, Regularization.GENERATED,
            true),
    ALL_UNET("all UNet + token, retrieved reg. (DreamBooth-like)", TrainedWeights.ALL_UNET, Regularization.RETRIEVED,
            true),
    /** Only the token row learns, without class images, as textual inversion does (at its own rate, unbounded). */
    TOKEN_ONLY("token only (textual-inversion-like)", TrainedWeights.TOKEN_ONLY, Regularization.NONE, false);

    /** Where regularization images come from. */
    public enum Regularization { NONE, RETRIEVED, GENERATED }

    private final String label;
    private final TrainedWeights trained;
    private final Regularization regularization;
    private final boolean tokenFollowsModel;

    Method(String label, TrainedWeights trained, Regularization regularization, boolean tokenFollowsModel) {
        this.label = label;
        this.trained = trained;
        this.regularization = regularization;
        this.tokenFollowsModel = tokenFollowsModel;
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

    /** Whether the modifier token trains as the model folder's {@link io.motif.training.TokenTraining} says. */
    public boolean tokenFollowsModel() {
        return tokenFollowsModel;
    }
}
