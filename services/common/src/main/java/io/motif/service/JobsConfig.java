package io.motif.service;

import io.motif.events.kafka.Topics;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The {@code motif.jobs.*} configuration shared by every job worker and the console's job board. */
@ConfigMapping(prefix = "motif.jobs")
public interface JobsConfig {

    /** The compacted topic of job status records (workers write it, the console reads it). */
    @WithDefault(Topics.JOBS_STATUS)
    String statusTopic();

    /**
     * How long a silent worker keeps its job partitions before the group hands them to another worker; the worker
     * in hand keeps heart-beating while it trains, so this bounds only the takeover after a crash.
     */
    @WithDefault("PT30S")
    Duration sessionTimeout();
}
