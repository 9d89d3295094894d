package io.motif.events.concept;

import io.motif.events.Image;
import io.motif.events.command.RequestMerge;
import io.motif.events.command.RequestSamples;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.event.ImagesAdded;
import io.motif.events.event.MergeCompleted;
import io.motif.events.event.MergeFailed;
import io.motif.events.event.MergeRequested;
import io.motif.events.event.SamplesRequested;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.TrainingRequested;
import io.motif.events.event.TrainingStarted;
import io.motif.events.job.MergeJob;
import io.motif.events.job.SamplingJob;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.motif.events.concept.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A merge's life on the concept: its job, the merger's reports, and which delta sampling uses afterwards. */
class MergeLifecycleTest {

    static final String ID = "my-dog";
    static final String T = "acme";
    static final ConceptRegistered REGISTERED = new ConceptRegistered(ID, T, "My dog", "dog", "<new1>", "ktn");
    static final ImagesAdded ADDED = new ImagesAdded(ID, T,
            List.of(new Image("acme/concepts/my-dog/images/a.png", "a".repeat(64), 512, 512, "png")));
    static final TrainingRequested TRAINING = new TrainingRequested(ID, T, "train-c4", 1, 250, 8, 8e-5, 42);
    static final TrainingStarted STARTED = new TrainingStarted(ID, T, "train-c4", 1, "gpu-0", null);
    static final String DELTA = "tenants/acme/deltas/" + "d".repeat(64);
    static final TrainingCompleted TRAINED = new TrainingCompleted(ID, T, "train-c4", 1, "gpu-0", 250, DELTA, 0.08);

    static final String MERGED = "tenants/acme/deltas/" + "e".repeat(64);
    static final MergeRequested MERGE = new MergeRequested(ID, T, "merge-c7", List.of("my-cat"));
    static final MergeCompleted MERGED_OK = new MergeCompleted(ID, T, "merge-c7", "merger-0", MERGED,
            List.of(new MergeCompleted.MergedConcept(ID, "<new1>", "dog"),
                    new MergeCompleted.MergedConcept("my-cat", "<new2>", "cat")),
            List.of(new MergeCompleted.MergedLayer("mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight",
                    1e-15, 0.01, 0.8, 0.04)));
    static final RequestSamples SAMPLE = new RequestSamples("c9", T, ID, List.of("photo of a <new1> dog"), 1, 20, 6.0,
            7, "ddim", null);

    @Test
    void theMergeJobCarriesTheConceptsTrainedDeltaAndTheOtherConceptIds() {
        ConceptState after = given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED)
                .when(new RequestMerge("c7", T, ID, List.of("my-cat"))).then(MERGE);
        MergeJob job = (MergeJob) JobPlanner.jobFor(after, MERGE).orElseThrow();
        assertThat(job.deltaKey()).isEqualTo(DELTA);
        assertThat(job.withConceptIds()).containsExactly("my-cat");
        assertThat(job.jobId()).isEqualTo("merge-c7");
    }

    @Test
    void samplingAfterACompletedMergeUsesTheMergedDelta() {
        ConceptState merged = given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED, MERGE).when(MERGED_OK)
                .then(MERGED_OK);
        assertThat(merged.merge().phase()).isEqualTo(Phase.COMPLETED);
        assertThat(merged.currentDeltaKey()).isEqualTo(MERGED);

        SamplesRequested requested = new SamplesRequested(ID, T, "sample-c9", SAMPLE.prompts(), 1, 20, 6.0, 7, "ddim",
                null);
        ConceptState sampling = given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED, MERGE, MERGED_OK).when(SAMPLE)
                .then(requested);
        SamplingJob job = (SamplingJob) JobPlanner.jobFor(sampling, requested).orElseThrow();
        assertThat(job.deltaKeys()).containsExactly(MERGED);
    }

    @Test
    void aFailedMergeLeavesSamplingOnTheTrainedDeltaAndAllowsANewMerge() {
        MergeFailed failed = new MergeFailed(ID, T, "merge-c7", "merger-0", "concept my-cat has no completed training");
        ConceptState after = given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED, MERGE).when(failed).then(failed);
        assertThat(after.merge().failure()).contains("no completed training");
        assertThat(after.currentDeltaKey()).isEqualTo(DELTA);
        given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED, MERGE, failed)
                .when(new RequestMerge("c8", T, ID, List.of("my-cat")))
                .then(new MergeRequested(ID, T, "merge-c8", List.of("my-cat")));
    }

    @Test
    void aSecondMergeStartsFromTheTrainedDeltaNotTheEarlierMerge() {
        MergeRequested again = new MergeRequested(ID, T, "merge-c8", List.of("my-bird"));
        ConceptState after = given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED, MERGE, MERGED_OK)
                .when(new RequestMerge("c8", T, ID, List.of("my-bird"))).then(again);
        assertThat(((MergeJob) JobPlanner.jobFor(after, again).orElseThrow()).deltaKey()).isEqualTo(DELTA);
    }

    @Test
    void aNewTrainingSupersedesAnEarlierMergeSoSamplingUsesTheNewDelta() {
        String retrained = "tenants/acme/deltas/" + "f".repeat(64);
        TrainingRequested again = new TrainingRequested(ID, T, "train-c10", 2, 250, 8, 8e-5, 43);
        TrainingCompleted done = new TrainingCompleted(ID, T, "train-c10", 2, "gpu-0", 250, retrained, 0.07);
        ConceptState after = given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED, MERGE, MERGED_OK, again).when(done)
                .then(done);
        assertThat(after.currentDeltaKey()).isEqualTo(retrained);
        assertThat(after.merge().phase()).isEqualTo(Phase.NONE);
    }

    @Test
    void mergerReportsAreCheckedAgainstTheCurrentMergeJob() {
        // a repeat of the outcome changes nothing; a report for another job is refused
        given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED, MERGE, MERGED_OK).when(MERGED_OK).then();
        given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED, MERGE)
                .when(new MergeFailed(ID, T, "merge-old", "merger-0", "late"))
                .thenRejected("not the concept's current merge job");
        given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED, MERGE, MERGED_OK)
                .when(new RequestMerge("c8", T, ID, List.of("my-cat"))).then(new MergeRequested(ID, T, "merge-c8",
                        List.of("my-cat")));
    }
}
