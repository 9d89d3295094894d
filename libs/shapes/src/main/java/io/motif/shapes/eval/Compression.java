package io.motif.shapes.eval;

/** The compression rows: the single-concept Custom Diffusion delta stored smaller. */
public enum Compression {
    /** Truncated SVD of each K/V change keeping 60 % of the singular-value mass (the reference's setting). */
    RANK_60("60 % rank, fp32 factors", 0.6, true, false),
    RANK_60_FP16("60 % rank, fp16 factors", 0.6, true, true),
    /** The full K/V weights, stored in fp16. */
    FP16("full delta in fp16", 1.0, false, true);

    private final String label;
    private final double ratio;
    private final boolean lowRank;
    private final boolean fp16;

    Compression(String label, double ratio, boolean lowRank, boolean fp16) {
        this.label = label;
        this.ratio = ratio;
        this.lowRank = lowRank;
        this.fp16 = fp16;
    }

    public String label() {
        return label;
    }

    /** The cumulative singular-value share kept (for low-rank rows). */
    public double ratio() {
        return ratio;
    }

    public boolean lowRank() {
        return lowRank;
    }

    public boolean fp16() {
        return fp16;
    }
}
