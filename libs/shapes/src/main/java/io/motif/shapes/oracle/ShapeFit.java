package io.motif.shapes.oracle;

import io.motif.shapes.world.ShapeKind;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.util.EnumMap;
import java.util.Map;

/**
 * Decides a blob's shape by fitting every shape's outline to it and keeping the best soft overlap (intersection
 * over union of coverages). Each candidate is placed from the blob's area and centroid, using the outline's own
 * unit area and centroid, so the fit needs no search.
 */
public final class ShapeFit {

    /** The best-fitting shape, where it sits (outline centre, pixels), its half-extent and the overlap score. */
    public record Result(ShapeKind shape, double centreX, double centreY, double radius, double overlap) {
    }

    private static final int UNIT_RENDER = 400;
    private static final Map<ShapeKind, double[]> UNIT_MOMENTS = unitMoments();

    private ShapeFit() {
    }

    public static Result fit(Blob blob) {
        Result best = null;
        for (ShapeKind k : ShapeKind.values()) {
            Result r = fit(blob, k);
            if (best == null || r.overlap() > best.overlap()) {
                best = r;
            }
        }
        return best;
    }

    public static Result fit(Blob blob, ShapeKind k) {
        double[] m = UNIT_MOMENTS.get(k); // {area, centroidX, centroidY} of the unit outline
        double radius = Math.sqrt(blob.area() / m[0]);
        double[] c = blob.centroid();
        double cx = c[0] - radius * m[1];
        double cy = c[1] - radius * m[2];
        int size = blob.imageSize();
        double[] template = coverage(k, cx, cy, radius, size);
        double[] observed = new double[size * size];
        for (int i = 0; i < blob.pixels().length; i++) {
            observed[blob.pixels()[i]] = blob.coverage()[i];
        }
        double inter = 0;
        double union = 0;
        for (int i = 0; i < observed.length; i++) {
            inter += Math.min(observed[i], template[i]);
            union += Math.max(observed[i], template[i]);
        }
        return new Result(k, cx, cy, radius, union == 0 ? 0 : inter / union);
    }

    /** Anti-aliased coverage of one outline on a size×size grid. */
    static double[] coverage(ShapeKind k, double cx, double cy, double radius, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fill(k.outline(cx, cy, radius));
        } finally {
            g.dispose();
        }
        Raster r = img.getRaster();
        double[] out = new double[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                out[y * size + x] = r.getSample(x, y, 0) / 255.0;
            }
        }
        return out;
    }

    private static Map<ShapeKind, double[]> unitMoments() {
        Map<ShapeKind, double[]> out = new EnumMap<>(ShapeKind.class);
        double half = UNIT_RENDER / 2.0;
        for (ShapeKind k : ShapeKind.values()) {
            double[] cov = coverage(k, half, half, half * 0.9, UNIT_RENDER);
            double a = 0;
            double sx = 0;
            double sy = 0;
            for (int i = 0; i < cov.length; i++) {
                double x = i % UNIT_RENDER + 0.5 - half;
                double y = i / UNIT_RENDER + 0.5 - half;
                a += cov[i];
                sx += cov[i] * x;
                sy += cov[i] * y;
            }
            double scale = half * 0.9;
            out.put(k, new double[] {a / (scale * scale), sx / a / scale, sy / a / scale});
        }
        return out;
    }
}
