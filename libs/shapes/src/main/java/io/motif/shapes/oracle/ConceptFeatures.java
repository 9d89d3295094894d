package io.motif.shapes.oracle;

import java.util.Arrays;
import java.util.List;

/**
 * The fixed feature the oracle compares concept objects with, our stand-in for the paper's CLIP/DINO image
 * alignment. Three parts, each blind to position and size:
 * <ul>
 *   <li>colour histogram: 4×4×4 RGB bins over the object's pixels, weighted by coverage, summing to 1;</li>
 *   <li>pattern energy: mean RGB distance between neighbouring interior pixels over 255 (0 for a flat object,
 *       high for stripes, dots and checks);</li>
 *   <li>silhouette: the first two Hu moment invariants of the coverage mask.</li>
 * </ul>
 * {@link #similarity} mixes them as 0.5·histogram intersection + 0.25·exp(−|Δenergy|/0.05) +
 * 0.25·exp(−|Δsilhouette|/0.05), a number in [0, 1].
 */
public record ConceptFeatures(double[] histogram, double patternEnergy, double[] silhouette) {

    static final int BINS = 4;

    public static ConceptFeatures of(Blob b) {
        double[] hist = new double[BINS * BINS * BINS];
        double total = 0;
        for (int i = 0; i < b.pixels().length; i++) {
            double c = b.coverage()[i];
            if (c < 0.5) {
                continue; // rim pixels are mostly background colour
            }
            int p = b.rgb()[i];
            int r = ((p >> 16) & 0xff) * BINS / 256;
            int g = ((p >> 8) & 0xff) * BINS / 256;
            int bl = (p & 0xff) * BINS / 256;
            hist[(r * BINS + g) * BINS + bl] += c;
            total += c;
        }
        for (int i = 0; i < hist.length; i++) {
            hist[i] = total == 0 ? 0 : hist[i] / total;
        }
        return new ConceptFeatures(hist, patternEnergy(b), huMoments(b));
    }

    public double similarity(ConceptFeatures ref) {
        double inter = 0;
        for (int i = 0; i < histogram.length; i++) {
            inter += Math.min(histogram[i], ref.histogram[i]);
        }
        double energy = Math.exp(-Math.abs(patternEnergy - ref.patternEnergy) / 0.05);
        double dh = 0;
        for (int i = 0; i < silhouette.length; i++) {
            dh += Math.abs(silhouette[i] - ref.silhouette[i]);
        }
        double shape = Math.exp(-dh / 0.05);
        return 0.5 * inter + 0.25 * energy + 0.25 * shape;
    }

    /** The element-wise mean of several objects' features: a concept's reference from its instance images. */
    public static ConceptFeatures mean(List<ConceptFeatures> all) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("no features to average");
        }
        double[] h = new double[all.get(0).histogram.length];
        double[] s = new double[all.get(0).silhouette.length];
        double e = 0;
        for (ConceptFeatures f : all) {
            for (int i = 0; i < h.length; i++) {
                h[i] += f.histogram[i] / all.size();
            }
            for (int i = 0; i < s.length; i++) {
                s[i] += f.silhouette[i] / all.size();
            }
            e += f.patternEnergy / all.size();
        }
        return new ConceptFeatures(h, e, s);
    }

    private static double patternEnergy(Blob b) {
        int size = b.imageSize();
        int[] rgbAt = new int[size * size];
        boolean[] interior = new boolean[size * size];
        Arrays.fill(rgbAt, -1);
        for (int i = 0; i < b.pixels().length; i++) {
            rgbAt[b.pixels()[i]] = b.rgb()[i];
            interior[b.pixels()[i]] = b.coverage()[i] >= 0.999;
        }
        double sum = 0;
        int n = 0;
        for (int p = 0; p < interior.length; p++) {
            if (!interior[p]) {
                continue;
            }
            int x = p % size;
            if (x + 1 < size && interior[p + 1]) {
                sum += rgbDistance(rgbAt[p], rgbAt[p + 1]);
                n++;
            }
            if (p + size < interior.length && interior[p + size]) {
                sum += rgbDistance(rgbAt[p], rgbAt[p + size]);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n / 255.0;
    }

    private static double rgbDistance(int a, int b) {
        int dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff);
        int dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff);
        int db = (a & 0xff) - (b & 0xff);
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    /** Hu's first two invariants of the coverage mask (translation, scale and rotation invariant). */
    private static double[] huMoments(Blob b) {
        int size = b.imageSize();
        double m00 = b.area();
        double[] c = b.centroid();
        double mu20 = 0;
        double mu02 = 0;
        double mu11 = 0;
        for (int i = 0; i < b.pixels().length; i++) {
            double x = b.pixels()[i] % size + 0.5 - c[0];
            double y = b.pixels()[i] / size + 0.5 - c[1];
            double w = b.coverage()[i];
            mu20 += w * x * x;
            mu02 += w * y * y;
            mu11 += w * x * y;
        }
        double norm = m00 * m00; // η_pq = μ_pq / μ00^(1+(p+q)/2), with p+q = 2
        double n20 = mu20 / norm;
        double n02 = mu02 / norm;
        double n11 = mu11 / norm;
        double h1 = n20 + n02;
        double h2 = (n20 - n02) * (n20 - n02) + 4 * n11 * n11;
        return new double[] {h1, Math.sqrt(h2)};
    }
}
