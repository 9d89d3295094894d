package io.motif.events.concept;

import io.motif.events.event.MergeCompleted;
import io.motif.events.event.MergeFailed;
import io.motif.events.event.RegularizationSelected;
import io.motif.events.event.SamplesFailed;
import io.motif.events.event.SamplesGenerated;
import io.motif.events.event.TrainingCheckpointed;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.TrainingFailed;
import io.motif.events.event.TrainingStarted;
import io.motif.events.event.WorkerReport;

import java.util.List;

/**
 * Whether a worker's report belongs in the log. Workers retry and jobs are redelivered, so a report may repeat
 * (accepted with no events: it is already in the log) or come from an attempt that has been superseded (rejected).
 */
final class WorkerReportRules {

    private static final Decision ALREADY_APPLIED = new Decision.Accepted(List.of());

    private WorkerReportRules() {
    }

    static Decision check(ConceptState s, WorkerReport report) {
        JobState job = jobOf(s, report);
        if (!job.isJob(report.jobId())) {
            return Decision.reject("job " + report.jobId() + " is not the concept's current "
                    + kindOf(report) + " job");
        }
        if (report instanceof TrainingStarted r) {
            return trainingStarted(job, r);
        }
        if (report instanceof TrainingCheckpointed r) {
            if (job.phase() == Phase.COMPLETED || (r.attempt() == job.attempt() && r.step() <= job.checkpointStep())) {
                return ALREADY_APPLIED;
            }
            return r.attempt() != job.attempt() || job.phase() != Phase.RUNNING
                    ? Decision.reject("checkpoint of attempt " + r.attempt() + " but attempt " + job.attempt()
                    + " is " + job.phase().name().toLowerCase())
                    : Decision.accept(r);
        }
        if (report instanceof TrainingCompleted || report instanceof TrainingFailed) {
            int attempt = report instanceof TrainingCompleted c ? c.attempt() : ((TrainingFailed) report).attempt();
            if (!job.phase().active() && attempt == job.attempt()) {
                return ALREADY_APPLIED;
            }
            return attempt != job.attempt()
                    ? Decision.reject("attempt " + attempt + " is stale; the current attempt is " + job.attempt())
                    : Decision.accept(report);
        }
        // one-shot jobs: the first outcome wins, repeats change nothing
        return job.phase().active() ? Decision.accept(report) : ALREADY_APPLIED;
    }

    private static Decision trainingStarted(JobState job, TrainingStarted r) {
        if (job.phase() == Phase.COMPLETED) {
            return ALREADY_APPLIED;
        }
        if (r.attempt() < job.attempt()) {
            return Decision.reject("attempt " + r.attempt() + " is stale; the current attempt is " + job.attempt());
        }
        if (job.phase() == Phase.RUNNING && r.attempt() == job.attempt() && r.worker().equals(job.worker())
                && r.resumedFromStep() == null) {
            return ALREADY_APPLIED;
        }
        return Decision.accept(r);
    }

    private static JobState jobOf(ConceptState s, WorkerReport report) {
        if (report instanceof RegularizationSelected) {
            return s.regularization();
        }
        if (report instanceof MergeCompleted || report instanceof MergeFailed) {
            return s.merge();
        }
        if (report instanceof SamplesGenerated || report instanceof SamplesFailed) {
            return s.sampling();
        }
        return s.training();
    }

    private static String kindOf(WorkerReport report) {
        if (report instanceof RegularizationSelected) {
            return "regularization";
        }
        if (report instanceof MergeCompleted || report instanceof MergeFailed) {
            return "merge";
        }
        if (report instanceof SamplesGenerated || report instanceof SamplesFailed) {
            return "sampling";
        }
        return "training";
    }
}
