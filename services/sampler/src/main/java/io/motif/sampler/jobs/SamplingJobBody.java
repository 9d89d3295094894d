package io.motif.sampler.jobs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.pipeline.Devices;
import io.motif.diffusion.pipeline.GenerationRequest;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.pipeline.StableDiffusionPipeline;
import io.motif.diffusion.tokenizer.Tokenizer;
import io.motif.events.event.RegularizationSelected;
import io.motif.events.event.SamplesFailed;
import io.motif.events.event.SamplesGenerated;
import io.motif.events.event.WorkerReport;
import io.motif.events.job.SamplingJob;
import io.motif.events.schema.InvalidMessageException;
import io.motif.events.schema.MessageCodec;
import io.motif.jobs.JobBody;
import io.motif.jobs.JobContext;
import io.motif.jobs.JobOutcome;
import io.motif.jobs.storage.ContentAddress;
import io.motif.jobs.storage.ContentCache;
import io.motif.jobs.storage.FolderArchive;
import io.motif.service.WorkerReportRecords;
import io.motif.training.CaptionConventions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One sampling job: the base model plus the job's deltas (applied together, {@link DeltaSum}; a merged delta is one
 * more delta), every prompt × images-per-prompt with the chosen sampler, steps, guidance, seed and negative prompt;
 * each image a PNG with its settings in a {@code parameters} text chunk, plus one grid, all stored content-addressed.
 * The report lists the image keys; the job's status carries the grid key and presigned URLs.
 * A job with purpose regularization makes generated class images instead ({@link GeneratedRegularization}) and
 * reports {@code concept.regularization-selected} with their manifest.
 */
public final class SamplingJobBody implements JobBody {

    static final String JOB_TYPE = "job.sampling.v1";
    static final int MAX_PROMPTS = 16;
    static final int MAX_IMAGES_PER_PROMPT = 16;
    static final int MAX_STEPS = 200;
    private static final Map<String, String> SAMPLERS = Map.of("ddim", "ddim", "ddpm", "ddpm", "dpm-solver++", "dpmpp2m");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param modelDir      the base model folder
     * @param workDir       local scratch (input cache, unpacked deltas)
     * @param commandsTopic where worker reports go
     * @param source        ce_source of the reports
     * @param urlValidity   how long the presigned URLs in the status live
     * @param tokenizer     a tokenizer for model folders that ship none, or null
     */
    public record Settings(Path modelDir, Path workDir, String commandsTopic, String source, Duration urlValidity,
                           Tokenizer tokenizer) {
    }

    private final Settings settings;

    public SamplingJobBody(Settings settings) {
        this.settings = settings;
    }

