package io.motif.cli;

import ai.djl.ndarray.NDManager;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ParityCommandTest {

    private static Path fixtures() {
        return Path.of(System.getProperty("motif.fixtures.dir", "../../shared/fixtures/public"));
    }

    private static int run(ByteArrayOutputStream buf, String... args) {
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        return new CommandLine(new ParityCommand(ps)).execute(args);
    }

    @Test
    void publicFixturePassesEveryCheckWithOneLineEach() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = run(buf, fixtures().toString());
        String text = buf.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertThat(text).containsPattern("(?m)^text\\.last_hidden_state max_abs_err=\\S+ tol=1e-04 PASS$")
                        .containsPattern("(?m)^unet\\.out max_abs_err=\\S+ tol=1e-04 PASS$")
                        .containsPattern("(?m)^ddim\\.latents max_abs_err=\\S+ tol=1e-03 PASS$")
                        .containsPattern("(?m)^unet\\.out_custom_diffusion max_abs_err=\\S+ tol=1e-04 PASS$")
                        .doesNotContain("FAIL").doesNotContain("ERROR");
        assertThat(code).isZero();
    }

    @Test
    void aCorruptedReferenceMakesTheCommandFail(@TempDir Path tmp) throws Exception {
        // a fixture folder whose reference output is wrong must be reported, not waved through
        Path src = fixtures();
        for (String d : new String[] {"unet", "text_encoder", "scheduler"}) {
            Files.createDirectories(tmp.resolve(d));
            try (var files = Files.list(src.resolve(d))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Files.copy(f, tmp.resolve(d).resolve(f.getFileName()));
                }
            }
        }
        try (NDManager m = NDManager.newBaseManager();
             SafetensorsFile ref = SafetensorsFile.open(src.resolve("io.safetensors"))) {
            SafetensorsWriter w = new SafetensorsWriter();
            w.add("text.input_ids", ref.load("text.input_ids", m));
            w.add("text.last_hidden_state", ref.load("text.last_hidden_state", m).add(0.01f));
            w.write(tmp.resolve("io.safetensors"));
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = run(buf, tmp.toString());
        String text = buf.toString(StandardCharsets.UTF_8);
        assertThat(text).containsPattern("(?m)^text\\.last_hidden_state max_abs_err=\\S+ tol=1e-04 FAIL$");
        assertThat(code).isEqualTo(1);
    }

    @Test
    void emptyFolderIsAnError(@TempDir Path tmp) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        assertThat(run(buf, tmp.toString())).isEqualTo(1);
        assertThat(buf.toString(StandardCharsets.UTF_8)).contains("no reference tensors");
    }
}
