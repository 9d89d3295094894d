package io.motif.events.command;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

import java.util.List;

@MessageType("concept.request-samples.v1")
public record RequestSamples(String commandId, String tenant, String conceptId, List<String> prompts,
                             int imagesPerPrompt, int steps, double guidanceScale, long seed, String sampler,
                             @OptionalField String negativePrompt) implements ConceptCommand {
}
