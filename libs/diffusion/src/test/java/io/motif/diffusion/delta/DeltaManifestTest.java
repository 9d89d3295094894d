package io.motif.diffusion.delta;

import io.motif.diffusion.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeltaManifestTest {

    @TempDir
    Path tmp;

    @Test
    void writesAndReadsBack() throws Exception {
        DeltaManifest m = new DeltaManifest(1, "sha256:ab", List.of("<new1>"), List.of("dog"), "crossattn_kv",
                Map.of("lr", 1e-5, "batch", 8), 250, List.of(0.5, 0.25), "2026-01-01T00:00:00Z", 12.5, "cpu()", Map.of("note", "x"));
        m.write(tmp);
        DeltaManifest back = DeltaManifest.read(tmp);
        assertThat(back).isEqualTo(m);
        assertThat(Files.readString(tmp.resolve(DeltaManifest.FILE_NAME))).contains("\"base_model_hash\" : \"sha256:ab\"");
    }

    @Test
    void refusesUnknownFieldsAndNewerVersions() throws Exception {
        Files.writeString(tmp.resolve(DeltaManifest.FILE_NAME), "{\"format_version\":1,\"stpes\":3}");
        assertThatThrownBy(() -> DeltaManifest.read(tmp)).hasMessageContaining("stpes");
        Files.writeString(tmp.resolve(DeltaManifest.FILE_NAME), "{\"format_version\":99}");
        assertThatThrownBy(() -> DeltaManifest.read(tmp)).hasMessageContaining("newer");
    }

    @Test
    void baseModelHashIsStableAndSeesWeightChanges() throws Exception {
        Path src = Fixtures.publicDir();
        Path copy = tmp.resolve("model");
        for (String part : new String[] {"unet", "text_encoder", "scheduler"}) {
            Files.createDirectories(copy.resolve(part));
            try (var files = Files.list(src.resolve(part))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, copy.resolve(part).resolve(f.getFileName()));
                }
            }
        }
        String h = BaseModelHash.of(copy);
        assertThat(h).startsWith("sha256:").hasSize(7 + 64);
        Files.writeString(copy.resolve("notes.txt"), "unrelated");
        assertThat(BaseModelHash.of(copy)).isEqualTo(h);
        Path w = copy.resolve("unet/diffusion_pytorch_model.safetensors");
        byte[] bytes = Files.readAllBytes(w);
        bytes[bytes.length - 1] ^= 1;
        Files.write(w, bytes);
        assertThat(BaseModelHash.of(copy)).isNotEqualTo(h);
    }
}
