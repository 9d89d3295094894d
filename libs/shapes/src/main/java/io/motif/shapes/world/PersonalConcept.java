package io.motif.shapes.world;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;

/**
 * Objects the base world never shows: a known category drawn with a distinctive two-colour pattern. The pattern's
 * scale follows the object's size, so it stays the same object at every size. Both colours are saturated, so the
 * whole object stands out from every {@link Background}, and both are colours of the world's palette (the star's
 * red a darker shade of it): what is new is the pattern, not the paint. motif-tiny draws pixels in the six colours
 * it was trained on; with concepts painted in colours outside them (a light blue, a dark blue, a yellow-green) no
 * fine-tuning method in the evaluation moved their image alignment. Each pattern is coarse enough to survive at the
 * world's sizes (6–10 px): a square in red and blue checks, three by three, came out as their average, purple, under
 * every method, and was replaced by the framed square.
 */
public enum PersonalConcept {
    STRIPED_STAR("striped-star", ShapeKind.STAR, ShapeColour.YELLOW.rgb(), new Color(200, 30, 60)) {
        @Override
        void paintPattern(Graphics2D g, double cx, double cy, double r) {
            // diagonal stripes, two and a half periods across the object
            double period = r * 0.8;
            g.rotate(Math.PI / 4, cx, cy);
            for (double x = cx - 2 * r; x < cx + 2 * r; x += period) {
                g.fill(new Rectangle2D.Double(x, cy - 2 * r, period / 2, 4 * r));
            }
        }
    },
    DOTTED_HEART("dotted-heart", ShapeKind.HEART, ShapeColour.BLUE.rgb(), ShapeColour.YELLOW.rgb()) {
        @Override
        void paintPattern(Graphics2D g, double cx, double cy, double r) {
            double step = r * 0.7;
            double dot = r * 0.32;
            for (double y = cy - r; y <= cy + r; y += step) {
                for (double x = cx - r; x <= cx + r; x += step) {
                    g.fill(new Ellipse2D.Double(x - dot / 2, y - dot / 2, dot, dot));
                }
            }
        }
    },
    FRAMED_SQUARE("framed-square", ShapeKind.SQUARE, ShapeColour.GREEN.rgb(), ShapeColour.ORANGE.rgb()) {
        @Override
        void paintPattern(Graphics2D g, double cx, double cy, double r) {
            // an orange centre of half the side in a green frame
            g.fill(new Rectangle2D.Double(cx - r * 0.5, cy - r * 0.5, r, r));
        }
    },
    BULLSEYE_CIRCLE("bullseye-circle", ShapeKind.CIRCLE, ShapeColour.YELLOW.rgb(), ShapeColour.GREEN.rgb()) {
        @Override
        void paintPattern(Graphics2D g, double cx, double cy, double r) {
            double outer = r * 0.75;
            double inner = r * 0.3;
            Shape band = new Ellipse2D.Double(cx - outer, cy - outer, 2 * outer, 2 * outer);
            g.fill(band);
            g.setColor(base());
            g.fill(new Ellipse2D.Double(cx - r * 0.5, cy - r * 0.5, r, r));
            g.setColor(accent());
            g.fill(new Ellipse2D.Double(cx - inner, cy - inner, 2 * inner, 2 * inner));
        }
    };

    private final String id;
    private final ShapeKind category;
    private final Color base;
    private final Color accent;

    PersonalConcept(String id, ShapeKind category, Color base, Color accent) {
        this.id = id;
        this.category = category;
        this.base = base;
        this.accent = accent;
    }

    public String id() {
        return id;
    }

    /** The known category the concept belongs to; its word goes in prompts ("a &lt;new1&gt; star"). */
    public ShapeKind category() {
        return category;
    }

    Color base() {
        return base;
    }

    Color accent() {
        return accent;
    }

    /** Paints the concept object centred at (cx, cy) with half-extent r. */
    public void paint(Graphics2D g, double cx, double cy, double r) {
        Shape outline = category.outline(cx, cy, r);
        Graphics2D p = (Graphics2D) g.create();
        try {
            p.setColor(base);
            p.fill(outline);
            p.clip(outline);
            p.setColor(accent);
            paintPattern(p, cx, cy, r);
        } finally {
            p.dispose();
        }
    }

    abstract void paintPattern(Graphics2D g, double cx, double cy, double r);

    public static PersonalConcept fromId(String id) {
        for (PersonalConcept c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown concept: " + id);
    }
}
