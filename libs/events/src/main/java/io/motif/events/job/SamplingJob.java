package io.motif.events.job;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

import java.util.List;

@MessageType("job.sampling.v1")
public record SamplingJob(String jobId, String conceptId, String tenant, List<String> deltaKeys, List<String> prompts,
                          int imagesPerPrompt, int steps, double guidanceScale, long seed, String sampler,
                          @OptionalField String negativePrompt) implements Job {
    @Override
    public String kind() {
        return "sampling";
    }
}
