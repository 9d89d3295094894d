package io.motif.cli;

import ai.djl.ndarray.NDManager;
import io.motif.shapes.tiny.GroundedWords;
import io.motif.shapes.tiny.GroundingOptions;
import io.motif.shapes.tiny.PretrainOptions;
import io.motif.shapes.tiny.TimestepSampling;
import io.motif.shapes.tiny.TinyModel;
import io.motif.shapes.tiny.TinyPretrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./motif pretrain}: trains motif-tiny from scratch on the shapes world. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Train motif-tiny (UNet + text encoder) from scratch on the shapes world: first",
                "the text encoder on captions alone (--text-warmup), then the UNet with the",
                "encoder frozen and the position words' cross-attention grounded on their",
                "objects (--grounding), half of each batch at the less noisy timesteps",
                "(--low-t-share). Reads the architecture from --config, writes a",
                "diffusers-format folder to --out, with the loss curve in train_log.csv.",
                "Same options and seeds give the same weights."})
public final class PretrainCommand implements Callable<Integer> {

    @Option(names = "--config", description = "folder with the configs and tokenizer (default: ${DEFAULT-VALUE})")
    Path config = Path.of("models/motif-tiny");

    @Option(names = "--out", description = "output model folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("models/motif-tiny");

    @Option(names = "--steps", description = "optimizer steps (default: ${DEFAULT-VALUE})")
    int steps = PretrainOptions.defaults().steps();

    @Option(names = "--batch", description = "images per step (default: ${DEFAULT-VALUE})")
    int batch = PretrainOptions.defaults().batchSize();

    @Option(names = "--lr", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr = PretrainOptions.defaults().learningRate();

    @Option(names = "--warmup", description = "learning-rate warm-up steps (default: ${DEFAULT-VALUE})")
    int warmup = PretrainOptions.defaults().warmupSteps();

    @Option(names = "--seed", description = "seed of the initial weights, noise and caption dropout (default: ${DEFAULT-VALUE})")
    long seed = PretrainOptions.defaults().seed();

    @Option(names = "--world-seed", description = "seed of the shapes world (default: ${DEFAULT-VALUE})")
    long worldSeed = PretrainOptions.defaults().worldSeed();

    @Option(names = "--max-minutes", description = "stop (and save) after this much wall time (default: ${DEFAULT-VALUE})")
    double maxMinutes = PretrainOptions.defaults().maxMinutes();

    @Option(names = "--checkpoint-every", description = "save every N steps (default: ${DEFAULT-VALUE})")
    int checkpointEvery = PretrainOptions.defaults().checkpointEvery();

    @Option(names = "--log-every", description = "log the mean loss every N steps (default: ${DEFAULT-VALUE})")
    int logEvery = PretrainOptions.defaults().logEvery();

    @Option(names = "--snr-gamma", description = "min-SNR-γ loss weighting, 0 for the plain ε-loss (default: ${DEFAULT-VALUE})")
    double snrGamma = PretrainOptions.defaults().snrGamma();

    @Option(names = "--shards", description = "parallel model replicas, each computing an equal share of the batch in its own thread; one per core (default: ${DEFAULT-VALUE})")
    int shards = PretrainOptions.defaults().shards();

    @Option(names = "--low-t-share", description = "share of each batch whose timesteps are drawn below --low-t-below instead of from the whole schedule, 0 for uniform timesteps (default: ${DEFAULT-VALUE})")
    double lowTimestepShare = PretrainOptions.defaults().timesteps().lowShare();

    @Option(names = "--low-t-below", description = "end (exclusive) of the low timestep range of --low-t-share (default: ${DEFAULT-VALUE})")
    int lowTimestepBelow = PretrainOptions.defaults().timesteps().lowBelow();

    @Option(names = "--text-warmup", description = "steps of the text encoder's caption read-out warm-up before the UNet trains, 0 for none (default: ${DEFAULT-VALUE})")
    int textWarmup = PretrainOptions.defaults().textWarmupSteps();

    @Option(names = "--grounding", description = "weight of the cross-attention grounding share loss (each grounded word's attention pulled onto its object's cells), 0 for none (default: ${DEFAULT-VALUE})")
    double grounding = PretrainOptions.defaults().grounding().weight();

    @Option(names = "--grounded-words", description = "which words the grounding loss grounds: ALL words of an object phrase, or only its POSITIONS words (default: ${DEFAULT-VALUE})")
    GroundedWords groundedWords = PretrainOptions.defaults().grounding().words();

    @Option(names = "--grounding-pooled-heads", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "ground the heads' mean attention map, so one head may ground while the others attend freely; --no-grounding-pooled-heads grounds each head's map (default: ${DEFAULT-VALUE})")
    boolean groundingPooledHeads;

    @Option(names = "--grounding-mass", description = "weight of the grounding mass loss: each pixel inside an object should give its attention to that object's words (not the padding), 0 for none (default: ${DEFAULT-VALUE})")
    double groundingMass = PretrainOptions.defaults().grounding().massWeight();

    @Option(names = "--grounding-spares-text-encoder", description = "the grounding losses see the attention maps through detached keys, so they shape the UNet's attention but not the text encoder through the keys (default: off)")
    boolean groundingSparesTextEncoder = PretrainOptions.defaults().grounding().sparesTextEncoder();

    @Option(names = "--grounding-from", description = "the first step the grounding loss applies to; the steps before train on the denoising loss alone (default: ${DEFAULT-VALUE})")
    int groundingFrom = PretrainOptions.defaults().grounding().fromStep();

    @Option(names = "--freeze-text-encoder", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "keep the text encoder as --text-warmup left it while the UNet trains, as Stable Diffusion keeps its CLIP encoder frozen; --no-freeze-text-encoder trains it with the UNet (default: ${DEFAULT-VALUE})")
    boolean freezeTextEncoder;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PretrainOptions o;
        try {
            o = new PretrainOptions(steps, batch, lr, Math.min(warmup, Math.max(1, steps)),
                    PretrainOptions.defaults().captionDropout(), PretrainOptions.defaults().maxGradNorm(), seed,
                    worldSeed, checkpointEvery, logEvery, maxMinutes, snrGamma, shards, textWarmup,
                    new GroundingOptions(grounding, groundedWords, groundingPooledHeads, groundingMass,
                            groundingSparesTextEncoder, groundingFrom), freezeTextEncoder,
                    new TimestepSampling(lowTimestepShare, lowTimestepBelow));
        } catch (IllegalArgumentException e) {
            // the options check themselves; here their message becomes a usage error
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (shards > 1) {
            // each shard's thread runs its operations itself: libtorch's shared intra-op pool would only make the
            // shards' threads wait for each other (read when the engine starts, so before the first NDManager)
            System.setProperty("ai.djl.pytorch.num_threads", "1");
        }
        try (NDManager manager = NDManager.newBaseManager();
             TinyModel model = TinyModel.initialise(config, seed, manager)) {
            System.out.printf("motif-tiny: %,d parameters, %d px, %s%n", model.parameterCount(), model.imageSize(), o);
            List<TinyPretrainer.LogPoint> curve = new TinyPretrainer(model, o).run(out, System.out::println);
            TinyPretrainer.LogPoint last = curve.get(curve.size() - 1);
            System.out.printf("done: %d steps in %.0f s, final loss %.4f, saved to %s%n", last.step(),
                    last.elapsedSeconds(), last.meanLoss(), out);
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PretrainCommand()).execute(args));
    }
}
