package io.motif.diffusion.parity;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.motif.diffusion.config.ConfigReader;
import io.motif.diffusion.delta.CustomDiffusionDelta;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.pipeline.StableDiffusionPipeline;
import io.motif.diffusion.scheduler.DdimSampler;
import io.motif.diffusion.scheduler.GaussianNoise;
import io.motif.diffusion.scheduler.NoiseSchedule;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.text.TextEncoderOutput;
import io.motif.diffusion.unet.ForwardOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The diffusion core's checks against diffusers' reference tensors: text encoder, UNet, VAE, the CFG DDIM trace and
 * the Custom Diffusion UNet output. A check runs only when the fixture holds its tensors.
 */
public final class DiffusionParitySuite implements ParitySuite {

    public static final double MODEL_TOL = 1e-4;
    public static final double TRACE_TOL = 1e-3;

    @Override
    public String name() {
        return "diffusion";
    }

    @Override
    public List<ParityResult> run(Path dir) throws Exception {
        List<ParityResult> out = new ArrayList<>();
        Path io = dir.resolve("io.safetensors");
        boolean hasCd = Files.exists(dir.resolve("custom_diffusion.safetensors"));
        boolean hasModel = Files.exists(dir.resolve("unet").resolve("config.json")) && Files.exists(dir.resolve("text_encoder").resolve("config.json"));
        if (!hasModel || (!Files.exists(io) && !hasCd)) {
            return out;
        }
        try (StableDiffusionModel model = StableDiffusionModel.load(dir, Device.cpu());
             NDManager m = NDManager.newBaseManager(Device.cpu())) {
            if (Files.exists(io)) {
                try (SafetensorsFile ref = SafetensorsFile.open(io)) {
                    Refs r = new Refs(ref, m);
                    text(model, r, out);
                    unet(model, r, out);
                    vae(model, r, out);
                    ddim(model, dir, r, out);
                }
            }
            if (hasCd && Files.exists(io)) {
                customDiffusion(model, dir, m, out);
            }
        }
        return out;
    }

    /** Reference tensors by name; null when absent. */
    private record Refs(SafetensorsFile file, NDManager m) {
        NDArray get(String name) throws IOException {
            return file.contains(name) ? file.load(name, m) : null;
        }

        boolean has(String... names) {
            for (String n : names) {
                if (!file.contains(n)) {
                    return false;
                }
            }
            return true;
        }
    }

    private static void check(List<ParityResult> out, String name, NDArray actual, NDArray expected, double tol) {
        out.add(ParityResult.of(name, Compare.maxAbsErr(actual, expected), tol));
    }

    private void text(StableDiffusionModel model, Refs r, List<ParityResult> out) throws IOException {
        if (!r.has("text.input_ids")) {
            return;
        }
        TextEncoderOutput o = model.textEncoder().forward(r.get("text.input_ids"), true);
        if (r.has("text.last_hidden_state")) {
            check(out, "text.last_hidden_state", o.lastHiddenState(), r.get("text.last_hidden_state"), MODEL_TOL);
        }
        if (r.has("text.hidden_states")) {
            check(out, "text.hidden_states", NDArrays.stack(new NDList(o.hiddenStates())), r.get("text.hidden_states"), MODEL_TOL);
        }
        if (r.has("text.pooler_output")) {
            check(out, "text.pooler_output", o.pooled(), r.get("text.pooler_output"), MODEL_TOL);
        }
    }

    private void unet(StableDiffusionModel model, Refs r, List<ParityResult> out) throws IOException {
        if (!r.has("unet.sample", "unet.encoder_hidden_states")) {
            return;
        }
        NDArray sample = r.get("unet.sample");
        NDArray ctx = r.get("unet.encoder_hidden_states");
        if (r.has("unet.timestep", "unet.out")) {
            Map<String, NDArray> debug = new HashMap<>();
            NDArray y = model.unet().forward(sample, r.get("unet.timestep"), ctx, new ForwardOptions(false, debug));
            ParityResult res = ParityResult.of("unet.out", Compare.maxAbsErr(y, r.get("unet.out")), MODEL_TOL);
            out.add(res);
            if (!res.pass()) {
                // localise the failure: the first block whose activation differs is where the bug is
                for (Map.Entry<String, NDArray> e : debug.entrySet()) {
                    if (r.has("unet.debug." + e.getKey())) {
                        check(out, "unet.debug." + e.getKey(), e.getValue(), r.get("unet.debug." + e.getKey()), MODEL_TOL);
                    }
                }
            }
        }
        if (r.has("unet.timestep_shared", "unet.out_shared_t")) {
            NDArray y = model.unet().forward(sample, r.get("unet.timestep_shared"), ctx);
            check(out, "unet.out_shared_t", y, r.get("unet.out_shared_t"), MODEL_TOL);
        }
    }

