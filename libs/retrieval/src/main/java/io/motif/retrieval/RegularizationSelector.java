package io.motif.retrieval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses a concept's retrieved regularization images: the k captions nearest the category caption, keeping
 * those above the similarity threshold and, when there are not enough, following the request's shortfall policy.
 * The reference scripts had no threshold at all (they took LAION's top hits); the paper's 0.85 is the default here.
 */
public final class RegularizationSelector {
    private final CaptionIndex index;
    private final CaptionEncoder encoder;

    public RegularizationSelector(CaptionIndex index, CaptionEncoder encoder) {
        if (!index.metadata().encoderId().equals(encoder.id())) {
            throw new IllegalArgumentException("the index was built with encoder '" + index.metadata().encoderId()
                    + "' but queries would be encoded with '" + encoder.id() + "': rebuild the index or use that encoder");
        }
        this.index = index;
        this.encoder = encoder;
    }

    public Selection select(SelectionRequest request) throws IOException {
        int corpus = index.size();
        int wanted = Math.min(request.k(), corpus);
        boolean exact = index.searchesExactly();
        List<ScoredCaption> hits = index.search(encoder.encode(request.queryCaption()), wanted);

        List<Selection.SelectedImage> chosen = new ArrayList<>();
        int above = 0;
        for (ScoredCaption h : hits) {
            boolean clears = h.cosine() >= request.threshold();
            if (clears) {
                above++;
            }
            if (clears || request.shortfall() == SelectionRequest.ShortfallPolicy.FILL_WITH_BEST_BELOW) {
                chosen.add(new Selection.SelectedImage(h.imageKey(), h.caption(), h.cosine(), clears));
            }
        }
        Selection.Status status;
        String note;
        if (above >= request.k()) {
            status = Selection.Status.COMPLETE;
            note = request.k() + " captions at or above cosine " + request.threshold();
        } else if (request.shortfall() == SelectionRequest.ShortfallPolicy.FILL_WITH_BEST_BELOW && !chosen.isEmpty()) {
            status = Selection.Status.FILLED_BELOW_THRESHOLD;
            note = "only " + above + " of " + request.k() + " captions reach cosine " + request.threshold()
                    + "; topped up with the " + (chosen.size() - above) + " best below it (lowest "
                    + String.format("%.3f", chosen.get(chosen.size() - 1).score()) + ")"
                    + (chosen.size() < request.k() ? "; the corpus holds only " + corpus + " captions" : "");
        } else {
            status = Selection.Status.SHORT;
            note = "only " + above + " of " + request.k() + " captions reach cosine " + request.threshold()
                    + (corpus == 0 ? "; the corpus is empty" : "; nothing below the threshold was used");
        }
        return new Selection(request.queryCaption(), encoder.id(), request.k(), request.threshold(),
                request.shortfall(), status, above, corpus, exact, List.copyOf(chosen), note);
    }
}
