package io.motif.shapes.tiny;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.motif.diffusion.config.ConfigReader;
import io.motif.diffusion.nn.Parameters;
import io.motif.diffusion.safetensors.SafetensorsWriter;
import io.motif.diffusion.scheduler.NoiseSchedule;
import io.motif.diffusion.text.ClipTextConfig;
import io.motif.diffusion.text.ClipTextEncoder;
import io.motif.diffusion.tokenizer.ClipBpeTokenizer;
import io.motif.diffusion.unet.UNet2DConditionModel;
import io.motif.diffusion.unet.UNetConfig;
import io.motif.training.CaptionConventions;
import io.motif.training.TokenTraining;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * motif-tiny as the pretrainer sees it: a pixel-space UNet, a CLIP text encoder, the tokenizer and the noise
 * schedule, built from a diffusers-format folder's configs with fresh seeded weights, and saved back as a complete
 * diffusers-format folder.
 */
public final class TinyModel implements AutoCloseable {

    /** The files of a model folder that are configuration, not weights (copied as they are). */
    static final List<String> CONFIG_FILES = List.of("model_index.json", "unet/config.json", "text_encoder/config.json",
            "scheduler/scheduler_config.json", "tokenizer/vocab.json", "tokenizer/merges.txt",
            "tokenizer/special_tokens_map.json", "tokenizer/tokenizer_config.json");

    /**
     * The files that tell fine-tuning how to treat the model (its caption style, how the modifier token trains):
     * copied with the configs when the config folder has them, so a model pretrained into a new folder fine-tunes
     * as the original does.
     */
    static final List<String> FINE_TUNING_FILES = List.of(CaptionConventions.FILE, TokenTraining.FILE);

    private final Path configDir;
    private final UNet2DConditionModel unet;
    private final ClipTextEncoder text;
    private final ClipBpeTokenizer tokenizer;
    private final NoiseSchedule schedule;

    private TinyModel(Path configDir, UNet2DConditionModel unet, ClipTextEncoder text, ClipBpeTokenizer tokenizer,
                      NoiseSchedule schedule) {
        this.configDir = configDir;
        this.unet = unet;
        this.text = text;
        this.tokenizer = tokenizer;
        this.schedule = schedule;
    }

    /** A fresh model from the configs in {@code configDir}, weights initialised from {@code seed}. */
    public static TinyModel initialise(Path configDir, long seed, NDManager manager) throws IOException {
        UNetConfig uc = UNetConfig.read(ConfigReader.of(configDir.resolve("unet/config.json")));
        ClipTextConfig tc = ClipTextConfig.read(ConfigReader.of(configDir.resolve("text_encoder/config.json")));
        Parameters up = ParameterInit.create(ParameterShapes.unet(uc), seed, manager);
        Parameters tp = ParameterInit.create(ParameterShapes.textEncoder(tc), seed + 1, manager);
        return new TinyModel(configDir, new UNet2DConditionModel(uc, up), new ClipTextEncoder(tc, tp),
                ClipBpeTokenizer.load(configDir.resolve("tokenizer")),
                NoiseSchedule.read(ConfigReader.of(configDir.resolve("scheduler/scheduler_config.json"))));
    }

    /**
     * An independent copy of this model (same configs, tokenizer and schedule, a copy of the current weights) whose
     * arrays live in {@code manager}.
     */
    public TinyModel replica(NDManager manager) {
        return new TinyModel(configDir, new UNet2DConditionModel(unet.config(), copy(unet.parameters(), manager)),
                new ClipTextEncoder(text.config(), copy(text.parameters(), manager)), tokenizer, schedule);
    }

    private static Parameters copy(Parameters source, NDManager manager) {
        Parameters p = new Parameters(manager);
        for (Map.Entry<String, NDArray> e : source.view().entrySet()) {
            NDArray c = e.getValue().duplicate();
            c.attach(manager);
            p.put(e.getKey(), c);
        }
        return p;
    }

    public UNet2DConditionModel unet() {
        return unet;
    }

    public ClipTextEncoder text() {
        return text;
    }

    /** The padded token ids of {@code captions}, row after row ([captions × maxLength], flattened). */
    public long[] tokenIds(List<String> captions) {
        int length = tokenizer.maxLength();
        long[] ids = new long[captions.size() * length];
        for (int i = 0; i < captions.size(); i++) {
            System.arraycopy(tokenizer.encode(captions.get(i)), 0, ids, i * length, length);
        }
        return ids;
    }

    public ClipBpeTokenizer tokenizer() {
        return tokenizer;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    public int imageSize() {
        return unet.config().sampleSize();
    }

    public long parameterCount() {
        return unet.parameters().count() + text.parameters().count();
    }

    /** Writes the configs and current weights as a diffusers-format folder ({@code metadata} goes in both files). */
    public void save(Path out, Map<String, String> metadata) throws IOException {
        for (String f : CONFIG_FILES) {
            Path target = out.resolve(f);
            Files.createDirectories(target.getParent());
            if (!configDir.resolve(f).toAbsolutePath().equals(target.toAbsolutePath())) {
                Files.copy(configDir.resolve(f), target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        for (String f : FINE_TUNING_FILES) {
            Path source = configDir.resolve(f);
            if (Files.isRegularFile(source) && !source.toAbsolutePath().equals(out.resolve(f).toAbsolutePath())) {
                Files.copy(source, out.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        write(unet.parameters(), out.resolve("unet/diffusion_pytorch_model.safetensors"), metadata);
        write(text.parameters(), out.resolve("text_encoder/model.safetensors"), metadata);
    }

    private static void write(Parameters p, Path file, Map<String, String> metadata) throws IOException {
        SafetensorsWriter w = new SafetensorsWriter().metadata(metadata);
        for (Map.Entry<String, NDArray> e : p.view().entrySet()) {
            w.add(e.getKey(), e.getValue());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        w.write(tmp);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        unet.close();
        text.close();
    }
}
