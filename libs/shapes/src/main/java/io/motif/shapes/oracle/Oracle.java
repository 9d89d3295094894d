package io.motif.shapes.oracle;

import io.motif.shapes.world.ObjectSpec;
import io.motif.shapes.world.Prompt;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Judges an image against a structured prompt: finds the objects, pairs each asked-for object with the detected
 * object that agrees with it best (a detected object serves at most one asked-for object), then checks each
 * stated attribute, the object count, and for personal concepts the similarity to the concept's instance images.
 */
public final class Oracle {

    /** Only the largest detections take part in matching; more than this many is noise, not a scene. */
    static final int MAX_CANDIDATES = 6;

    private final Map<String, ConceptFeatures> conceptReferences;

    /** @param conceptReferences each concept id's reference features (see {@link #reference}) */
    public Oracle(Map<String, ConceptFeatures> conceptReferences) {
        this.conceptReferences = Map.copyOf(conceptReferences);
    }

    public Oracle() {
        this(Map.of());
    }

    /** A concept's reference features: the mean over its instance images of their largest object's features. */
    public static ConceptFeatures reference(List<BufferedImage> instances) {
        List<ConceptFeatures> all = new ArrayList<>();
        for (BufferedImage img : instances) {
            largest(ObjectDetector.detect(img)).ifPresent(d -> all.add(ConceptFeatures.of(d.blob())));
        }
        return ConceptFeatures.mean(all);
    }

    /** The similarity of the image's best-matching object to a concept (0 when the image shows no object). */
    public double conceptSimilarity(String conceptId, BufferedImage image) {
        ConceptFeatures ref = referenceOf(conceptId);
        double best = 0;
        for (DetectedObject d : ObjectDetector.detect(image)) {
            best = Math.max(best, ConceptFeatures.of(d.blob()).similarity(ref));
        }
        return best;
    }

    public Verdict judge(Prompt prompt, BufferedImage image) {
        List<DetectedObject> found = new ArrayList<>(ObjectDetector.detect(image));
        found.sort(Comparator.comparingDouble((DetectedObject d) -> d.blob().area()).reversed());
        List<DetectedObject> candidates = found.subList(0, Math.min(MAX_CANDIDATES, found.size()));
        List<ObjectSpec> asked = prompt.objects();
        double[][] score = new double[asked.size()][candidates.size()];
        for (int i = 0; i < asked.size(); i++) {
            for (int j = 0; j < candidates.size(); j++) {
                score[i][j] = agreement(asked.get(i), candidates.get(j));
            }
        }
        int[] assignment = bestAssignment(score, candidates.size());
        List<ObjectVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            DetectedObject d = assignment[i] < 0 ? null : candidates.get(assignment[i]);
            verdicts.add(verdictFor(asked.get(i), d));
        }
        return new Verdict(verdicts, found.size(), found.size() == asked.size());
    }

    private ObjectVerdict verdictFor(ObjectSpec a, DetectedObject d) {
        Boolean shape = d != null && d.shape() == a.shape();
        Boolean colour = a.colour() == null || a.isConcept() ? null : d != null && d.colour() == a.colour();
        Boolean size = a.size() == null ? null : d != null && d.size() == a.size();
        Boolean position = a.position() == null ? null : d != null && d.position() == a.position();
        Double similarity = null;
        if (a.isConcept()) {
            similarity = d == null ? 0.0 : ConceptFeatures.of(d.blob()).similarity(referenceOf(a.concept()));
        }
        return new ObjectVerdict(a, d, shape, colour, size, position, similarity);
    }

    /** How many stated attributes a detection satisfies (plus, for a concept, its similarity in [0, 1]). */
    private double agreement(ObjectSpec a, DetectedObject d) {
        double s = d.shape() == a.shape() ? 1 : 0;
        if (a.colour() != null && !a.isConcept() && d.colour() == a.colour()) {
            s += 1;
        }
        if (a.size() != null && d.size() == a.size()) {
            s += 1;
        }
        if (a.position() != null && d.position() == a.position()) {
            s += 1;
        }
        if (a.isConcept()) {
            s += ConceptFeatures.of(d.blob()).similarity(referenceOf(a.concept()));
        }
        return s + 1e-3; // any match beats none
    }

    private ConceptFeatures referenceOf(String conceptId) {
        ConceptFeatures ref = conceptReferences.get(conceptId);
        if (ref == null) {
            throw new IllegalArgumentException("no reference features for concept " + conceptId);
        }
        return ref;
    }

    /** Exhaustive search over injective assignments (prompts hold at most a few objects). -1 = unmatched. */
    static int[] bestAssignment(double[][] score, int candidates) {
        int n = score.length;
        int[] current = new int[n];
        int[] best = new int[n];
        java.util.Arrays.fill(best, -1);
        double[] bestScore = {-1};
        search(score, candidates, 0, new boolean[candidates], current, 0, best, bestScore);
        return best;
    }

    private static void search(double[][] score, int candidates, int i, boolean[] used, int[] current, double sum,
                               int[] best, double[] bestScore) {
        if (i == score.length) {
            if (sum > bestScore[0]) {
                bestScore[0] = sum;
                System.arraycopy(current, 0, best, 0, current.length);
            }
            return;
        }
        current[i] = -1;
        search(score, candidates, i + 1, used, current, sum, best, bestScore);
        for (int j = 0; j < candidates; j++) {
            if (!used[j]) {
                used[j] = true;
                current[i] = j;
                search(score, candidates, i + 1, used, current, sum + score[i][j], best, bestScore);
                used[j] = false;
            }
        }
    }

    private static java.util.Optional<DetectedObject> largest(List<DetectedObject> found) {
        return found.stream().max(Comparator.comparingDouble(d -> d.blob().area()));
    }
}
