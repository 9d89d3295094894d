package io.motif.diffusion.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.config.ConfigReader;
import io.motif.diffusion.scheduler.NoiseSchedule;
import io.motif.diffusion.text.ClipTextEncoder;
import io.motif.diffusion.tokenizer.ClipBpeTokenizer;
import io.motif.diffusion.tokenizer.Tokenizer;
import io.motif.diffusion.unet.UNet2DConditionModel;
import io.motif.diffusion.vae.AutoencoderKL;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loaded diffusers model folder: {@code unet/}, {@code text_encoder/}, {@code scheduler/}, and optionally
 * {@code vae/} (absent for pixel-space models) and {@code tokenizer/} (absent when ids are supplied directly).
 * Owns one NDManager for all weights; closing the model frees them.
 */
public final class StableDiffusionModel implements AutoCloseable {

    private final Path root;
    private final NDManager manager;
    private final UNet2DConditionModel unet;
    private final ClipTextEncoder textEncoder;
    private final AutoencoderKL vae;
    private final NoiseSchedule schedule;
    private Tokenizer tokenizer;

    private StableDiffusionModel(Path root, NDManager manager, UNet2DConditionModel unet, ClipTextEncoder textEncoder,
                                 AutoencoderKL vae, NoiseSchedule schedule, Tokenizer tokenizer) {
        this.root = root;
        this.manager = manager;
        this.unet = unet;
        this.textEncoder = textEncoder;
        this.vae = vae;
        this.schedule = schedule;
        this.tokenizer = tokenizer;
    }

    public static StableDiffusionModel load(Path root) throws IOException {
        return load(root, Devices.preferred());
    }

    public static StableDiffusionModel load(Path root, Device device) throws IOException {
        NDManager manager = NDManager.newBaseManager(device);
        try {
            UNet2DConditionModel unet = UNet2DConditionModel.load(root.resolve("unet"), manager);
            ClipTextEncoder text = ClipTextEncoder.load(root.resolve("text_encoder"), manager);
            AutoencoderKL vae = Files.isDirectory(root.resolve("vae")) ? AutoencoderKL.load(root.resolve("vae"), manager) : null;
            Path sched = ModelFolder.schedulerConfig(root);
            NoiseSchedule schedule = Files.exists(sched) ? NoiseSchedule.read(ConfigReader.of(sched)) : NoiseSchedule.stableDiffusionDefault();
            Tokenizer tok = Files.exists(root.resolve("tokenizer").resolve("vocab.json"))
                    ? ClipBpeTokenizer.load(root.resolve("tokenizer")) : null;
            return new StableDiffusionModel(root, manager, unet, text, vae, schedule, tok);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public Path root() {
        return root;
    }

    public NDManager manager() {
        return manager;
    }

    public UNet2DConditionModel unet() {
        return unet;
    }

    public ClipTextEncoder textEncoder() {
        return textEncoder;
    }

    /** The VAE, or null for a pixel-space model. */
    public AutoencoderKL vae() {
        return vae;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    /** The tokenizer, or null when the folder has none. */
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** Sets the tokenizer for folders that ship none (e.g. a toy word-level vocabulary). */
    public void setTokenizer(Tokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Adds a new token to the tokenizer and a matching row to the text encoder's token table; returns its id.
     * Fails if the tokenizer's id and the table's next row disagree (they must grow together).
     */
    public int addToken(String token, NDArray embedding) {
        if (tokenizer == null) {
            throw new IllegalStateException("this model has no tokenizer");
        }
        int id = tokenizer.addToken(token);
        int row = textEncoder.addTokens(embedding.reshape(new Shape(1, -1)));
        if (id != row) {
            throw new IllegalStateException("tokenizer gave " + token + " id " + id + " but the embedding table row is " + row);
        }
        return id;
    }

    @Override
    public void close() {
        manager.close();
    }
}
