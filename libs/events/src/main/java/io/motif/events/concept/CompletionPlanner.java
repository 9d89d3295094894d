package io.motif.events.concept;

import io.motif.events.completion.Completion;
import io.motif.events.completion.JobCompleted;
import io.motif.events.completion.JobFailed;
import io.motif.events.event.ConceptEvent;
import io.motif.events.event.MergeCompleted;
import io.motif.events.event.MergeFailed;
import io.motif.events.event.RegularizationSelected;
import io.motif.events.event.SamplesFailed;
import io.motif.events.event.SamplesGenerated;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.TrainingFailed;

import java.util.List;
import java.util.Optional;

/** The job completion a subscriber sees on {@code motif.completions} when a job's final event enters the log. */
public final class CompletionPlanner {

    private CompletionPlanner() {
    }

    public static Optional<Completion> completionFor(ConceptEvent event) {
        if (event instanceof RegularizationSelected e) {
            return done(e.jobId(), e, "retrieval", List.of(e.manifestKey()));
        }
        if (event instanceof TrainingCompleted e) {
            return done(e.jobId(), e, "training", List.of(e.deltaKey()));
        }
        if (event instanceof MergeCompleted e) {
            return done(e.jobId(), e, "merge", List.of(e.deltaKey()));
        }
        if (event instanceof SamplesGenerated e) {
            return done(e.jobId(), e, "sampling", e.imageKeys());
        }
        if (event instanceof TrainingFailed e) {
            return Optional.of(new JobFailed(e.jobId(), e.conceptId(), e.tenant(), "training", e.reason(), e.retryable()));
        }
        if (event instanceof MergeFailed e) {
            return Optional.of(new JobFailed(e.jobId(), e.conceptId(), e.tenant(), "merge", e.reason(), false));
        }
        if (event instanceof SamplesFailed e) {
            return Optional.of(new JobFailed(e.jobId(), e.conceptId(), e.tenant(), "sampling", e.reason(), false));
        }
        return Optional.empty();
    }

    private static Optional<Completion> done(String jobId, ConceptEvent e, String kind, List<String> keys) {
        return Optional.of(new JobCompleted(jobId, e.conceptId(), e.tenant(), kind, keys));
    }
}
