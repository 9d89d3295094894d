package io.motif.merger.jobs;

import io.motif.events.concept.ConceptState;
import io.motif.events.concept.JobState;
import io.motif.events.concept.Phase;
import io.motif.events.job.MergeJob;
import io.motif.jobs.storage.ContentAddress;
import io.motif.merger.concepts.ConceptLookup;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a merge job into the concepts to merge, in merge order (the requesting concept first, then
 * {@code withConceptIds} in the order given), or says why the job cannot run. The requesting concept's delta is the
 * one the job carries; every other concept's is its current trained delta in the concept log. Only concepts of the
 * job's tenant can be merged, and only trained ones.
 */
final class MergeInputs {

    /** The most concepts one merge takes (the schema's bound on the event's concept list). */
    static final int MAX_CONCEPTS = 16;

    /**
     * One concept to merge.
     *
     * @param regularizationKey the concept's regularization selection manifest, or null if it has none
     */
    record Part(String conceptId, String category, String deltaKey, String regularizationKey) {
    }

    /** Either the parts or the reason the job is rejected. */
    record Resolution(List<Part> parts, String problem) {
        static Resolution rejected(String problem) {
            return new Resolution(List.of(), problem);
        }
    }

    private MergeInputs() {
    }

    static Resolution resolve(MergeJob job, ConceptLookup concepts) {
        List<String> others = job.withConceptIds() == null ? List.of() : job.withConceptIds();
        if (others.isEmpty()) {
            return Resolution.rejected("a merge needs at least one other concept");
        }
        if (others.size() + 1 > MAX_CONCEPTS) {
            return Resolution.rejected("at most " + MAX_CONCEPTS + " concepts can be merged, got " + (others.size() + 1));
        }
        Set<String> seen = new HashSet<>();
        seen.add(job.conceptId());
        for (String id : others) {
            if (!seen.add(id)) {
                return Resolution.rejected("concept " + id + " is named twice in the merge");
            }
        }
        if (!isContentAddressed(job.deltaKey())) {
            return Resolution.rejected("delta key is not content-addressed: " + job.deltaKey());
        }
        List<Part> parts = new ArrayList<>();
        Optional<ConceptState> self = concepts.find(job.conceptId());
        String problem = problemWith(job.conceptId(), job.tenant(), self);
        if (problem != null) {
            return Resolution.rejected(problem);
        }
        // the job's delta, not the fold's: it is the one the concept's single writer planned the merge with
        parts.add(new Part(job.conceptId(), self.get().category(), job.deltaKey(), regularizationOf(self.get())));
        for (String id : others) {
            Optional<ConceptState> other = concepts.find(id);
            problem = problemWith(id, job.tenant(), other);
            if (problem == null) {
                problem = untrained(other.get());
            }
            if (problem != null) {
                return Resolution.rejected(problem);
            }
            JobState training = other.get().training();
            parts.add(new Part(id, other.get().category(), training.resultKeys().get(0), regularizationOf(other.get())));
        }
        for (Part part : parts) {
            if (!isContentAddressed(part.deltaKey())) {
                return Resolution.rejected("delta of concept " + part.conceptId() + " is not content-addressed: "
                        + part.deltaKey());
            }
        }
        return new Resolution(List.copyOf(parts), null);
    }

    private static String problemWith(String conceptId, String tenant, Optional<ConceptState> state) {
        if (state.isEmpty()) {
            return "concept " + conceptId + " is not registered";
        }
        if (!state.get().tenant().equals(tenant)) {
            // nothing else about another tenant's concept is said
            return "concept " + conceptId + " belongs to another tenant";
        }
        if (state.get().deleted()) {
            return "concept " + conceptId + " was deleted";
        }
        return null;
    }

    private static String untrained(ConceptState state) {
        JobState training = state.training();
        if (training.phase() == Phase.COMPLETED && !training.resultKeys().isEmpty()) {
            return null;
        }
        return "concept " + state.conceptId() + " has no completed training (its training is "
                + training.phase().name().toLowerCase(Locale.ROOT) + ")";
    }

    private static String regularizationOf(ConceptState state) {
        JobState reg = state.regularization();
        return reg.phase() == Phase.COMPLETED && !reg.resultKeys().isEmpty() ? reg.resultKeys().get(0) : null;
    }

    private static boolean isContentAddressed(String key) {
        try {
            ContentAddress.hashOf(key);
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }
}
