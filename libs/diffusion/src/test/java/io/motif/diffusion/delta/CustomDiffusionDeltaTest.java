package io.motif.diffusion.delta;

import ai.djl.ndarray.NDManager;
import io.motif.diffusion.Fixtures;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CustomDiffusionDeltaTest {

    @TempDir
    Path tmp;

    private static Path fixtureFolder() {
        return Fixtures.publicDir().resolve("custom_diffusion");
    }

    @Test
    void roundTripKeepsEveryKeyAndEveryTensorsBytes() throws Exception {
        try (NDManager m = NDManager.newBaseManager();
             CustomDiffusionDelta d = CustomDiffusionDelta.read(fixtureFolder(), m)) {
            assertThat(d.layers()).hasSize(6);
            d.write(tmp);
        }
        Path original = fixtureFolder().resolve(CustomDiffusionDelta.WEIGHTS_FILE);
        Path written = tmp.resolve(CustomDiffusionDelta.WEIGHTS_FILE);
        try (SafetensorsFile a = SafetensorsFile.open(original); SafetensorsFile b = SafetensorsFile.open(written)) {
            assertThat(b.names()).containsExactlyElementsOf(a.names());
            assertThat(b.metadata()).isEqualTo(a.metadata());
            for (String k : a.names()) {
                assertThat(b.info(k).dtype()).isEqualTo(a.info(k).dtype());
                assertThat(b.info(k).shape()).isEqualTo(a.info(k).shape());
                assertThat(bytes(b.rawBytes(k))).as(k).isEqualTo(bytes(a.rawBytes(k)));
            }
        }
        // the writer follows the reference layout, so even the whole file is identical
        assertThat(Files.readAllBytes(written)).isEqualTo(Files.readAllBytes(original));
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void readsTokenEmbeddingFilesAndWritesThemBack() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            new SafetensorsWriter().metadata("format", "pt").add("<new1>", m.create(new float[] {1, 2, 3, 4})).write(tmp.resolve("<new1>.safetensors"));
            Files.copy(fixtureFolder().resolve(CustomDiffusionDelta.WEIGHTS_FILE), tmp.resolve(CustomDiffusionDelta.WEIGHTS_FILE));
            try (CustomDiffusionDelta d = CustomDiffusionDelta.read(tmp, m)) {
                assertThat(d.tokens()).containsOnlyKeys("<new1>");
                assertThat(d.tokens().get("<new1>").toFloatArray()).containsExactly(1, 2, 3, 4);
                Path out = tmp.resolve("out");
                d.write(out);
                assertThat(Files.readAllBytes(out.resolve("<new1>.safetensors"))).isEqualTo(Files.readAllBytes(tmp.resolve("<new1>.safetensors")));
            }
        }
    }

    @Test
    void refusesPicklesAndKeysItWouldNotApply() throws Exception {
        Path bin = tmp.resolve("pytorch_custom_diffusion_weights.bin");
        Files.write(bin, new byte[] {(byte) 0x80, 2});
        try (NDManager m = NDManager.newBaseManager()) {
            assertThatThrownBy(() -> CustomDiffusionDelta.read(bin, m)).hasMessageContaining("pickle");
            assertThatThrownBy(() -> CustomDiffusionDelta.read(tmp, m)).hasMessageContaining("pickle");
            Path odd = tmp.resolve("odd.safetensors");
            new SafetensorsWriter().add("down_blocks.0.attentions.0.transformer_blocks.0.attn1.processor.to_k_custom_diffusion.weight",
                                        m.create(new float[] {1})).write(odd);
            assertThatThrownBy(() -> CustomDiffusionDelta.read(odd, m)).hasMessageContaining("not a Custom Diffusion");
        }
    }
}
