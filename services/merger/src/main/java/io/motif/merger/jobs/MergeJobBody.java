package io.motif.merger.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.motif.events.event.MergeCompleted;
import io.motif.events.event.MergeFailed;
import io.motif.events.event.WorkerReport;
import io.motif.events.job.MergeJob;
import io.motif.events.schema.InvalidMessageException;
import io.motif.events.schema.MessageCodec;
import io.motif.jobs.JobBody;
import io.motif.jobs.JobContext;
import io.motif.jobs.JobOutcome;
import io.motif.jobs.storage.ContentAddress;
import io.motif.jobs.storage.ContentCache;
import io.motif.jobs.storage.FolderArchive;
import io.motif.merge.DeltaMerge;
import io.motif.merge.IllConditionedMergeException;
import io.motif.merge.LayerReport;
import io.motif.merge.MergeManifest;
import io.motif.merge.MergeOptions;
import io.motif.merge.TargetPrompts;
import io.motif.merger.concepts.ConceptLookup;
import io.motif.files.Folders;
import io.motif.service.WorkerReportRecords;
import io.motif.training.ModelHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One merge job: resolve the concepts to merge (the job's own delta plus each other concept's trained delta, found
 * in the concept log), fetch their deltas (local cache by content hash), merge them in closed form against the base
 * model with the concepts' regularization captions, store the merged delta folder (diffusers weights + manifest)
 * content-addressed, and report {@code concept.merge-completed} with the token of every merged concept and the
 * per-layer report to the concept's single writer on {@code motif.commands}.
 *
 * <p>Bad jobs are rejected with a {@code concept.merge-failed} report naming the reason: unknown concept, another
 * tenant's, deleted, untrained, no regularization captions, deltas of another base model or of different layers, an
 * ill-conditioned system. An engine or storage error fails the job the same way. A merge takes seconds, so a stop
 * request is only honoured before it starts (the job goes back and runs again elsewhere).
 */
public final class MergeJobBody implements JobBody {

