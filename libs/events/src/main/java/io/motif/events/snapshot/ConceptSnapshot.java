package io.motif.events.snapshot;

import io.motif.events.MessageType;
import io.motif.events.concept.ConceptState;

/**
 * A concept's state as of a position in the log: every event of partition {@code logPartition} before offset
 * {@code logOffset} is folded in, none after. Kept on a compacted topic keyed by concept id.
 */
@MessageType("concept.snapshot.v1")
public record ConceptSnapshot(int logPartition, long logOffset, ConceptState state) {
}
