package io.motif.events.concept;

import io.motif.events.event.ConceptEvent;

import java.util.List;

/** The outcome of handling one command or worker report. */
public sealed interface Decision {

    /** The events to append, in order; empty when the message repeats something already in the log. */
    record Accepted(List<ConceptEvent> events) implements Decision {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    /** Nothing is appended; the producer is told why. */
    record Rejected(String reason) implements Decision {
    }

    static Decision accept(ConceptEvent... events) {
        return new Accepted(List.of(events));
    }

    static Decision reject(String reason) {
        return new Rejected(reason);
    }
}
