package io.motif.shapes.oracle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits an image's object pixels into 8-connected regions and drops specks too small to be an object. */
public final class BlobFinder {

    /** Smallest region kept, as a fraction of the image area (a small cross covers about 2 %). */
    public static final double MIN_AREA_FRACTION = 0.006;

    /** Distance from the background above which a pixel next to an object counts as its anti-aliased rim. */
    static final double RIM_THRESHOLD = 8;

    private BlobFinder() {
    }

    public static List<Blob> find(ForegroundMap map) {
        int w = map.width();
        int h = map.height();
        if (w != h) {
            throw new IllegalArgumentException("square images only");
        }
        boolean[] seen = new boolean[w * h];
        List<Blob> blobs = new ArrayList<>();
        int[] stack = new int[w * h];
        for (int start = 0; start < w * h; start++) {
            if (seen[start] || !map.isObject(start)) {
                continue;
            }
            int top = 0;
            int count = 0;
            int[] members = new int[w * h];
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int p = stack[--top];
                members[count++] = p;
                int px = p % w;
                int py = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int x = px + dx;
                        int y = py + dy;
                        if (x < 0 || y < 0 || x >= w || y >= h) {
                            continue;
                        }
                        int q = y * w + x;
                        if (!seen[q] && map.isObject(q)) {
                            seen[q] = true;
                            stack[top++] = q;
                        }
                    }
                }
            }
            if (count >= MIN_AREA_FRACTION * w * h) {
                int[] region = Arrays.copyOf(members, count);
                blobs.add(toBlob(map, withFaintRim(map, region, seen)));
            }
        }
        return blobs;
    }

    /**
     * Adds the faint anti-aliased rim (pixels below the object threshold but clearly not background) around a
     * region, so that its area, and the radius fitted from it, are not biased low.
     */
    private static int[] withFaintRim(ForegroundMap map, int[] region, boolean[] seen) {
        int w = map.width();
        int h = map.height();
        int[] out = Arrays.copyOf(region, region.length * 9);
        int n = region.length;
        for (int p : region) {
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int x = p % w + dx;
                    int y = p / w + dy;
                    if (x < 0 || y < 0 || x >= w || y >= h) {
                        continue;
                    }
                    int q = y * w + x;
                    if (!seen[q] && map.distance(q) > RIM_THRESHOLD) {
                        seen[q] = true;
                        out[n++] = q;
                    }
                }
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Coverage is distance over the region's "full" distance, taken as its 80th percentile: robust to a few
     * off-colour pixels, and exact for a flat-coloured anti-aliased object.
     */
    private static Blob toBlob(ForegroundMap map, int[] members) {
        double[] d = new double[members.length];
        int[] rgb = new int[members.length];
        for (int i = 0; i < members.length; i++) {
            d[i] = map.distance(members[i]);
            rgb[i] = map.rgb(members[i]);
        }
        double[] sorted = d.clone();
        Arrays.sort(sorted);
        double full = sorted[(int) Math.floor(0.8 * (sorted.length - 1))];
        double[] coverage = new double[members.length];
        for (int i = 0; i < members.length; i++) {
            coverage[i] = Math.min(1.0, d[i] / full);
        }
        return new Blob(map.width(), members, coverage, rgb);
    }
}
