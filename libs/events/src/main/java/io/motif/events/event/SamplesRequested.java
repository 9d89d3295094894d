package io.motif.events.event;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

import java.util.List;

@MessageType("concept.samples-requested.v1")
public record SamplesRequested(String conceptId, String tenant, String jobId, List<String> prompts,
                               int imagesPerPrompt, int steps, double guidanceScale, long seed, String sampler,
                               @OptionalField String negativePrompt) implements ConceptEvent {
}
