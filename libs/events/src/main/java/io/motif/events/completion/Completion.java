package io.motif.events.completion;

/** What a producer watches on {@code motif.completions}: its command's fate or its job's end. */
public sealed interface Completion permits CommandAccepted, CommandRejected, JobCompleted, JobFailed {
}
