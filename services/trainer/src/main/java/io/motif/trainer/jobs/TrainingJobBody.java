package io.motif.trainer.jobs;

import io.motif.diffusion.tokenizer.Tokenizer;
import io.motif.events.event.TrainingCheckpointed;
import io.motif.events.event.TrainingCompleted;
import io.motif.events.event.TrainingFailed;
import io.motif.events.event.TrainingStarted;
import io.motif.events.event.WorkerReport;
import io.motif.events.job.TrainingJob;
import io.motif.events.schema.InvalidMessageException;
import io.motif.events.schema.MessageCodec;
import io.motif.jobs.Checkpoint;
import io.motif.jobs.JobBody;
import io.motif.jobs.JobContext;
import io.motif.jobs.JobOutcome;
import io.motif.jobs.storage.ContentAddress;
import io.motif.jobs.storage.ContentCache;
import io.motif.jobs.storage.FolderArchive;
import io.motif.files.Folders;
import io.motif.service.WorkerReportRecords;
import io.motif.training.CaptionConventions;
import io.motif.training.ConceptSpec;
import io.motif.training.TokenInit;
import io.motif.training.TokenTraining;
import io.motif.training.TrainOptions;
import io.motif.training.TrainingProgress;
import io.motif.training.TrainingRequest;
import io.motif.training.TrainingResult;
import io.motif.training.TrainingRun;
import io.motif.training.data.DataOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One training job: fetch the instance images and the regularization set named by the job's selection manifest
 * (local cache by content hash), resume from the job's last checkpoint in object storage if there is one, run the
 * Custom Diffusion training engine with progress and checkpoints (prior preservation when the job has a
 * regularization set: instance and class rows in every batch, as {@code ./motif train --regularization} does),
 * store the delta folder (diffusers weights + manifest) content-addressed, and report to the concept's single writer
 * on {@code motif.commands}: {@code training.started} (attempt, worker, the step it resumed from) and
 * {@code training.checkpointed} (step, key) while it runs, the outcome in the worker's completion transaction.
 */
public final class TrainingJobBody implements JobBody {

    static final String JOB_TYPE = "job.training.v1";
    static final int MAX_STEPS = 5000;

    /**
     * @param modelDir        the base model folder (diffusers layout)
     * @param workDir         local scratch: per-job folders and the input cache
     * @param checkpointEvery steps between checkpoints
     * @param commandsTopic   where worker reports go
     * @param source          ce_source of the reports
     * @param tokenizer       a tokenizer for model folders that ship none, or null to use the folder's
     * @param reports         where the mid-job reports go
     */
    public record Settings(Path modelDir, Path workDir, int checkpointEvery, String commandsTopic, String source,
                           Tokenizer tokenizer, ReportSink reports) {
    }

    private final Settings settings;

    public TrainingJobBody(Settings settings) {
        this.settings = settings;
    }

