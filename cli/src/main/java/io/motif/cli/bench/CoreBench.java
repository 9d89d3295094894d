package io.motif.cli.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.motif.diffusion.pipeline.Devices;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.pipeline.StableDiffusionPipeline;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.scheduler.DdimSampler;
import io.motif.diffusion.scheduler.GaussianNoise;
import io.motif.diffusion.unet.ForwardOptions;
import io.motif.diffusion.unet.UNet2DConditionModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ./motif bench core}: speed and memory of the diffusion core on the public fixture's UNet (medians over
 * repeated runs after warm-up): UNet forward at batch 2; a training step (forward + backward + AdamW) at batch 8
 * with only the cross-attention K/V trainable and with every UNet parameter trainable (the K/V/all ratio is the
 * in-run baseline); 50-step DDIM with classifier-free guidance for one image including the VAE decode; resident
 * memory after N sampling runs (flat = no leak) and peak resident memory.
 */
@Command(name = "core", mixinStandardHelpOptions = true,
        description = "Median UNet forward / training-step / DDIM-50 times and memory on the fixture model.")
public final class CoreBench implements Callable<Integer> {

    @Option(names = "--fixtures", description = "fixture folder with unet/, vae/, text_encoder/, io.safetensors (default: ${DEFAULT-VALUE})")
    Path fixtures = Path.of(System.getProperty("motif.fixtures.dir", "../shared/fixtures/public"));

    @Option(names = "--repeats", description = "timed repetitions per measurement (default: ${DEFAULT-VALUE})")
    int repeats = 10;

    @Option(names = "--warmup", description = "untimed repetitions first (default: ${DEFAULT-VALUE})")
    int warmup = 3;

    @Option(names = "--ddim-repeats", description = "timed DDIM-50 runs (default: ${DEFAULT-VALUE})")
    int ddimRepeats = 3;

    @Option(names = "--sampling-runs", description = "sampling runs (DDIM-2, CFG) for the memory-flatness line (default: ${DEFAULT-VALUE})")
    int samplingRuns = 100;

    @Option(names = "--train-batch", description = "training batch size (default: ${DEFAULT-VALUE})")
    int trainBatch = 8;

    @Override
    public Integer call() throws Exception {
        Device device = Devices.preferred();
        System.out.printf(Locale.ROOT, "device=%s threads=%s interop=%s%n", device,
                System.getProperty("ai.djl.pytorch.num_threads", "default"), System.getProperty("ai.djl.pytorch.num_interop_threads", "default"));
        try (StableDiffusionModel model = StableDiffusionModel.load(fixtures, device);
             NDManager m = NDManager.newBaseManager(device);
             SafetensorsFile io = SafetensorsFile.open(fixtures.resolve("io.safetensors"))) {
            UNet2DConditionModel unet = model.unet();
            System.out.printf(Locale.ROOT, "rss.after_load_mb=%d%n", currentRssMb());
            NDArray sample = io.load("unet.sample", m).toDevice(device, false);
            NDArray t = io.load("unet.timestep", m).toDevice(device, false);
            NDArray ctx = io.load("unet.encoder_hidden_states", m).toDevice(device, false);

            double fwd = Medians.of(time(() -> {
                try (NDScope s = new NDScope()) {
                    s.suppressNotUsedWarning();
                    unet.forward(sample, t, ctx).toFloatArray();
                }
            }));
            System.out.printf(Locale.ROOT, "unet.forward batch=2 median_ms=%.1f cpu_ms=%.1f (target ~41)%n", fwd, Medians.of(lastCpuMs));

            double kv = trainStep(unet, m, unet.crossAttentionKvNames());
            double kvCpu = Medians.of(lastCpuMs);
            System.out.printf(Locale.ROOT, "train.step batch=%d trainable=attn2.kv (%d tensors) median_ms=%.1f cpu_ms=%.1f (target ~340)%n",
                    trainBatch, unet.crossAttentionKvNames().size(), kv, kvCpu);
            List<String> all = unet.names(n -> true);
            double full = trainStep(unet, m, all);
            double fullCpu = Medians.of(lastCpuMs);
            System.out.printf(Locale.ROOT, "train.step batch=%d trainable=all (%d tensors) median_ms=%.1f cpu_ms=%.1f (target ~410)%n",
                    trainBatch, all.size(), full, fullCpu);
            System.out.printf(Locale.ROOT, "train.step kv/all ratio wall=%.2f cpu=%.2f (target <= 0.70)%n", kv / full, kvCpu / fullCpu);
            System.out.printf(Locale.ROOT, "rss.peak_after_training_mb=%d%n", peakRssMb());

            StableDiffusionPipeline pipe = new StableDiffusionPipeline(model);
            NDArray emb = pipe.encode(io.load("text.input_ids", m).toDevice(device, false));
            NDArray uncond = emb.get(new NDIndex("0:1"));
            NDArray cond = emb.get(new NDIndex("1:2"));
            NDArray init = io.load("ddim.latents_init", m).toDevice(device, false);
            int savedRepeats = repeats;
            int savedWarmup = warmup;
            repeats = ddimRepeats;
            warmup = 1;
            double ddim = Medians.of(time(() -> sampleOnce(pipe, model, m, init, cond, uncond, 50)));
            repeats = savedRepeats;
            warmup = savedWarmup;
            System.out.printf(Locale.ROOT, "ddim50.cfg images=1 median_ms=%.0f cpu_ms=%.0f (target ~2200)%n", ddim, Medians.of(lastCpuMs));

            long rssAfter10 = 0;
            for (int i = 0; i < samplingRuns; i++) {
                sampleOnce(pipe, model, m, init, cond, uncond, 2);
                if (i == 9) {
                    rssAfter10 = currentRssMb();
                }
            }
            System.out.printf(Locale.ROOT, "memory.sampling runs=%d rss_after_10_mb=%d rss_after_%d_mb=%d%n",
                    samplingRuns, rssAfter10, samplingRuns, currentRssMb());
            System.out.printf(Locale.ROOT, "rss.peak_mb=%d (target < 2048)%n", peakRssMb());
        }
        return 0;
    }

