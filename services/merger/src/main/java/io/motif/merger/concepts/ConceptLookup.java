package io.motif.merger.concepts;

import io.motif.events.concept.ConceptState;
import java.util.Optional;

/** Where the merger finds the current state of any concept, whichever log partition holds it. */
@FunctionalInterface
public interface ConceptLookup {

    /** The concept as of (at least) everything committed to the log before the call; empty if never registered. */
    Optional<ConceptState> find(String conceptId);
}
