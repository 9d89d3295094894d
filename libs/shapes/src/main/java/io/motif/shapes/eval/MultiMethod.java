package io.motif.shapes.eval;

/** The multi-concept rows: three ways to get two personal concepts into one model. */
public enum MultiMethod {
    /** One run on both concepts' images, each with its own token (twice the single-concept steps, as the reference). */
    JOINT("joint training"),
    /** Each concept trained alone (the single-concept Custom Diffusion deltas), then merged in closed form. */
    MERGE("closed-form merge of single-concept deltas"),
    /** The first concept's single-concept delta, then the second trained from that model. */
    SEQUENTIAL("sequential training (first, then second)");

    private final String label;

    MultiMethod(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
