package io.motif.events.concept;

import io.motif.events.Image;
import io.motif.events.event.ConceptEvent;
import io.motif.events.event.MergeRequested;
import io.motif.events.event.RegularizationRequested;
import io.motif.events.event.SamplesRequested;
import io.motif.events.event.TrainingRequested;
import io.motif.events.job.Job;
import io.motif.events.job.MergeJob;
import io.motif.events.job.RetrievalJob;
import io.motif.events.job.SamplingJob;
import io.motif.events.job.TrainingJob;

import java.util.List;
import java.util.Optional;

/**
 * The job a "requested" event enqueues. Jobs carry everything a worker needs (object keys, tokens,
 * hyper-parameters) so workers never read the concept log to start.
 */
public final class JobPlanner {

    private JobPlanner() {
    }

    /** @param after the concept's state with {@code event} already applied */
    public static Optional<Job> jobFor(ConceptState after, ConceptEvent event) {
        if (event instanceof RegularizationRequested e) {
            // both sources ("retrieved" and "generated") go to the retrieval pool, which owns regularization data
            return Optional.of(new RetrievalJob(e.jobId(), e.conceptId(), e.tenant(), after.category(), e.source(),
                    e.count()));
        }
        if (event instanceof TrainingRequested e) {
            JobState regularization = after.regularization();
            String manifest = regularization.phase() == Phase.COMPLETED && !regularization.resultKeys().isEmpty()
                    ? regularization.resultKeys().get(0) : null;
            List<String> imageKeys = after.images().stream().map(Image::objectKey).toList();
            return Optional.of(new TrainingJob(e.jobId(), e.conceptId(), e.tenant(), e.attempt(), after.category(),
                    after.modifierToken(), after.initializerToken(), imageKeys, e.steps(), e.batchSize(),
                    e.learningRate(), e.seed(), manifest, after.training().checkpointKey()));
        }
        if (event instanceof MergeRequested e) {
            return Optional.of(new MergeJob(e.jobId(), e.conceptId(), e.tenant(), after.training().resultKeys().get(0),
                    e.withConceptIds()));
        }
        if (event instanceof SamplesRequested e) {
            return Optional.of(new SamplingJob(e.jobId(), e.conceptId(), e.tenant(), List.of(after.currentDeltaKey()),
                    e.prompts(), e.imagesPerPrompt(), e.steps(), e.guidanceScale(), e.seed(), e.sampler(),
                    e.negativePrompt()));
        }
        return Optional.empty();
    }
}
