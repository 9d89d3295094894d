package io.motif.merger.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.motif.events.concept.ConceptEvolver;
import io.motif.events.concept.ConceptState;
import io.motif.events.event.ConceptDeleted;
import io.motif.events.event.ConceptEvent;
import io.motif.events.event.ConceptRegistered;
import io.motif.events.event.RegularizationRequested;
import io.motif.events.event.RegularizationSelected;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.TrainingRequested;
import io.motif.events.job.MergeJob;
import io.motif.merger.concepts.ConceptLookup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a merge job is resolved against concept states (folded from events, looked up in a map instead of the log). */
class MergeInputsTest {

    private static final String T = "acme";
    private static final String DELTA_A = "tenants/acme/deltas/" + "a".repeat(64);
    private static final String DELTA_B = "tenants/acme/deltas/" + "b".repeat(64);
    private static final String REG_B = "tenants/acme/regularization-manifests/" + "c".repeat(64);

    private final Map<String, ConceptState> states = new HashMap<>();
    private final ConceptLookup lookup = id -> Optional.ofNullable(states.get(id));

    @Test
    void theRequestingConceptComesFirstWithItsJobDeltaThenTheOthersWithTheirTrainedDeltas() {
        concept("dog", T, "dog", trained("dog", DELTA_A));
        concept("cat", T, "cat", regularizedAndTrained("cat", REG_B, DELTA_B));

        MergeInputs.Resolution r = MergeInputs.resolve(job("dog", DELTA_A, "cat"), lookup);

        assertThat(r.problem()).isNull();
        assertThat(r.parts()).containsExactly(new MergeInputs.Part("dog", "dog", DELTA_A, null),
                new MergeInputs.Part("cat", "cat", DELTA_B, REG_B));
    }

    @Test
    void badJobsAreRefusedWithTheirReason() {
        concept("dog", T, "dog", trained("dog", DELTA_A));
        concept("cat", T, "cat", List.of());
        concept("bird", "other", "bird", trained("bird", DELTA_B));
        concept("fish", T, "fish", List.of(new ConceptDeleted("fish", T, "tenants/acme/concepts/fish/", null)));

        assertThat(problem(job("dog", DELTA_A))).isEqualTo("a merge needs at least one other concept");
        assertThat(problem(job("dog", DELTA_A, "cat"))).isEqualTo("concept cat has no completed training (its training is none)");
        assertThat(problem(job("dog", DELTA_A, "bird"))).isEqualTo("concept bird belongs to another tenant");
        assertThat(problem(job("dog", DELTA_A, "fish"))).isEqualTo("concept fish was deleted");
        assertThat(problem(job("dog", DELTA_A, "ghost"))).isEqualTo("concept ghost is not registered");
        assertThat(problem(job("dog", DELTA_A, "dog"))).isEqualTo("concept dog is named twice in the merge");
        assertThat(problem(job("dog", "tenants/acme/deltas/latest", "cat"))).startsWith("delta key is not content-addressed");
    }

    private String problem(MergeJob job) {
        return MergeInputs.resolve(job, lookup).problem();
    }

    private static MergeJob job(String conceptId, String deltaKey, String... others) {
        return new MergeJob("merge-1", conceptId, T, deltaKey, List.of(others));
    }

    /** Folds the concept's registration and then {@code later} (events built for this concept id). */
    private void concept(String id, String tenant, String category, List<ConceptEvent> later) {
        ConceptState s = ConceptEvolver.evolve(null, new ConceptRegistered(id, tenant, id, category, "<new1>", "ktn"));
        for (ConceptEvent e : later) {
            s = ConceptEvolver.evolve(s, e);
        }
        states.put(id, s);
    }

    private static List<ConceptEvent> trained(String id, String deltaKey) {
        return List.of(new TrainingRequested(id, T, "train-1", 1, 4, 1, 1e-4, 1),
                new TrainingCompleted(id, T, "train-1", 1, "w", 4, deltaKey, 0.1));
    }

    private static List<ConceptEvent> regularizedAndTrained(String id, String manifestKey, String deltaKey) {
        List<ConceptEvent> out = new ArrayList<>(List.of(new RegularizationRequested(id, T, "reg-1", "retrieved", 10),
                new RegularizationSelected(id, T, "reg-1", "w", "retrieved", 10, manifestKey)));
        out.addAll(trained(id, deltaKey));
        return out;
    }
}
