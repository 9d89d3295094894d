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

    /** Regularization source served by the sampler (generated class images); "retrieved" goes to retrieval. */
    static final String GENERATED = "generated";

    private JobPlanner() {
    }

    /** @param after the concept's state with {@code event} already applied */
    public static Optional<Job> jobFor(ConceptState after, ConceptEvent event) {
        if (event instanceof RegularizationRequested e) {
            if (GENERATED.equals(e.source())) {
                return Optional.of(classImagesJob(after, e));
            }
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
                    e.negativePrompt(), SamplingJob.SAMPLES));
        }
        return Optional.empty();
    }

    /**
     * Generated regularization is a sampling job on the base model (the sampler pool owns image generation): N class
     * images of the category with the paper's settings for generated priors (DDIM, 50 steps, guidance 6), written
     * as a selection manifest like retrieval's. The job names the category, not the class prompt: how that prompt
     * reads depends on the base model's caption style, which the sampler knows and this planner does not. The seed
     * comes from the job id, so a redelivered job makes the same images.
     */
    private static SamplingJob classImagesJob(ConceptState after, RegularizationRequested e) {
        return new SamplingJob(e.jobId(), e.conceptId(), e.tenant(), List.of(),
                List.of(after.category()), e.count(), 50, 6.0,
                Integer.toUnsignedLong(e.jobId().hashCode()), "ddim", null, SamplingJob.REGULARIZATION);
    }
}