    static final String JOB_TYPE = "job.merge.v1";
    /** The schema's bound on a reason. */
    static final int MAX_REASON = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param modelDir      the base model folder (diffusers layout, with a tokenizer)
     * @param workDir       local scratch: per-job folders and the input cache
     * @param captionsFile  regularization captions for concepts without a regularization set, or null
     * @param options       the merge's ridge and limits ({@link MergeOptions#exact()} is the reference's solve)
     * @param commandsTopic where worker reports go
     * @param source        ce_source of the reports
     */
    public record Settings(Path modelDir, Path workDir, Path captionsFile, MergeOptions options, String commandsTopic,
                           String source) {
    }

    private final Settings settings;
    private final ConceptLookup concepts;
    private String baseModelHash;

    public MergeJobBody(Settings settings, ConceptLookup concepts) {
        this.settings = settings;
        this.concepts = concepts;
    }

    @Override
    public JobOutcome run(JobContext context) throws Exception {
        MergeJob job;
        try {
            job = (MergeJob) MessageCodec.decodeChecked(JOB_TYPE, context.job().payload().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidMessageException | ClassCastException e) {
            return JobOutcome.rejected("not a valid " + JOB_TYPE + ": " + e.getMessage());
        }
        MergeInputs.Resolution inputs = MergeInputs.resolve(job, concepts);
        if (inputs.problem() != null) {
            return rejected(job, context, inputs.problem());
        }
        if (context.shouldStop()) {
            return JobOutcome.yielded(0);
        }
        Path jobDir = settings.workDir().resolve("jobs").resolve(job.jobId());
        try {
            return merge(job, inputs.parts(), context, jobDir);
        } catch (MergeCaptions.MissingCaptionsException | IllConditionedMergeException | IllegalArgumentException e) {
            // the inputs cannot be merged as they are: running again would give the same answer
            return rejected(job, context, readable(e.getMessage(), jobDir, inputs.parts()));
        } catch (IOException | RuntimeException e) {
            String reason = readable(e.getClass().getSimpleName() + ": " + e.getMessage(), jobDir, inputs.parts());
            return new JobOutcome.Failed(reason, List.of(report(new MergeFailed(job.conceptId(), job.tenant(),
                    job.jobId(), context.workerId(), reason), "failed")));
        } finally {
            Folders.deleteRecursively(jobDir);
        }
    }

    private JobOutcome merge(MergeJob job, List<MergeInputs.Part> parts, JobContext context, Path jobDir)
            throws Exception {
        Folders.deleteRecursively(jobDir);
        ContentCache cache = new ContentCache(context.blobs(), settings.workDir().resolve("cache"));
        List<DeltaMerge.Input> inputs = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            MergeInputs.Part part = parts.get(i);
            Path folder = inputFolder(jobDir, i);
            FolderArchive.unzip(Files.readAllBytes(cache.fetch(part.deltaKey())), folder);
            inputs.add(new DeltaMerge.Input(folder, List.of(part.category())));
        }
        MergeCaptions.Captions captions = MergeCaptions.choose(context.blobs(),
                parts.stream().map(MergeInputs.Part::regularizationKey).toList(), settings.captionsFile(),
                settings.modelDir());
        context.progress().step(1, 3, Double.NaN, Double.NaN);

        Path out = jobDir.resolve("merged");
        DeltaMerge.Result result = DeltaMerge.run(new DeltaMerge.Request(settings.modelDir(), baseModelHash(), inputs,
                captions.lines(), TargetPrompts.A_PHOTO_OF, settings.options(), out), null);
        context.progress().step(2, 3, Double.NaN, Double.NaN);

        describeSources(out, parts, captions);
        String deltaKey = ContentAddress.store(context.blobs(), ContentAddress.prefix(job.tenant(), "deltas"),
                FolderArchive.zip(out));
        context.progress().step(3, 3, Double.NaN, Double.NaN);

        MergeCompleted completed = new MergeCompleted(job.conceptId(), job.tenant(), job.jobId(), context.workerId(),
                deltaKey, mergedConcepts(parts, result), layers(result));
        ObjectNode summary = JSON.createObjectNode().put("deltaKey", deltaKey)
                .put("captions", captions.lines().size()).put("captionSource", captions.source());
        return JobOutcome.completed(summary.toString(), List.of(report(completed, "completed")));
    }

    /**
     * Which token stands for which concept. The merge lists concepts input by input; a trained delta holds one
     * token, so inputs and concepts pair up. A delta with several tokens (joint training) has no single concept id
     * per token, and the list is left out rather than guessed.
     */
    static List<MergeCompleted.MergedConcept> mergedConcepts(List<MergeInputs.Part> parts, DeltaMerge.Result result) {
        if (result.concepts().size() != parts.size()) {
            return null;
        }
        List<MergeCompleted.MergedConcept> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            out.add(new MergeCompleted.MergedConcept(parts.get(i).conceptId(), result.concepts().get(i).token(),
                    parts.get(i).category()));
        }
        return out;
    }

    static List<MergeCompleted.MergedLayer> layers(DeltaMerge.Result result) {
        List<MergeCompleted.MergedLayer> out = new ArrayList<>();
        for (LayerReport r : result.layers()) {
            out.add(new MergeCompleted.MergedLayer(r.layer(), r.constraintResidual(), r.regularizationRms(),
                    r.targetRms(), r.maxAbsChange()));
        }
        return out;
    }

    /**
     * The merge names its inputs by local path; the stored manifest names them by object key and concept instead,
     * and says where the captions came from.
     */
    private static void describeSources(Path out, List<MergeInputs.Part> parts, MergeCaptions.Captions captions)
            throws IOException {
        Path file = out.resolve(MergeManifest.FILE);
        ObjectNode manifest = (ObjectNode) JSON.readTree(file.toFile());
        ArrayNode from = manifest.putArray("mergedFrom");
        for (MergeInputs.Part part : parts) {
            from.addObject().put("conceptId", part.conceptId()).put("deltaKey", part.deltaKey());
        }
        if (manifest.get("merge") instanceof ObjectNode merge) {
            merge.put("captionSource", captions.source());
        }
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
    }

    /** The base model's hash, computed once: each input's manifest must name the same one. */
    private synchronized String baseModelHash() throws IOException {
        if (baseModelHash == null) {
            baseModelHash = ModelHash.of(settings.modelDir());
        }
        return baseModelHash;
    }

    private static Path inputFolder(Path jobDir, int index) {
        return jobDir.resolve("in-" + index);
    }

    /**
     * The merge engine names inputs by their local folders; the concept hears about its concepts instead, and a
     * reason never exceeds the schema's length.
     */
    static String readable(String message, Path jobDir, List<MergeInputs.Part> parts) {
        String text = String.valueOf(message);
        for (int i = 0; i < parts.size(); i++) {
            text = text.replace(inputFolder(jobDir, i).toString(), "the delta of concept " + parts.get(i).conceptId());
        }
        text = text.replace(jobDir.toString(), "<job folder>");
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }

    private JobOutcome rejected(MergeJob job, JobContext context, String reason) {
        return new JobOutcome.Rejected(reason, List.of(report(new MergeFailed(job.conceptId(), job.tenant(),
                job.jobId(), context.workerId(), reason), "failed")));
    }

    /** A worker report for the concept's single writer; its ce_id is fixed per job so a replay dedupes. */
    private ProducerRecord<String, String> report(WorkerReport report, String what) {
        return WorkerReportRecords.of(settings.commandsTopic(), settings.source(), report, what);
    }

}
