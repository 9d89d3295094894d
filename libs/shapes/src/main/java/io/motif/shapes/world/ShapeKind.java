package io.motif.shapes.world;

import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/**
 * The shape categories of the shapes world. Each outline is defined in a unit box [-1, 1]² (y pointing down) and
 * placed by {@link #outline(double, double, double)}; the oracle renders the same outlines as templates, so the
 * geometry lives only here.
 */
public enum ShapeKind {
    CIRCLE("circle"),
    SQUARE("square"),
    TRIANGLE("triangle"),
    STAR("star"),
    HEART("heart"),
    RING("ring"),
    CROSS("cross");

    private final String word;
    private final Shape unit;

    ShapeKind(String word) {
        this.word = word;
        this.unit = unitOutline(word);
    }

    /** The noun used in captions. */
    public String word() {
        return word;
    }

    /** The outline centred at (cx, cy) with half-extent {@code radius} pixels. */
    public Shape outline(double cx, double cy, double radius) {
        AffineTransform t = new AffineTransform();
        t.translate(cx, cy);
        t.scale(radius, radius);
        return t.createTransformedShape(unit);
    }

    /** The outline's bounding box in unit coordinates (not every shape fills [-1, 1]²). */
    public Rectangle2D unitBounds() {
        return unit.getBounds2D();
    }

    public static ShapeKind fromWord(String word) {
        for (ShapeKind k : values()) {
            if (k.word.equals(word)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown shape: " + word);
    }

    private static Shape unitOutline(String word) {
        switch (word) {
            case "circle":
                return new Ellipse2D.Double(-1, -1, 2, 2);
            case "square":
                // Slightly smaller than the box so that its area is close to the circle's.
                return new Rectangle2D.Double(-0.85, -0.85, 1.7, 1.7);
            case "triangle": {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(0, -1);
                p.lineTo(1, 0.8);
                p.lineTo(-1, 0.8);
                p.closePath();
                return p;
            }
            case "star":
                return star(5, 1.0, 0.45);
            case "heart":
                return heart();
            case "ring": {
                Area a = new Area(new Ellipse2D.Double(-1, -1, 2, 2));
                a.subtract(new Area(new Ellipse2D.Double(-0.5, -0.5, 1.0, 1.0)));
                return a;
            }
            case "cross": {
                Area a = new Area(new Rectangle2D.Double(-1, -0.3, 2, 0.6));
                a.add(new Area(new Rectangle2D.Double(-0.3, -1, 0.6, 2)));
                return a;
            }
            default:
                throw new IllegalStateException(word);
        }
    }

    private static Shape star(int points, double outer, double inner) {
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < 2 * points; i++) {
            double r = (i % 2 == 0) ? outer : inner;
            double a = -Math.PI / 2 + i * Math.PI / points;
            double x = r * Math.cos(a);
            double y = r * Math.sin(a) + 0.1; // the star's mass sits low; nudge it to centre the box
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }

    private static Shape heart() {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, 1);
        p.curveTo(-0.35, 0.65, -1, 0.25, -1, -0.35);
        p.curveTo(-1, -0.8, -0.65, -1, -0.5, -1);
        p.curveTo(-0.2, -1, 0, -0.8, 0, -0.55);
        p.curveTo(0, -0.8, 0.2, -1, 0.5, -1);
        p.curveTo(0.65, -1, 1, -0.8, 1, -0.35);
        p.curveTo(1, 0.25, 0.35, 0.65, 0, 1);
        p.closePath();
        return p;
    }
}
