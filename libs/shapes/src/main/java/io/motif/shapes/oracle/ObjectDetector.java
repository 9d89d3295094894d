package io.motif.shapes.oracle;

import io.motif.shapes.world.Position;
import io.motif.shapes.world.ShapeColour;
import io.motif.shapes.world.SizeClass;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** Finds the objects in an image and reads their shape, colour, size and position. */
public final class ObjectDetector {

    /** Pixels at least this covered are "pure" object colour and decide the colour. */
    static final double PURE_COVERAGE = 0.9;

    private ObjectDetector() {
    }

    public static List<DetectedObject> detect(BufferedImage image) {
        int size = image.getWidth();
        List<DetectedObject> out = new ArrayList<>();
        for (Blob b : BlobFinder.find(new ForegroundMap(image))) {
            ShapeFit.Result fit = ShapeFit.fit(b);
            SizeClass sz = SizeClass.nearest(2 * fit.radius() / size);
            Position pos = Position.of(fit.centreX(), fit.centreY(), size);
            out.add(new DetectedObject(fit.shape(), colourOf(b), sz, pos, fit, b));
        }
        return out;
    }

    /** The palette colour nearest (in RGB) to the blob's mean pure-object colour. */
    static ShapeColour colourOf(Blob b) {
        double[] sum = new double[3];
        double n = 0;
        for (int i = 0; i < b.pixels().length; i++) {
            if (b.coverage()[i] >= PURE_COVERAGE) {
                int p = b.rgb()[i];
                sum[0] += (p >> 16) & 0xff;
                sum[1] += (p >> 8) & 0xff;
                sum[2] += p & 0xff;
                n++;
            }
        }
        ShapeColour best = null;
        double bestD = Double.MAX_VALUE;
        for (ShapeColour c : ShapeColour.values()) {
            double dr = sum[0] / n - c.rgb().getRed();
            double dg = sum[1] / n - c.rgb().getGreen();
            double db = sum[2] / n - c.rgb().getBlue();
            double d = dr * dr + dg * dg + db * db;
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best;
    }
}
