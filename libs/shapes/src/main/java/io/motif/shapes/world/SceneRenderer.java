package io.motif.shapes.world;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Draws scenes with anti-aliased Java2D at a chosen resolution. */
public final class SceneRenderer {

    private final int size;

    public SceneRenderer(int size) {
        if (size < 8 || size > 512) {
            throw new IllegalArgumentException("resolution out of range: " + size);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    public BufferedImage render(Scene scene) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(scene.background().rgb());
            g.fillRect(0, 0, size, size);
            for (PlacedObject o : scene.objects()) {
                double cx = o.centreX() * size;
                double cy = o.centreY() * size;
                double r = o.radiusPixels(size);
                ObjectSpec t = o.truth();
                if (t.isConcept()) {
                    PersonalConcept.fromId(t.concept()).paint(g, cx, cy, r);
                } else {
                    g.setColor(t.colour().rgb());
                    g.fill(t.shape().outline(cx, cy, r));
                }
            }
        } finally {
            g.dispose();
        }
        return img;
    }
}
