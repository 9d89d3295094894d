package io.motif.events.job;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

import java.util.List;

/**
 * Images from the base model plus {@code deltaKeys} (applied together). {@code purpose} is absent or
 * {@value #SAMPLES} for samples a user asked for (reported as {@code concept.samples-generated}), or
 * {@value #REGULARIZATION} for generated class images (source "generated" of a regularization request): then
 * {@code prompts} holds one entry, the concept's category word, and the sampler writes the class prompt in its base
 * model's caption style (the same the trainer trains the class images under), makes the images, writes a selection
 * manifest of them and reports {@code concept.regularization-selected}.
 */
@MessageType("job.sampling.v1")
public record SamplingJob(String jobId, String conceptId, String tenant, List<String> deltaKeys, List<String> prompts,
                          int imagesPerPrompt, int steps, double guidanceScale, long seed, String sampler,
                          @OptionalField String negativePrompt, @OptionalField String purpose) implements Job {

    public static final String SAMPLES = "samples";
    public static final String REGULARIZATION = "regularization";

    @Override
    public String kind() {
        return "sampling";
    }

    public boolean makesRegularization() {
        return REGULARIZATION.equals(purpose);
    }
}
