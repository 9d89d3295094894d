package io.motif.events.concept;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a concept's job of one kind stands. */
public enum Phase {
    @JsonProperty("none") NONE,
    @JsonProperty("requested") REQUESTED,
    @JsonProperty("running") RUNNING,
    @JsonProperty("completed") COMPLETED,
    @JsonProperty("failed") FAILED;

    /** Requested or running: a new request of the same kind must wait. */
    public boolean active() {
        return this == REQUESTED || this == RUNNING;
    }
}
