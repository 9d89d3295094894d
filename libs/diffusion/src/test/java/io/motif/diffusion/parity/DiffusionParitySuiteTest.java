package io.motif.diffusion.parity;

import io.motif.diffusion.Fixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DiffusionParitySuiteTest {

    @Test
    void everyCheckOnThePublicFixturePasses() throws Exception {
        List<ParityResult> results = new DiffusionParitySuite().run(Fixtures.publicDir());
        results.forEach(r -> System.out.println(r.line()));
        assertThat(results).extracting(ParityResult::name).contains(
                "text.last_hidden_state", "text.hidden_states", "text.pooler_output", "unet.out", "unet.out_shared_t",
                "vae.decode.out", "vae.encode.mean", "vae.encode.logvar", "ddim.latents", "ddim.image",
                "unet.out_custom_diffusion");
        assertThat(results).allSatisfy(r -> assertThat(r.pass()).as(r.line()).isTrue());
    }

    @Test
    void suiteIsDiscoverable() {
        assertThat(ParitySuites.discover()).extracting(ParitySuite::name).contains("diffusion");
    }
}
