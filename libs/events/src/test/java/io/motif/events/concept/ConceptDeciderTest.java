package io.motif.events.concept;

import io.motif.events.Image;
import io.motif.events.ImageRejection;
import io.motif.events.command.AddImages;
import io.motif.events.command.DeleteConcept;
import io.motif.events.command.RegisterConcept;
import io.motif.events.command.RequestMerge;
import io.motif.events.command.RequestRegularization;
import io.motif.events.command.RequestSamples;
import io.motif.events.command.RequestTraining;
import io.motif.events.event.ConceptDeleted;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.event.ImagesAdded;
import io.motif.events.event.ImagesRejected;
import io.motif.events.event.MergeRequested;
import io.motif.events.event.RegularizationRequested;
import io.motif.events.event.RegularizationSelected;
import io.motif.events.event.SamplesRequested;
import io.motif.events.event.TrainingCheckpointed;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.TrainingFailed;
import io.motif.events.event.TrainingRequested;
import io.motif.events.event.TrainingStarted;
import io.motif.events.job.TrainingJob;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.motif.events.concept.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

class ConceptDeciderTest {

    static final String ID = "my-dog";
    static final String T = "acme";
    static final String SHA_A = "a".repeat(64);
    static final String SHA_B = "b".repeat(64);
    static final Image A = new Image("acme/concepts/my-dog/images/a.png", SHA_A, 512, 512, "png");
    static final Image B = new Image("acme/concepts/my-dog/images/b.png", SHA_B, 512, 384, "png");
    static final Image TINY = new Image("acme/concepts/my-dog/images/c.png", "c".repeat(64), 48, 512, "png");

    static final ConceptRegistered REGISTERED = new ConceptRegistered(ID, T, "My dog", "dog", "<new1>", "ktn");
    static final ImagesAdded ADDED = new ImagesAdded(ID, T, List.of(A, B));
    static final TrainingRequested TRAINING = new TrainingRequested(ID, T, "train-c4", 1, 250, 8, 8e-5, 42);
    static final TrainingStarted STARTED = new TrainingStarted(ID, T, "train-c4", 1, "gpu-0", null);
    static final String DELTA = "acme/concepts/my-dog/deltas/d.safetensors";
    static final TrainingCompleted TRAINED = new TrainingCompleted(ID, T, "train-c4", 1, "gpu-0", 250, DELTA, 0.08);

    @Test
    void registeringAFreshIdFillsInTheDefaultTokens() {
        given().when(new RegisterConcept("c1", T, ID, "My dog", "dog", null, null))
                .then(REGISTERED);
    }

    @Test
    void anIdIsRegisteredOnceAndNeverReusedAfterDeletion() {
        given(REGISTERED).when(new RegisterConcept("c1", T, ID, "Other", "cat", null, null))
                .thenRejected("already registered");
        given(REGISTERED, new ConceptDeleted(ID, T, "acme/concepts/my-dog/", null))
                .when(new RegisterConcept("c9", T, ID, "Again", "dog", null, null))
                .thenRejected("ids are not reused");
    }

    @Test
    void commandsForUnknownDeletedOrForeignConceptsAreRejected() {
        given().when(new AddImages("c2", T, ID, List.of(A))).thenRejected("is not registered");
        given(REGISTERED).when(new AddImages("c2", "other", ID, List.of(A))).thenRejected("another tenant");
        given(REGISTERED, new ConceptDeleted(ID, T, "acme/concepts/my-dog/", null))
                .when(new AddImages("c2", T, ID, List.of(A))).thenRejected("was deleted");
    }

    @Test
    void tooSmallAndDuplicateImagesAreRejectedOneByOne() {
        ConceptState after = given(REGISTERED, new ImagesAdded(ID, T, List.of(A)))
                .when(new AddImages("c2", T, ID, List.of(A, B, TINY, B)))
                .then(new ImagesAdded(ID, T, List.of(B)),
                        new ImagesRejected(ID, T, List.of(
                                new ImageRejection(SHA_A, "duplicate of an image already added"),
                                new ImageRejection(TINY.sha256(), "smaller than 64 px on its shorter side"),
                                new ImageRejection(SHA_B, "duplicate of an image already added"))));
        assertThat(after.images()).containsExactly(A, B);
    }

    @Test
    void trainingNeedsImagesAndWaitsForRegularization() {
        given(REGISTERED).when(new RequestTraining("c4", T, ID, 250, 8, 8e-5, 42)).thenRejected("no target images");
        given(REGISTERED, ADDED, new RegularizationRequested(ID, T, "reg-c3", "retrieved", 200))
                .when(new RequestTraining("c4", T, ID, 250, 8, 8e-5, 42)).thenRejected("regularization job is still running");
        given(REGISTERED, ADDED).when(new RequestTraining("c4", T, ID, 250, 8, 8e-5, 42)).then(TRAINING);
        given(REGISTERED, ADDED, TRAINING).when(new RequestTraining("c5", T, ID, 250, 8, 8e-5, 42))
                .thenRejected("already queued or running");
    }

