package io.motif.diffusion.delta;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * {@value #FILE_NAME}, written beside a delta's weights: what the delta was trained from and how. Unknown fields
 * are refused on read so a typo never passes silently; anything free-form goes into {@code extra}.
 *
 * @param formatVersion   manifest schema version ({@value #VERSION})
 * @param baseModelHash   {@link BaseModelHash} of the model folder the delta was trained on ("sha256:…")
 * @param tokens          modifier tokens, e.g. ["&lt;new1&gt;"]
 * @param classWords      the category word of each token, e.g. ["dog"]
 * @param mode            "crossattn_kv" (K/V only) or "crossattn" (also Q and out)
 * @param hyperParameters learning rate, batch size, seeds …
 * @param steps           optimizer steps taken
 * @param lossCurve       mean loss per logged step, in order
 * @param createdAt       ISO-8601 instant the delta was written
 * @param trainingSeconds wall time of the training
 * @param device          where it was trained (e.g. "cpu()", "gpu(0)")
 * @param extra           anything else (metrics, notes)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeltaManifest(
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("base_model_hash") String baseModelHash,
        @JsonProperty("tokens") List<String> tokens,
        @JsonProperty("class_words") List<String> classWords,
        @JsonProperty("mode") String mode,
        @JsonProperty("hyper_parameters") Map<String, Object> hyperParameters,
        @JsonProperty("steps") int steps,
        @JsonProperty("loss_curve") List<Double> lossCurve,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("training_seconds") double trainingSeconds,
        @JsonProperty("device") String device,
        @JsonProperty("extra") Map<String, Object> extra) {

    public static final String FILE_NAME = "motif-delta.json";
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public DeltaManifest {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        classWords = classWords == null ? List.of() : List.copyOf(classWords);
        hyperParameters = hyperParameters == null ? Map.of() : Map.copyOf(hyperParameters);
        lossCurve = lossCurve == null ? List.of() : List.copyOf(lossCurve);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
        if (!classWords.isEmpty() && classWords.size() != tokens.size()) {
            throw new IllegalArgumentException("class_words must have one entry per token");
        }
    }

    /** Writes {@value #FILE_NAME} into {@code dir} (atomically). */
    public Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(FILE_NAME);
        Path tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** Reads {@code dir/}{@value #FILE_NAME} (or the file itself when given a file). */
    public static DeltaManifest read(Path dirOrFile) throws IOException {
        Path f = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE_NAME) : dirOrFile;
        DeltaManifest m = JSON.readValue(f.toFile(), DeltaManifest.class);
        if (m.formatVersion() > VERSION) {
            throw new IOException(f + ": manifest format_version " + m.formatVersion() + " is newer than this reader (" + VERSION + ")");
        }
        return m;
    }

    public String toJson() throws IOException {
        return JSON.writeValueAsString(this);
    }
}
