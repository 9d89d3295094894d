package io.motif.shapes.world;

import java.awt.Color;

/** Object colours: six well separated hues, none of them close to a background. */
public enum ShapeColour {
    RED("red", 220, 40, 40),
    ORANGE("orange", 245, 140, 20),
    YELLOW("yellow", 240, 220, 30),
    GREEN("green", 40, 170, 60),
    BLUE("blue", 40, 80, 220),
    PURPLE("purple", 150, 50, 200);

    private final String word;
    private final Color rgb;

    ShapeColour(String word, int r, int g, int b) {
        this.word = word;
        this.rgb = new Color(r, g, b);
    }

    public String word() {
        return word;
    }

    public Color rgb() {
        return rgb;
    }

    public static ShapeColour fromWord(String word) {
        for (ShapeColour c : values()) {
            if (c.word.equals(word)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown colour: " + word);
    }
}
