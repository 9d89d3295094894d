package io.motif.diffusion.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.motif.diffusion.Fixtures;
import io.motif.diffusion.text.ClipTextConfig;
import io.motif.diffusion.unet.UNetConfig;
import io.motif.diffusion.vae.VaeConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode config(String part) throws Exception {
        return (ObjectNode) JSON.readTree(Fixtures.publicDir().resolve(part).resolve("config.json").toFile());
    }

    @Test
    void readsTheFixtureConfigs() throws Exception {
        UNetConfig u = UNetConfig.read(new ConfigReader("unet", config("unet")));
        assertThat(u.blockOutChannels()).containsExactly(32, 64);
        assertThat(u.heads()).containsExactly(8, 8);
        assertThat(u.crossAttentionDim()).containsExactly(32, 32);
        VaeConfig v = VaeConfig.read(new ConfigReader("vae", config("vae")));
        assertThat(v.scalingFactor()).isEqualTo(0.18215);
        assertThat(v.downsampleFactor()).isEqualTo(2);
        ClipTextConfig t = ClipTextConfig.read(new ConfigReader("text", config("text_encoder")));
        assertThat(t.hiddenAct()).isEqualTo("quick_gelu");
        assertThat(t.layers()).isEqualTo(5);
    }

    @Test
    void perLevelHeadListsAreHonoured() throws Exception {
        ObjectNode c = config("unet");
        c.putArray("attention_head_dim").add(2).add(4);
        assertThat(UNetConfig.read(new ConfigReader("unet", c)).heads()).containsExactly(2, 4);
        c.put("num_attention_heads", 16);
        assertThat(UNetConfig.read(new ConfigReader("unet", c)).heads()).containsExactly(16, 16);
    }

    @Test
    void unknownOptionIsRefusedByName() throws Exception {
        ObjectNode c = config("unet");
        c.put("brand_new_option", 3);
        assertThatThrownBy(() -> UNetConfig.read(new ConfigReader("unet", c))).isInstanceOf(UnsupportedConfigException.class)
                .hasMessageContaining("brand_new_option");
    }

    @Test
    void unsupportedValueOfAPinnedOptionIsRefusedByName() throws Exception {
        ObjectNode c = config("unet");
        c.put("class_embed_type", "timestep");
        assertThatThrownBy(() -> UNetConfig.read(new ConfigReader("unet", c))).hasMessageContaining("class_embed_type");
        ObjectNode t = config("text_encoder");
        t.put("hidden_act", "relu");
        assertThatThrownBy(() -> ClipTextConfig.read(new ConfigReader("text", t))).hasMessageContaining("hidden_act=relu");
        ObjectNode v = config("vae");
        v.putArray("down_block_types").add("DownEncoderBlock2D").add("AttnDownEncoderBlock2D");
        assertThatThrownBy(() -> VaeConfig.read(new ConfigReader("vae", v))).hasMessageContaining("AttnDownEncoderBlock2D");
    }

    @Test
    void bookkeepingKeysAreIgnored() throws Exception {
        ObjectNode c = config("vae");
        c.put("_name_or_path", "somewhere");
        assertThat(VaeConfig.read(new ConfigReader("vae", c)).latentChannels()).isEqualTo(4);
    }

    @Test
    void schedulerConfigOptionsAreChecked() throws Exception {
        Path p = Fixtures.publicDir().resolve("scheduler_ddim").resolve("scheduler_config.json");
        ObjectNode s = (ObjectNode) JSON.readTree(p.toFile());
        s.put("thresholding", true);
        assertThatThrownBy(() -> io.motif.diffusion.scheduler.NoiseSchedule.read(new ConfigReader("sched", s)))
                .hasMessageContaining("thresholding");
    }
}
