package io.motif.events.kafka;

/**
 * Names of the catalog's topics as one deployment sees them. A prefix lets several isolated deployments (or test
 * cases) share one cluster; the catalog entries stay the same.
 */
public record Topics(String prefix) {

    public static final String COMMANDS = "motif.commands";
    public static final String CONCEPT_EVENTS = "motif.concept-events";
    public static final String CONCEPT_SNAPSHOTS = "motif.concept-snapshots";
    public static final String JOBS_PREFIX = "motif.jobs.";
    /** The compacted topic of the job workers' terminal statuses (libs/jobs), key = job id. */
    public static final String JOBS_STATUS = "motif.jobs.status";
    public static final String PROGRESS = "motif.progress";
    public static final String COMPLETIONS = "motif.completions";
    public static final String DEAD_LETTER = "motif.dead-letter";

    public Topics {
        prefix = prefix == null ? "" : prefix;
    }

    public static Topics standard() {
        return new Topics("");
    }

    public String resolve(String catalogName) {
        return prefix + catalogName;
    }

    public String commands() {
        return resolve(COMMANDS);
    }

    public String conceptEvents() {
        return resolve(CONCEPT_EVENTS);
    }

    public String snapshots() {
        return resolve(CONCEPT_SNAPSHOTS);
    }

    /** @param kind "retrieval", "training", "merge" or "sampling" */
    public String jobs(String kind) {
        return resolve(JOBS_PREFIX + kind);
    }

    public String jobsStatus() {
        return resolve(JOBS_STATUS);
    }

    public String progress() {
        return resolve(PROGRESS);
    }

    public String completions() {
        return resolve(COMPLETIONS);
    }

    public String deadLetter() {
        return resolve(DEAD_LETTER);
    }
}
