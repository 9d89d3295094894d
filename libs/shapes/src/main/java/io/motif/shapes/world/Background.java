package io.motif.shapes.world;

import java.awt.Color;

/** Neutral backgrounds, each far (in RGB distance) from every {@link ShapeColour}. */
public enum Background {
    WHITE("white", 245, 245, 245),
    BLACK("black", 20, 20, 20),
    GRAY("gray", 96, 96, 96);

    private final String word;
    private final Color rgb;

    Background(String word, int r, int g, int b) {
        this.word = word;
        this.rgb = new Color(r, g, b);
    }

    public String word() {
        return word;
    }

    public Color rgb() {
        return rgb;
    }

    public static Background fromWord(String word) {
        for (Background b : values()) {
            if (b.word.equals(word)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown background: " + word);
    }
}
