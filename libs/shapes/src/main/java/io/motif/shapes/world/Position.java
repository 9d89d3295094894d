package io.motif.shapes.world;

/** The nine cells of a 3×3 grid over the image, with the words captions use for them. */
public enum Position {
    TOP_LEFT(0, 0, "top left"),
    TOP(1, 0, "top"),
    TOP_RIGHT(2, 0, "top right"),
    LEFT(0, 1, "left"),
    CENTRE(1, 1, "centre"),
    RIGHT(2, 1, "right"),
    BOTTOM_LEFT(0, 2, "bottom left"),
    BOTTOM(1, 2, "bottom"),
    BOTTOM_RIGHT(2, 2, "bottom right");

    private final int column;
    private final int row;
    private final String words;

    Position(int column, int row, String words) {
        this.column = column;
        this.row = row;
        this.words = words;
    }

    public int column() {
        return column;
    }

    public int row() {
        return row;
    }

    public String words() {
        return words;
    }

    /** The cell that contains the point (x, y) of an image {@code size} pixels wide. */
    public static Position of(double x, double y, int size) {
        int c = clamp((int) Math.floor(x * 3 / size));
        int r = clamp((int) Math.floor(y * 3 / size));
        return values()[r * 3 + c];
    }

    public static Position fromWords(String words) {
        for (Position p : values()) {
            if (p.words.equals(words)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown position: " + words);
    }

    private static int clamp(int i) {
        return Math.max(0, Math.min(2, i));
    }
}
