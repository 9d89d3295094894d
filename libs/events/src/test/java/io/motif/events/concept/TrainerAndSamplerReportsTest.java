package io.motif.events.concept;

import io.motif.events.command.RequestRegularization;
import io.motif.events.command.RequestTraining;
import io.motif.events.event.RegularizationRequested;
import io.motif.events.event.RegularizationSelected;
import io.motif.events.event.SamplesRequested;
import io.motif.events.event.TrainingCheckpointed;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.TrainingRequested;
import io.motif.events.event.TrainingStarted;
import io.motif.events.job.RetrievalJob;
import io.motif.events.job.SamplingJob;
import io.motif.events.job.TrainingJob;
import java.util.List;
import org.junit.jupiter.api.Test;

import static io.motif.events.concept.ConceptDeciderTest.ADDED;
import static io.motif.events.concept.ConceptDeciderTest.DELTA;
import static io.motif.events.concept.ConceptDeciderTest.ID;
import static io.motif.events.concept.ConceptDeciderTest.REGISTERED;
import static io.motif.events.concept.ConceptDeciderTest.T;
import static io.motif.events.concept.ConceptDeciderTest.TRAINING;
import static io.motif.events.concept.Scenario.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the trainer and the sampler report while and after they work, as the single writer sees it: a job taken over
 * after a crash (another worker resumes it from a checkpoint), and generated regularization routed to the sampler.
 */
class TrainerAndSamplerReportsTest {

    static final TrainingStarted STARTED_ON_A = new TrainingStarted(ID, T, "train-c4", 1, "trainer-a", null);
    static final TrainingCheckpointed CHECKPOINT_A =
            new TrainingCheckpointed(ID, T, "train-c4", 1, "trainer-a", 20, "jobs/train-c4/checkpoints/step-000000020");
    static final TrainingStarted RESUMED_ON_B = new TrainingStarted(ID, T, "train-c4", 1, "trainer-b", 20);

    @Test
    void aJobTakenOverAfterACrashIsRunningOnTheNewWorkerFromItsCheckpoint() {
        ConceptState after = given(REGISTERED, ADDED, TRAINING, STARTED_ON_A, CHECKPOINT_A).when(RESUMED_ON_B)
                .then(RESUMED_ON_B);
        assertThat(after.training().phase()).isEqualTo(Phase.RUNNING);
        assertThat(after.training().worker()).isEqualTo("trainer-b");
        assertThat(after.training().checkpointStep()).as("the last checkpoint stays known").isEqualTo(20);

        // the new worker's later checkpoints are appended; a checkpoint it replays at an older step changes nothing
        TrainingCheckpointed next = new TrainingCheckpointed(ID, T, "train-c4", 1, "trainer-b", 25,
                "jobs/train-c4/checkpoints/step-000000025");
        given(REGISTERED, ADDED, TRAINING, STARTED_ON_A, CHECKPOINT_A, RESUMED_ON_B).when(next).then(next);
        given(REGISTERED, ADDED, TRAINING, STARTED_ON_A, CHECKPOINT_A, RESUMED_ON_B, next).when(CHECKPOINT_A).then();

        // one completion: the second (a raced duplicate of the same attempt) is already applied
        TrainingCompleted done = new TrainingCompleted(ID, T, "train-c4", 1, "trainer-b", 250, DELTA, 0.05);
        given(REGISTERED, ADDED, TRAINING, STARTED_ON_A, CHECKPOINT_A, RESUMED_ON_B).when(done).then(done);
        given(REGISTERED, ADDED, TRAINING, STARTED_ON_A, RESUMED_ON_B, done).when(done).then();
    }

    @Test
    void aStartRepeatedByTheSameWorkerOrArrivingAfterCompletionChangesNothing() {
        given(REGISTERED, ADDED, TRAINING, STARTED_ON_A).when(STARTED_ON_A).then();
        TrainingCompleted done = new TrainingCompleted(ID, T, "train-c4", 1, "trainer-a", 250, DELTA, 0.05);
        given(REGISTERED, ADDED, TRAINING, STARTED_ON_A, done).when(RESUMED_ON_B).then();
        // a checkpoint before any start is not the running attempt's
        given(REGISTERED, ADDED, TRAINING).when(CHECKPOINT_A).thenRejected("is requested");
    }

    @Test
    void generatedRegularizationIsASamplingJobOfClassImagesWhoseManifestTheTrainingJobCarries() {
        RegularizationRequested requested = new RegularizationRequested(ID, T, "reg-c3", "generated", 200);
        ConceptState asked = given(REGISTERED, ADDED).when(new RequestRegularization("c3", T, ID, "generated", 200))
                .then(requested);

        SamplingJob job = (SamplingJob) JobPlanner.jobFor(asked, requested).orElseThrow();
        assertThat(job.makesRegularization()).isTrue();
        assertThat(job.jobId()).isEqualTo("reg-c3");
        assertThat(job.deltaKeys()).as("the base model alone").isEmpty();
        assertThat(job.prompts()).as("the category; the sampler writes it in its model's caption style").containsExactly("dog");
        assertThat(job.imagesPerPrompt()).isEqualTo(200);
        assertThat(job.sampler()).isEqualTo("ddim");
        assertThat(job.seed()).isEqualTo(((SamplingJob) JobPlanner.jobFor(asked, requested).orElseThrow()).seed());
        assertThat(JobPlanner.jobFor(asked, new RegularizationRequested(ID, T, "reg-c3", "retrieved", 200)))
                .containsInstanceOf(RetrievalJob.class);

        String manifest = "tenants/acme/regularization-manifests/" + "e".repeat(64);
        RegularizationSelected selected = new RegularizationSelected(ID, T, "reg-c3", "sampler-1", "generated", 200,
                manifest);
        ConceptState ready = given(REGISTERED, ADDED, requested).when(selected).then(selected);
        TrainingRequested training = new TrainingRequested(ID, T, "train-c4", 1, 250, 8, 8e-5, 42);
        ConceptState queued = Scenario.given(REGISTERED, ADDED, requested, selected)
                .when(new RequestTraining("c4", T, ID, 250, 8, 8e-5, 42)).then(training);
        assertThat(ready.regularization().phase()).isEqualTo(Phase.COMPLETED);
        assertThat(((TrainingJob) JobPlanner.jobFor(queued, training).orElseThrow()).regularizationManifestKey())
                .isEqualTo(manifest);
    }

    @Test
    void samplesAskedForByAUserAreMarkedAsSamples() {
        SamplesRequested requested = new SamplesRequested(ID, T, "sample-c5", List.of("photo of a <new1> dog"), 2, 30,
                6.0, 7, "ddim", null);
        ConceptState after = ConceptEvolver.replay(List.of(REGISTERED, ADDED, TRAINING,
                new TrainingStarted(ID, T, "train-c4", 1, "trainer-a", null),
                new TrainingCompleted(ID, T, "train-c4", 1, "trainer-a", 250, DELTA, 0.05), requested));
        SamplingJob job = (SamplingJob) JobPlanner.jobFor(after, requested).orElseThrow();
        assertThat(job.purpose()).isEqualTo(SamplingJob.SAMPLES);
        assertThat(job.makesRegularization()).isFalse();
        assertThat(job.deltaKeys()).containsExactly(DELTA);
    }
}