    @Test
    void theTrainingJobCarriesImagesTokensAndTheRegularizationManifest() {
        String manifest = "acme/concepts/my-dog/regularization/reg-c3.json";
        ConceptState after = given(REGISTERED, ADDED, new RegularizationRequested(ID, T, "reg-c3", "retrieved", 200),
                new RegularizationSelected(ID, T, "reg-c3", "r-1", "retrieved", 190, manifest))
                .when(new RequestTraining("c4", T, ID, 250, 8, 8e-5, 42)).then(TRAINING);
        TrainingJob job = (TrainingJob) JobPlanner.jobFor(after, TRAINING).orElseThrow();
        assertThat(job.imageKeys()).containsExactly(A.objectKey(), B.objectKey());
        assertThat(job.modifierToken()).isEqualTo("<new1>");
        assertThat(job.regularizationManifestKey()).isEqualTo(manifest);
        assertThat(job.resumeFromCheckpointKey()).isNull();
    }

    @Test
    void workerReportsOfTheCurrentAttemptAreAppendedAndRepeatsChangeNothing() {
        TrainingCheckpointed ckpt = new TrainingCheckpointed(ID, T, "train-c4", 1, "gpu-0", 100, "acme/ck/100");
        given(REGISTERED, ADDED, TRAINING).when(STARTED).then(STARTED);
        given(REGISTERED, ADDED, TRAINING, STARTED).when(ckpt).then(ckpt);
        given(REGISTERED, ADDED, TRAINING, STARTED, ckpt).when(ckpt).then();
        ConceptState done = given(REGISTERED, ADDED, TRAINING, STARTED, ckpt).when(TRAINED).then(TRAINED);
        assertThat(done.training().phase()).isEqualTo(Phase.COMPLETED);
        assertThat(done.currentDeltaKey()).isEqualTo(DELTA);
        given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED).when(TRAINED).then();
    }

    @Test
    void reportsOfStaleAttemptsOrOtherJobsAreRejected() {
        TrainingRequested retry = new TrainingRequested(ID, T, "train-c6", 2, 250, 8, 8e-5, 42);
        TrainingFailed failed = new TrainingFailed(ID, T, "train-c4", 1, "gpu-0", "out of memory", true);
        given(REGISTERED, ADDED, TRAINING, STARTED).when(
                new TrainingCompleted(ID, T, "train-other", 1, "gpu-0", 250, DELTA, 0.1)).thenRejected("not the concept's current training job");
        given(REGISTERED, ADDED, TRAINING, STARTED)
                .when(new TrainingCompleted(ID, T, "train-c4", 3, "gpu-1", 250, DELTA, 0.1))
                .thenRejected("attempt 3 is stale");
        // a retry after a failure resumes from the failed attempt's checkpoint
        TrainingCheckpointed ckpt = new TrainingCheckpointed(ID, T, "train-c4", 1, "gpu-0", 100, "acme/ck/100");
        ConceptState afterRetry = given(REGISTERED, ADDED, TRAINING, STARTED, ckpt, failed)
                .when(new RequestTraining("c6", T, ID, 250, 8, 8e-5, 42)).then(retry);
        assertThat(((TrainingJob) JobPlanner.jobFor(afterRetry, retry).orElseThrow()).resumeFromCheckpointKey())
                .isEqualTo("acme/ck/100");
    }

    @Test
    void mergeAndSamplingNeedATrainedDelta() {
        given(REGISTERED, ADDED).when(new RequestMerge("c7", T, ID, List.of("my-cat"))).thenRejected("must finish training");
        given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED).when(new RequestMerge("c7", T, ID, List.of(ID)))
                .thenRejected("merged with itself");
        given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED).when(new RequestMerge("c7", T, ID, List.of("my-cat")))
                .then(new MergeRequested(ID, T, "merge-c7", List.of("my-cat")));
        RequestSamples sample = new RequestSamples("c8", T, ID, List.of("photo of a <new1> dog"), 2, 50, 6.0, 7,
                "ddim", null);
        given(REGISTERED, ADDED).when(sample).thenRejected("no trained delta");
        given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED).when(sample).then(new SamplesRequested(ID, T,
                "sample-c8", List.of("photo of a <new1> dog"), 2, 50, 6.0, 7, "ddim", null));
    }

    @Test
    void regularizationIsOneJobAtATime() {
        RegularizationRequested requested = new RegularizationRequested(ID, T, "reg-c3", "retrieved", 200);
        given(REGISTERED).when(new RequestRegularization("c3", T, ID, "retrieved", 200)).then(requested);
        given(REGISTERED, requested).when(new RequestRegularization("c9", T, ID, "generated", 200))
                .thenRejected("already queued or running");
    }

    @Test
    void deletionLeavesATombstoneWithoutTheData() {
        ConceptState after = given(REGISTERED, ADDED, TRAINING, STARTED, TRAINED)
                .when(new DeleteConcept("c9", T, ID, "gdpr"))
                .then(new ConceptDeleted(ID, T, "acme/concepts/my-dog/", "gdpr"));
        assertThat(after.deleted()).isTrue();
        assertThat(after.images()).isEmpty();
        assertThat(after.currentDeltaKey()).isNull();
        given(REGISTERED, new ConceptDeleted(ID, T, "acme/concepts/my-dog/", null)).when(TRAINED)
                .thenRejected("was deleted");
    }

    @Test
    void versionCountsTheEventsFolded() {
        assertThat(ConceptEvolver.replay(List.of(REGISTERED, ADDED, TRAINING, STARTED, TRAINED)).version()).isEqualTo(5);
    }
}
