package io.motif.shapes.world;

/**
 * Object sizes as a fraction of the image side (the outline's half-extent is half of it). Both fit inside one
 * grid cell, so objects in different cells never touch.
 */
public enum SizeClass {
    SMALL("small", 0.20),
    LARGE("large", 0.30);

    private final String word;
    private final double fraction;

    SizeClass(String word, double fraction) {
        this.word = word;
        this.fraction = fraction;
    }

    public String word() {
        return word;
    }

    /** Outline extent (≈ diameter) as a fraction of the image side. */
    public double fraction() {
        return fraction;
    }

    /** The size class whose extent is nearest to {@code extentFraction}. */
    public static SizeClass nearest(double extentFraction) {
        return extentFraction < (SMALL.fraction + LARGE.fraction) / 2 ? SMALL : LARGE;
    }

    public static SizeClass fromWord(String word) {
        for (SizeClass s : values()) {
            if (s.word.equals(word)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown size: " + word);
    }
}
