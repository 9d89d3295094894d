package io.motif.shapes.oracle;

/**
 * One connected region of object pixels, with each pixel's coverage (0..1, how much of the pixel the object
 * covers, from its colour distance relative to the region's own full distance).
 */
public record Blob(int imageSize, int[] pixels, double[] coverage, int[] rgb) {

    public double area() {
        double a = 0;
        for (double c : coverage) {
            a += c;
        }
        return a;
    }

    /** Coverage-weighted centroid {x, y} in pixel coordinates (pixel centres at +0.5). */
    public double[] centroid() {
        double sx = 0;
        double sy = 0;
        double s = 0;
        for (int i = 0; i < pixels.length; i++) {
            int x = pixels[i] % imageSize;
            int y = pixels[i] / imageSize;
            sx += coverage[i] * (x + 0.5);
            sy += coverage[i] * (y + 0.5);
            s += coverage[i];
        }
        return new double[] {sx / s, sy / s};
    }
}