    private void sampleOnce(StableDiffusionPipeline pipe, StableDiffusionModel model, NDManager m, NDArray init, NDArray cond,
                            NDArray uncond, int steps) {
        try (NDManager run = m.newSubManager()) {
            NDArray latents = init.duplicate();
            latents.attach(run);
            NDArray fin = pipe.denoise(latents, cond, uncond, 7.5f, new DdimSampler(model.schedule(), steps, 0), new GaussianNoise(0), null);
            try (NDScope s = new NDScope()) {
                s.suppressNotUsedWarning();
                pipe.toImage(fin).toFloatArray();
            }
            fin.close();
        }
    }

    /** Median ms of a full Custom Diffusion-style step with {@code trainable} parameters, minimal AdamW inline. */
    private double trainStep(UNet2DConditionModel unet, NDManager m, List<String> trainable) {
        Map<String, NDArray> params = unet.parameters().view();
        GaussianNoise g = new GaussianNoise(5);
        Device d = m.getDevice();
        NDArray x = g.next(m, new Shape(trainBatch, 4, 32, 32), d);
        NDArray eps = g.next(m, x.getShape(), d);
        NDArray ctx = g.next(m, new Shape(trainBatch, 77, 32), d);
        long[] ts = new long[trainBatch];
        for (int i = 0; i < trainBatch; i++) {
            ts[i] = (i * 131) % 1000;
        }
        NDArray t = m.create(ts).toDevice(d, false);
        MiniAdamW opt = new MiniAdamW(m, 1e-5f);
        for (String n : trainable) {
            params.get(n).setRequiresGradient(true);
        }
        try {
            return Medians.of(time(() -> {
                try (NDScope s = new NDScope()) {
                    s.suppressNotUsedWarning();
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray pred = unet.forward(x, t, ctx, ForwardOptions.TRAINING);
                        NDArray loss = pred.sub(eps).square().mean();
                        gc.backward(loss);
                    }
                    for (String n : trainable) {
                        opt.update(n, params.get(n));
                    }
                }
            }));
        } finally {
            for (String n : trainable) {
                params.get(n).setRequiresGradient(false);
            }
            opt.close();
        }
    }

    /** AdamW (β 0.9/0.999, eps 1e-8, weight decay 1e-2), state kept outside any scope. */
    private static final class MiniAdamW implements AutoCloseable {
        private final NDManager state;
        private final float lr;
        private final Map<String, NDArray[]> moments = new HashMap<>();
        private final Map<String, Integer> steps = new HashMap<>();

        MiniAdamW(NDManager parent, float lr) {
            this.state = parent.newSubManager();
            this.lr = lr;
        }

        void update(String name, NDArray w) {
            try (NDArray grad = w.getGradient()) {
                NDArray[] mv = moments.computeIfAbsent(name, k -> {
                    NDArray a = state.zeros(w.getShape(), w.getDataType(), w.getDevice());
                    NDArray b = state.zeros(w.getShape(), w.getDataType(), w.getDevice());
                    NDScope.unregister(a, b);
                    return new NDArray[] {a, b};
                });
                int step = steps.merge(name, 1, Integer::sum);
                mv[0].muli(0.9f).addi(grad.mul(0.1f));
                mv[1].muli(0.999f).addi(grad.square().mul(0.001f));
                double bc1 = 1 - Math.pow(0.9, step);
                double bc2 = 1 - Math.pow(0.999, step);
                w.muli(1 - lr * 0.01f);
                w.subi(mv[0].div((float) bc1).div(mv[1].div((float) bc2).sqrt().add(1e-8f)).mul(lr));
            }
        }

        @Override
        public void close() {
            state.close();
        }
    }

    /** Process CPU ms of the last {@link #time} call's runs (all threads), a figure less hurt by a busy machine. */
    private List<Double> lastCpuMs = List.of();

    private List<Double> time(Runnable r) {
        for (int i = 0; i < warmup; i++) {
            r.run();
        }
        List<Double> ms = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            r.run();
            ms.add((System.nanoTime() - t0) / 1e6);
            cpu.add((processCpuNanos() - c0) / 1e6);
        }
        lastCpuMs = cpu;
        return ms;
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    private static long peakRssMb() {
        return statusKb("VmHWM") / 1024;
    }

    private static long currentRssMb() {
        return statusKb("VmRSS") / 1024;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CoreBench()).execute(args));
    }
}