    private void vae(StableDiffusionModel model, Refs r, List<ParityResult> out) throws IOException {
        if (model.vae() == null) {
            return;
        }
        if (r.has("vae.decode.latent", "vae.decode.out")) {
            check(out, "vae.decode.out", model.vae().decode(r.get("vae.decode.latent")), r.get("vae.decode.out"), MODEL_TOL);
        }
        if (r.has("vae.encode.image")) {
            NDList posterior = model.vae().encode(r.get("vae.encode.image"));
            if (r.has("vae.encode.mean")) {
                check(out, "vae.encode.mean", posterior.get(0), r.get("vae.encode.mean"), MODEL_TOL);
            }
            if (r.has("vae.encode.logvar")) {
                check(out, "vae.encode.logvar", posterior.get(1), r.get("vae.encode.logvar"), MODEL_TOL);
            }
        }
    }

    private void ddim(StableDiffusionModel model, Path dir, Refs r, List<ParityResult> out) throws IOException {
        if (!r.has("ddim.latents_init", "ddim.latents", "text.input_ids")) {
            return;
        }
        Path cfg = dir.resolve("scheduler_ddim").resolve("scheduler_config.json");
        NoiseSchedule schedule = Files.exists(cfg) ? NoiseSchedule.read(ConfigReader.of(cfg)) : model.schedule();
        Map<String, String> meta = r.file().metadata();
        int steps = Math.toIntExact(r.file().info("ddim.latents").shape()[0]);
        double guidance = Double.parseDouble(meta.getOrDefault("guidance_scale", "7.5"));
        double eta = Double.parseDouble(meta.getOrDefault("eta", "0.0"));
        DdimSampler sampler = new DdimSampler(schedule, steps, eta);
        if (r.has("ddim.timesteps")) {
            NDArray ts = r.m().create(sampler.timesteps()).toType(ai.djl.ndarray.types.DataType.INT64, false);
            check(out, "ddim.timesteps", ts, r.get("ddim.timesteps"), 0);
        }
        if (r.has("ddim.betas")) {
            check(out, "ddim.betas", r.m().create(schedule.betas()), r.get("ddim.betas"), 0);
        }
        if (r.has("ddim.alphas_cumprod")) {
            check(out, "ddim.alphas_cumprod", r.m().create(schedule.alphasCumprod()), r.get("ddim.alphas_cumprod"), 0);
        }
        StableDiffusionPipeline pipe = new StableDiffusionPipeline(model);
        NDArray ids = r.get("text.input_ids");
        NDArray emb = pipe.encode(ids);
        NDArray uncond = emb.get(new NDIndex("0:1"));
        NDArray cond = emb.get(new NDIndex("1:2"));
        NDList trace = new NDList();
        NDManager m = r.m();
        NDArray fin = pipe.denoise(r.get("ddim.latents_init"), cond, uncond, (float) guidance, sampler, new GaussianNoise(0),
                (i, t, latents) -> {
                    NDArray keep = latents.duplicate();
                    ai.djl.ndarray.NDScope.unregister(keep);
                    keep.attach(m);
                    trace.add(keep);
                });
        check(out, "ddim.latents", NDArrays.stack(trace), r.get("ddim.latents"), TRACE_TOL);
        if (r.has("ddim.image") && model.vae() != null) {
            check(out, "ddim.image", pipe.toImage(fin), r.get("ddim.image"), TRACE_TOL);
        }
    }

    private void customDiffusion(StableDiffusionModel model, Path dir, NDManager m, List<ParityResult> out) throws IOException {
        Path file = dir.resolve("custom_diffusion.safetensors");
        try (SafetensorsFile cd = SafetensorsFile.open(file);
             SafetensorsFile io = SafetensorsFile.open(dir.resolve("io.safetensors"))) {
            if (!cd.contains("unet.out_custom_diffusion")) {
                return;
            }
            CustomDiffusionDelta delta = CustomDiffusionDelta.fromWeightFile(file, m, key -> !key.startsWith("delta.") && !key.startsWith("unet."));
            delta.applyTo(model);
            NDArray y = model.unet().forward(io.load("unet.sample", m), io.load("unet.timestep", m), io.load("unet.encoder_hidden_states", m));
            check(out, "unet.out_custom_diffusion", y, cd.load("unet.out_custom_diffusion", m), MODEL_TOL);
        }
    }
}