    @Override
    public JobOutcome run(JobContext context) throws Exception {
        SamplingJob job;
        try {
            job = (SamplingJob) MessageCodec.decodeChecked(JOB_TYPE, context.job().payload().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidMessageException | ClassCastException e) {
            return JobOutcome.rejected("not a valid " + JOB_TYPE + ": " + e.getMessage());
        }
        String problem = problemWith(job);
        if (problem != null) {
            return new JobOutcome.Rejected(problem, failed(job, context, problem));
        }
        try {
            return sample(job, context);
        } catch (IOException | RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            return new JobOutcome.Failed(reason, failed(job, context, reason));
        }
    }

    static String problemWith(SamplingJob job) {
        if (job.prompts() == null || job.prompts().isEmpty() || job.prompts().size() > MAX_PROMPTS) {
            return "between 1 and " + MAX_PROMPTS + " prompts, got " + (job.prompts() == null ? 0 : job.prompts().size());
        }
        if (job.makesRegularization()) {
            String problem = GeneratedRegularization.problemWith(job);
            if (problem != null) {
                return problem;
            }
        } else if (job.imagesPerPrompt() < 1 || job.imagesPerPrompt() > MAX_IMAGES_PER_PROMPT) {
            return "images per prompt must be between 1 and " + MAX_IMAGES_PER_PROMPT + ", was " + job.imagesPerPrompt();
        }
        if (job.steps() < 1 || job.steps() > MAX_STEPS) {
            return "steps must be between 1 and " + MAX_STEPS + ", was " + job.steps();
        }
        if (!SAMPLERS.containsKey(job.sampler())) {
            return "unknown sampler " + job.sampler() + " (ddim, ddpm, dpm-solver++)";
        }
        for (String key : job.deltaKeys()) {
            try {
                ContentAddress.hashOf(key);
            } catch (IllegalArgumentException e) {
                return "delta key is not content-addressed: " + key;
            }
        }
        return null;
    }

    private JobOutcome sample(SamplingJob job, JobContext context) throws Exception {
        ContentCache cache = new ContentCache(context.blobs(), settings.workDir().resolve("cache"));
        String prefix = ContentAddress.prefix(job.tenant(), "samples");
        List<String> imageKeys = new ArrayList<>();
        List<List<BufferedImage>> rows = new ArrayList<>();
        int total = job.prompts().size() * job.imagesPerPrompt();
        try (StableDiffusionModel model = StableDiffusionModel.load(settings.modelDir(), Devices.preferred());
             NDManager manager = NDManager.newBaseManager(model.manager().getDevice())) {
            if (settings.tokenizer() != null) {
                model.setTokenizer(settings.tokenizer());
            }
            List<CustomDiffusionDelta> deltas = new ArrayList<>();
            for (String deltaKey : job.deltaKeys()) {
                Path folder = settings.workDir().resolve("deltas").resolve(ContentAddress.hashOf(deltaKey));
                if (!Files.isDirectory(folder)) {
                    unpack(cache.fetch(deltaKey), folder);
                }
                deltas.add(CustomDiffusionDelta.read(folder, manager));
            }
            if (!deltas.isEmpty()) {
                DeltaSum.applyTogether(model, deltas);
            }
            StableDiffusionPipeline pipeline = new StableDiffusionPipeline(model);
            if (job.makesRegularization()) {
                return classImages(job, context, pipeline, manager);
            }
            for (int p = 0; p < job.prompts().size(); p++) {
                if (context.shouldStop()) {
                    return JobOutcome.yielded(0); // sampling is short: a new owner simply starts again
                }
                String prompt = job.prompts().get(p);
                GenerationRequest request = GenerationRequest.of(prompt, job.seed() + p)
                        .withImages(job.imagesPerPrompt()).withSteps(job.steps())
                        .withSampler(SAMPLERS.get(job.sampler()), 0.0).withGuidance(job.guidanceScale())
                        .withNegativePrompt(job.negativePrompt() == null ? "" : job.negativePrompt());
                List<BufferedImage> row = new ArrayList<>();
                try (NDManager out = manager.newSubManager()) {
                    for (BufferedImage image : toImages(pipeline.generate(request, out))) {
                        String parameters = PngWithParameters.describe(prompt, job.negativePrompt(), job.steps(),
                                job.sampler(), job.guidanceScale(), job.seed() + p, image.getWidth(), image.getHeight(),
                                modelName(job));
                        imageKeys.add(ContentAddress.store(context.blobs(), prefix,
                                PngWithParameters.encode(image, parameters)));
                        row.add(image);
                    }
                }
                rows.add(row);
                context.progress().step(imageKeys.size(), total, Double.NaN, Double.NaN);
            }
        }
        String gridKey = ContentAddress.store(context.blobs(), prefix, PngWithParameters.encode(
                PngWithParameters.grid(rows), "grid: " + String.join(" | ", job.prompts())));
        ObjectNode result = JSON.createObjectNode().put("gridKey", gridKey)
                .put("gridUrl", context.blobs().presignedGetUrl(gridKey, settings.urlValidity()));
        ArrayNode images = result.putArray("images");
        for (String key : imageKeys) {
            images.addObject().put("key", key).put("url", context.blobs().presignedGetUrl(key, settings.urlValidity()));
        }
        SamplesGenerated report = new SamplesGenerated(job.conceptId(), job.tenant(), job.jobId(), context.workerId(),
                imageKeys);
        return JobOutcome.completed(result.toString(), List.of(report(report, "generated")));
    }

    private JobOutcome classImages(SamplingJob job, JobContext context, StableDiffusionPipeline pipeline,
                                   NDManager manager) throws IOException {
        String manifestKey = GeneratedRegularization.generate(pipeline, manager, job, SAMPLERS.get(job.sampler()),
                modelName(job), CaptionConventions.of(settings.modelDir()), context);
        if (manifestKey == null) {
            return JobOutcome.yielded(0); // nothing is kept: a new owner generates the same images again (same seeds)
        }
        RegularizationSelected report = new RegularizationSelected(job.conceptId(), job.tenant(), job.jobId(),
                context.workerId(), "generated", job.imagesPerPrompt(), manifestKey);
        ObjectNode result = JSON.createObjectNode().put("manifestKey", manifestKey).put("images", job.imagesPerPrompt());
        return JobOutcome.completed(result.toString(), List.of(report(report, "selected")));
    }

    private String modelName(SamplingJob job) {
        return settings.modelDir().getFileName() + (job.deltaKeys().isEmpty() ? ""
                : " + " + String.join(" + ", job.deltaKeys()));
    }

    /** (N, C, H, W) in [0, 1] → RGB images (one channel is shown as grey). */
    static List<BufferedImage> toImages(NDArray batch) {
        long[] s = batch.getShape().getShape();
        int n = (int) s[0];
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        float[] v = batch.toFloatArray();
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = 0;
                    for (int ch = 0; ch < 3; ch++) {
                        int from = Math.min(ch, c - 1);
                        float f = v[((i * c + from) * h + y) * w + x];
                        rgb = (rgb << 8) | Math.round(Math.max(0f, Math.min(1f, f)) * 255f);
                    }
                    image.setRGB(x, y, rgb);
                }
            }
            images.add(image);
        }
        return images;
    }

    /** A delta blob is a zip of the delta folder (as the trainer and merger store it). */
    private static void unpack(Path archive, Path folder) throws IOException {
        Path tmp = folder.resolveSibling(folder.getFileName() + ".partial");
        FolderArchive.unzip(Files.readAllBytes(archive), tmp);
        Files.move(tmp, folder);
    }

    /**
     * What the concept hears of a failure. The event vocabulary has no failure for a regularization job, and a
     * samples-failed would be refused as not the concept's current sampling job, so class-image jobs report nothing:
     * their reason is in the job's status record.
     */
    private List<ProducerRecord<String, String>> failed(SamplingJob job, JobContext context, String reason) {
        if (job.makesRegularization()) {
            return List.of();
        }
        return List.of(report(new SamplesFailed(job.conceptId(), job.tenant(), job.jobId(), context.workerId(), reason),
                "failed"));
    }

    /** A worker report for the concept's single writer; its ce_id is fixed per job so a replay dedupes. */
    private ProducerRecord<String, String> report(WorkerReport report, String what) {
        return WorkerReportRecords.of(settings.commandsTopic(), settings.source(), report, what);
    }
}
