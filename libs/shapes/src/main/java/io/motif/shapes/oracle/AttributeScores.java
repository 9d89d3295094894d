package io.motif.shapes.oracle;

import java.util.LinkedHashMap;
import java.util.Map;

/** Running per-attribute accuracy over many verdicts (only stated attributes count). */
public final class AttributeScores {

    public static final String SHAPE = "shape";
    public static final String COLOUR = "colour";
    public static final String SIZE = "size";
    public static final String POSITION = "position";
    public static final String COUNT = "count";
    public static final String ALL = "all";

    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private double similaritySum;
    private int similarityCount;

    public AttributeScores() {
        for (String a : new String[] {SHAPE, COLOUR, SIZE, POSITION, COUNT, ALL}) {
            counts.put(a, new int[2]);
        }
    }

    public void add(Verdict v) {
        for (ObjectVerdict o : v.objects()) {
            count(SHAPE, o.shape());
            count(COLOUR, o.colour());
            count(SIZE, o.size());
            count(POSITION, o.position());
            if (o.conceptSimilarity() != null) {
                similaritySum += o.conceptSimilarity();
                similarityCount++;
            }
        }
        count(COUNT, v.countCorrect());
        count(ALL, v.allCorrect());
    }

    private void count(String attribute, Boolean correct) {
        if (correct == null) {
            return;
        }
        int[] c = counts.get(attribute);
        c[1]++;
        if (correct) {
            c[0]++;
        }
    }

    /** Fraction right, or NaN when the attribute was never stated. */
    public double accuracy(String attribute) {
        int[] c = counts.get(attribute);
        return c[1] == 0 ? Double.NaN : (double) c[0] / c[1];
    }

    public int total(String attribute) {
        return counts.get(attribute)[1];
    }

    /** Mean concept similarity over concept objects, or NaN when there were none. */
    public double meanConceptSimilarity() {
        return similarityCount == 0 ? Double.NaN : similaritySum / similarityCount;
    }

    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String a : counts.keySet()) {
            m.put(a, accuracy(a));
        }
        if (similarityCount > 0) {
            m.put("concept_similarity", meanConceptSimilarity());
        }
        return m;
    }
}
