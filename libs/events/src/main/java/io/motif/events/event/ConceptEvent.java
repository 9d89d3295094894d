package io.motif.events.event;

/** A fact in the concept event log ({@code motif.concept-events}, keyed by concept id). */
public sealed interface ConceptEvent permits ConceptRegistered, ImagesAdded, ImagesRejected,
        RegularizationRequested, TrainingRequested, MergeRequested, SamplesRequested, ConceptDeleted, WorkerReport {
    String conceptId();

    String tenant();
}
