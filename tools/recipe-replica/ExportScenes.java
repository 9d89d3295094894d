import io.motif.diffusion.config.ConfigReader;
import io.motif.diffusion.tokenizer.ClipBpeTokenizer;
import io.motif.diffusion.unet.UNetConfig;
import io.motif.shapes.world.ObjectSpec;
import io.motif.shapes.world.Scene;
import io.motif.shapes.world.SceneRenderer;
import io.motif.shapes.world.ShapesWorld;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes shapes-world scenes 0 … n−1 (the pretrainer's order) as flat files for train.py: images.u8.gz (n×S×S×3
 * RGB bytes, S = motif-tiny's sample_size), ids.i16.gz (n×maxLength big-endian token ids of the caption), meta.u8 (per scene: objects drawn,
 * positions stated) and empty.i16 (the empty caption's ids, for caption dropout).
 *
 * Run from the repository root after a build: java -cp "$(cat cli/target/runtime-classpath.txt)" ExportScenes.java N DIR
 */
public class ExportScenes {

    public static void main(String[] args) throws IOException {
        int n = Integer.parseInt(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        Path model = Path.of("models/motif-tiny");
        ClipBpeTokenizer tokenizer = ClipBpeTokenizer.load(model.resolve("tokenizer"));
        int size = UNetConfig.read(ConfigReader.of(model.resolve("unet/config.json"))).sampleSize();
        ShapesWorld world = new ShapesWorld();
        SceneRenderer renderer = new SceneRenderer(size);
        try (DataOutputStream images = gzip(out.resolve("images.u8.gz"));
             DataOutputStream ids = gzip(out.resolve("ids.i16.gz"));
             DataOutputStream meta = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(out.resolve("meta.u8"))))) {
            for (int i = 0; i < n; i++) {
                Scene scene = world.scene(i);
                BufferedImage image = renderer.render(scene);
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        int rgb = image.getRGB(x, y);
                        images.writeByte(rgb >> 16);
                        images.writeByte(rgb >> 8);
                        images.writeByte(rgb);
                    }
                }
                for (long id : tokenizer.encode(scene.caption())) {
                    ids.writeShort((int) id);
                }
                long stated = scene.prompt().objects().stream().filter(o -> o.position() != null).count();
                meta.writeByte(scene.objects().size());
                meta.writeByte((int) stated);
            }
        }
        try (DataOutputStream empty = new DataOutputStream(Files.newOutputStream(out.resolve("empty.i16")))) {
            for (long id : tokenizer.encode("")) {
                empty.writeShort((int) id);
            }
        }
        System.out.println(n + " scenes written to " + out);
    }

    private static DataOutputStream gzip(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return new DataOutputStream(new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16)));
    }
}
