package io.motif.events.event;

import io.motif.events.MessageType;

import java.util.List;

@MessageType("concept.samples-generated.v1")
public record SamplesGenerated(String conceptId, String tenant, String jobId, String worker, List<String> imageKeys)
        implements WorkerReport {
}
