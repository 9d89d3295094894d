package io.motif.events.command;

/** A request from outside to change one concept; handled by the owner of the concept's partition. */
public sealed interface ConceptCommand permits RegisterConcept, AddImages, RequestRegularization, RequestTraining,
        RequestMerge, RequestSamples, DeleteConcept {
    String commandId();

    String tenant();

    String conceptId();
}
