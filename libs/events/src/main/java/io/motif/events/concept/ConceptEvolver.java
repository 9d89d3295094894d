package io.motif.events.concept;

import io.motif.events.event.ConceptDeleted;
import io.motif.events.event.ConceptEvent;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.event.ImagesAdded;
import io.motif.events.event.ImagesRejected;
import io.motif.events.event.MergeCompleted;
import io.motif.events.event.MergeFailed;
import io.motif.events.event.MergeRequested;
import io.motif.events.event.RegularizationRequested;
import io.motif.events.event.RegularizationSelected;
import io.motif.events.event.SamplesFailed;
import io.motif.events.event.SamplesGenerated;
import io.motif.events.event.SamplesRequested;
import io.motif.events.event.TrainingCheckpointed;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.TrainingFailed;
import io.motif.events.event.TrainingRequested;
import io.motif.events.event.TrainingStarted;

import java.util.List;

/**
 * {@code (state, event) -> state}. Events are facts that were checked before they were appended, so this never
 * refuses one; it only folds it in.
 */
public final class ConceptEvolver {

    private ConceptEvolver() {
    }

    /**
     * @param state the concept before the event, or null if it has no events yet
     * @return the concept after the event; null stays null for anything but a registration (an orphan event in a
     * damaged log changes nothing)
     */
    public static ConceptState evolve(ConceptState state, ConceptEvent event) {
        if (event instanceof ConceptRegistered e) {
            return ConceptState.registered(e.conceptId(), e.tenant(), e.name(), e.category(), e.modifierToken(),
                    e.initializerToken());
        }
        if (state == null) {
            return null;
        }
        return apply(state, event).nextVersion();
    }

    /** Folds a whole history, oldest first. */
    public static ConceptState replay(List<? extends ConceptEvent> events) {
        ConceptState state = null;
        for (ConceptEvent event : events) {
            state = evolve(state, event);
        }
        return state;
    }

    private static ConceptState apply(ConceptState s, ConceptEvent event) {
        if (event instanceof ImagesAdded e) {
            return s.withImages(e.images());
        }
        if (event instanceof ImagesRejected) {
            return s;
        }
        if (event instanceof RegularizationRequested e) {
            return s.withRegularization(s.regularization().requested(e.jobId(), 1));
        }
        if (event instanceof RegularizationSelected e) {
            return s.withRegularization(s.regularization().completed(e.worker(), List.of(e.manifestKey())));
        }
        if (event instanceof TrainingRequested e) {
            return s.withTraining(trainingRequested(s.training(), e));
        }
        if (event instanceof TrainingStarted e) {
            return s.withTraining(s.training().running(e.attempt(), e.worker()));
        }
        if (event instanceof TrainingCheckpointed e) {
            return s.withTraining(s.training().checkpointed(e.worker(), e.step(), e.checkpointKey()));
        }
        if (event instanceof TrainingCompleted e) {
            return supersedeMerge(s.withTraining(s.training().completed(e.worker(), List.of(e.deltaKey()))));
        }
        if (event instanceof TrainingFailed e) {
            return s.withTraining(s.training().failed(e.worker(), e.reason()));
        }
        if (event instanceof MergeRequested e) {
            return s.withMerge(s.merge().requested(e.jobId(), 1));
        }
        if (event instanceof MergeCompleted e) {
            return s.withMerge(s.merge().completed(e.worker(), List.of(e.deltaKey())));
        }
        if (event instanceof MergeFailed e) {
            return s.withMerge(s.merge().failed(e.worker(), e.reason()));
        }
        if (event instanceof SamplesRequested e) {
            return s.withSampling(s.sampling().requested(e.jobId(), 1));
        }
        if (event instanceof SamplesGenerated e) {
            return s.withSampling(s.sampling().completed(e.worker(), e.imageKeys()));
        }
        if (event instanceof SamplesFailed e) {
            return s.withSampling(s.sampling().failed(e.worker(), e.reason()));
        }
        if (event instanceof ConceptDeleted) {
            return s.asDeleted();
        }
        throw new IllegalArgumentException("no fold for " + event.getClass().getSimpleName());
    }

    /**
     * A finished merge was built from the previous trained delta: once a new training completes, the concept's
     * current delta is the new one (merge again to combine it with other concepts).
     */
    private static ConceptState supersedeMerge(ConceptState s) {
        return s.merge().phase() == Phase.COMPLETED ? s.withMerge(JobState.NONE) : s;
    }

    /** A retry after a failure keeps the failed attempt's last checkpoint, so the trainer can resume from it. */
    private static JobState trainingRequested(JobState previous, TrainingRequested e) {
        JobState next = previous.requested(e.jobId(), e.attempt());
        if (previous.phase() == Phase.FAILED && previous.checkpointKey() != null) {
            return new JobState(next.phase(), next.jobId(), next.attempt(), null, previous.checkpointStep(),
                    previous.checkpointKey(), List.of(), null);
        }
        return next;
    }
}
