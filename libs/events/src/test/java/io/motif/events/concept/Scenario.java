package io.motif.events.concept;

import io.motif.events.event.ConceptEvent;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** given(events).when(command).then(events | rejection), on the pure functions only. */
final class Scenario {

    private final ConceptState state;

    private Scenario(ConceptState state) {
        this.state = state;
    }

    static Scenario given(ConceptEvent... history) {
        return new Scenario(ConceptEvolver.replay(List.of(history)));
    }

    Outcome when(Object message) {
        return new Outcome(state, ConceptDecider.decide(state, message));
    }

    record Outcome(ConceptState before, Decision decision) {
        /** Asserts the exact events and returns the state after them. */
        ConceptState then(ConceptEvent... expected) {
            assertThat(decision).isInstanceOf(Decision.Accepted.class);
            List<ConceptEvent> events = ((Decision.Accepted) decision).events();
            assertThat(events).containsExactly(expected);
            ConceptState after = before;
            for (ConceptEvent event : events) {
                after = ConceptEvolver.evolve(after, event);
            }
            return after;
        }

        void thenRejected(String reasonPart) {
            assertThat(decision).isInstanceOf(Decision.Rejected.class);
            assertThat(((Decision.Rejected) decision).reason()).contains(reasonPart);
        }
    }
}