    @Override
    public JobOutcome run(JobContext context) throws Exception {
        TrainingJob job;
        try {
            job = (TrainingJob) MessageCodec.decodeChecked(JOB_TYPE, context.job().payload().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidMessageException | ClassCastException e) {
            return JobOutcome.rejected("not a valid " + JOB_TYPE + ": " + e.getMessage());
        }
        String problem = problemWith(job);
        if (problem != null) {
            return new JobOutcome.Rejected(problem, List.of(failed(job, context, problem)));
        }
        try {
            return train(job, context);
        } catch (IOException | RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            return new JobOutcome.Failed(reason, List.of(failed(job, context, reason)));
        }
    }

    /** Why a job cannot run, or null. */
    static String problemWith(TrainingJob job) {
        if (job.imageKeys() == null || job.imageKeys().isEmpty()) {
            return "no instance images";
        }
        if (job.steps() < 1 || job.steps() > MAX_STEPS) {
            return "steps must be between 1 and " + MAX_STEPS + ", was " + job.steps();
        }
        if (job.batchSize() < 1) {
            return "batch size must be positive, was " + job.batchSize();
        }
        if (job.regularizationManifestKey() != null && job.batchSize() % 2 != 0) {
            // every batch is half instance rows, half class rows
            return "batch size must be even when training with a regularization set, was " + job.batchSize();
        }
        if (!(job.learningRate() > 0) || job.learningRate() > 1e-2) {
            return "learning rate must be in (0, 0.01], was " + job.learningRate();
        }
        if (job.modifierToken() == null || !job.modifierToken().matches("<[A-Za-z0-9_-]+>")) {
            return "modifier token must look like <new1>, was " + job.modifierToken();
        }
        for (String key : job.imageKeys()) {
            try {
                ContentAddress.hashOf(key);
            } catch (IllegalArgumentException e) {
                return "image key is not content-addressed: " + key;
            }
        }
        if (job.regularizationManifestKey() != null) {
            try {
                ContentAddress.hashOf(job.regularizationManifestKey());
            } catch (IllegalArgumentException e) {
                return "regularization manifest key is not content-addressed: " + job.regularizationManifestKey();
            }
        }
        return null;
    }

    private JobOutcome train(TrainingJob job, JobContext context) throws Exception {
        Path jobDir = settings.workDir().resolve("jobs").resolve(job.jobId());
        Folders.deleteRecursively(jobDir); // whatever an earlier attempt on this machine left is replaced by the checkpoint
        Path instances = Files.createDirectories(jobDir.resolve("instances"));
        ContentCache cache = new ContentCache(context.blobs(), settings.workDir().resolve("cache"));
        for (String key : job.imageKeys()) {
            Files.copy(cache.fetch(key), instances.resolve(ContentAddress.hashOf(key) + ".png"));
        }
        Path regularization = job.regularizationManifestKey() == null ? null
                : RegularizationSet.materialize(cache, job.regularizationManifestKey(), jobDir.resolve("regularization"));
        int classImages = regularization == null ? 0 : RegularizationSet.size(regularization);
        Path checkpoints = Files.createDirectories(jobDir.resolve("checkpoints"));
        Path resumeFrom = null;
        Optional<Checkpoint> checkpoint = context.resume();
        if (checkpoint.isPresent()) {
            resumeFrom = checkpoints.resolve(String.format("checkpoint-%06d", checkpoint.get().step()));
            FolderArchive.unzip(checkpoint.get().state(), resumeFrom);
        }
        settings.reports().send(report(new TrainingStarted(job.conceptId(), job.tenant(), job.jobId(), job.attempt(),
                context.workerId(), checkpoint.map(c -> (int) c.step()).orElse(null)),
                "started:" + job.attempt() + ":" + context.workerId() + ":" + checkpoint.map(Checkpoint::step).orElse(0L)));

        CaptionConventions captions = CaptionConventions.of(settings.modelDir());
        ConceptSpec concept = new ConceptSpec(job.modifierToken(), instances,
                captions.instancePrompt(job.modifierToken(), job.category()), job.category(),
                captions.classPrompt(job.category()), regularization);
        TrainOptions options = TrainOptions.defaults(1, captions.applyTo(DataOptions.diffusersDefaults(64, 8)))
                .withSteps(job.steps())
                .withBatch(job.batchSize(), job.batchSize())
                .withLearningRate(job.learningRate())
                .withSeed(job.seed())
                .withCheckpointEvery(settings.checkpointEvery())
                .withTokenTraining(TokenTraining.of(settings.modelDir()));
        TokenInit init = job.initializerToken() != null ? TokenInit.word(job.initializerToken())
                : TokenInit.word(job.category());
        Path deltaDir = jobDir.resolve("delta");
        TrainingRequest request = new TrainingRequest(settings.modelDir(), List.of(concept), init, options, deltaDir,
                checkpoints, resumeFrom, 0, settings.tokenizer());

        TrainingResult result = TrainingRun.run(request, new TrainingProgress.Listener() {
            @Override
            public void onStep(TrainingProgress p) {
                context.progress().step(p.step(), p.totalSteps(), p.loss(), p.learningRate());
            }

            @Override
            public void onCheckpoint(int step, Path dir) {
                String key;
                try {
                    key = context.checkpoint(step, FolderArchive.zip(dir));
                } catch (IOException e) {
                    // a lost checkpoint costs only redone steps; the run goes on
                    context.progress().mark("checkpoint-failed", step);
                    return;
                }
                try {
                    settings.reports().send(report(new TrainingCheckpointed(job.conceptId(), job.tenant(),
                            job.jobId(), job.attempt(), context.workerId(), step, key), "checkpointed:" + job.attempt() + ":" + step));
                } catch (IOException e) {
                    // the checkpoint itself is safe in storage (any worker resumes from it); only the log misses it
                    context.progress().mark("checkpoint-report-failed", step);
                }
            }
        }, context::shouldStop);

        if (result.stopped()) {
            return JobOutcome.yielded(result.steps());
        }
        String deltaKey = ContentAddress.store(context.blobs(), ContentAddress.prefix(job.tenant(), "deltas"),
                FolderArchive.zip(result.deltaDir()));
        List<Double> curve = result.lossCurve();
        double finalLoss = curve.isEmpty() ? 0 : curve.get(curve.size() - 1);
        TrainingCompleted completed = new TrainingCompleted(job.conceptId(), job.tenant(), job.jobId(), job.attempt(),
                context.workerId(), result.steps(), deltaKey, finalLoss);
        Folders.deleteRecursively(jobDir);
        String summary = "{\"deltaKey\":\"" + deltaKey + "\",\"regularizationImages\":" + classImages + "}";
        return JobOutcome.completed(summary, List.of(report(completed, "completed:" + job.attempt())));
    }

    private ProducerRecord<String, String> failed(TrainingJob job, JobContext context, String reason) {
        return report(new TrainingFailed(job.conceptId(), job.tenant(), job.jobId(), job.attempt(), context.workerId(),
                reason, false), "failed:" + job.attempt());
    }

    /**
     * A worker report for the concept's single writer. Its ce_id is {@code <jobId>:<what>}, where {@code what} names
     * the report and whatever makes it unique (attempt, step, worker), so a replayed report dedupes.
     */
    private ProducerRecord<String, String> report(WorkerReport report, String what) {
        return WorkerReportRecords.of(settings.commandsTopic(), settings.source(), report, what);
    }

}
