package io.motif.events.job;

import io.motif.events.MessageType;
import io.motif.events.OptionalField;

import java.util.List;

/** {@code resumeFromCheckpointKey} is set when an earlier attempt of the same concept left a checkpoint. */
@MessageType("job.training.v1")
public record TrainingJob(String jobId, String conceptId, String tenant, int attempt, String category,
                          String modifierToken, String initializerToken, List<String> imageKeys, int steps,
                          int batchSize, double learningRate, long seed,
                          @OptionalField String regularizationManifestKey,
                          @OptionalField String resumeFromCheckpointKey) implements Job {
    @Override
    public String kind() {
        return "training";
    }
}
