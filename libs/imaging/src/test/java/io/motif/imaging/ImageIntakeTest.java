package io.motif.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageIntakeTest {
    private final ImageIntake intake = new ImageIntake();

    @Test
    void pngIsAcceptedAndAddressedBySha256OfTheNormalisedBytes() throws Exception {
        NormalizedImage image = intake.normalize(TestImages.encode(TestImages.marked(40, 30), "png"));

        assertThat(image.sourceFormat()).isEqualTo(ImageFormat.PNG);
        assertThat(image.width()).isEqualTo(40);
        assertThat(image.height()).isEqualTo(30);
        assertThat(image.sha256()).isEqualTo(ContentAddress.sha256Hex(image.png())).hasSize(64);
        assertThat(decode(image.png()).getRGB(30, 20) & 0xFFFFFF).isEqualTo(0x0000FF);
    }

    @Test
    void exifRotatedJpegIsStoredUprightWithoutItsMetadata() throws Exception {
        byte[] jpeg = TestImages.withExifOrientation(TestImages.encode(TestImages.marked(64, 32), "jpeg"), 6);

        NormalizedImage image = intake.normalize(jpeg);

        assertThat(image.appliedOrientation()).isEqualTo(Orientation.ROTATE_90_CW);
        assertThat(image.width()).isEqualTo(32);
        assertThat(image.height()).isEqualTo(64);
        BufferedImage upright = decode(image.png());
        // stored top-left (green) ends up top-right; stored left half (red) ends up on top
        assertThat(green(upright.getRGB(30, 1))).isGreaterThan(200);
        assertThat(red(upright.getRGB(16, 16))).isGreaterThan(200);
        assertThat(blue(upright.getRGB(16, 48))).isGreaterThan(200);
        assertThat(new String(image.png(), StandardCharsets.ISO_8859_1)).doesNotContain("Exif").doesNotContain("eXIf");
    }

    @Test
    void sameJpegWithAndWithoutExifNoiseHasTheSameAddress() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.marked(32, 32), "jpeg");

        String plain = intake.normalize(jpeg).sha256();
        String tagged = intake.normalize(TestImages.withExifOrientation(jpeg, 1)).sha256();

        assertThat(tagged).isEqualTo(plain);
    }

    @Test
    void losslessWebpIsDecoded() throws Exception {
        NormalizedImage image = intake.normalize(TestImages.solidWebp(5, 3, 0xFF336699));

        assertThat(image.sourceFormat()).isEqualTo(ImageFormat.WEBP);
        assertThat(image.width()).isEqualTo(5);
        assertThat(image.height()).isEqualTo(3);
        assertThat(decode(image.png()).getRGB(4, 2) & 0xFFFFFF).isEqualTo(0x336699);
    }

    @Test
    void truncatedPngIsRefusedAsTruncated() throws Exception {
        byte[] png = TestImages.encode(TestImages.marked(64, 64), "png");

        assertRejected(Arrays.copyOf(png, png.length / 2), RejectionReason.TRUNCATED);
    }

    @Test
    void truncatedJpegIsRefusedRatherThanFilledWithGrey() throws Exception {
        byte[] jpeg = TestImages.encode(TestImages.marked(64, 64), "jpeg");

        assertRejected(Arrays.copyOf(jpeg, jpeg.length - 40), RejectionReason.TRUNCATED);
    }

    @Test
    void pngBombIsRefusedFromItsHeaderAlone() {
        byte[] bomb = TestImages.pngBombHeader(100_000, 100_000);

        assertThat(bomb.length).isLessThan(100);
        assertRejected(bomb, RejectionReason.TOO_MANY_PIXELS);
    }

    @Test
    void aLongThinStripIsRefusedByTheSideLimit() {
        assertRejected(TestImages.pngBombHeader(20_000, 1), RejectionReason.TOO_MANY_PIXELS);
    }

    @Test
    void tooManyBytesIsRefusedBeforeParsing() throws Exception {
        ImageIntake small = new ImageIntake(new IntakeLimits(100, 1_000_000, 1000));

        assertThatThrownBy(() -> small.normalize(TestImages.encode(TestImages.marked(64, 64), "png")))
                .isInstanceOfSatisfying(ImageRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(RejectionReason.TOO_LARGE));
    }

    @Test
    void textWithAnImageExtensionIsNotAnImage() {
        // what a client sends as "cat.jpg": the name and declared type never reach the intake, only the bytes
        assertRejected("<html>not a picture</html>".getBytes(StandardCharsets.UTF_8), RejectionReason.NOT_AN_IMAGE);
    }

    @Test
    void gifIsAnUnsupportedType() throws Exception {
        assertRejected(TestImages.encode(TestImages.marked(8, 8), "gif"), RejectionReason.UNSUPPORTED_TYPE);
    }

    @Test
    void emptyUploadIsRefused() {
        assertRejected(new byte[0], RejectionReason.EMPTY);
    }

    @Test
    void corruptPngDataIsRefusedAsCorrupt() throws Exception {
        byte[] png = TestImages.encode(TestImages.marked(64, 64), "png");
        for (int i = 60; i < png.length - 20; i++) {
            png[i] ^= 0x5A; // scramble the compressed data, keep the chunk framing
        }
        assertThatThrownBy(() -> intake.normalize(png)).isInstanceOf(ImageRejectedException.class);
    }

    @Test
    void batchSortsAcceptedDuplicateAndRejected() throws Exception {
        byte[] a = TestImages.encode(TestImages.marked(16, 16), "png");
        byte[] b = TestImages.encode(TestImages.marked(16, 8), "png");
        String heldSha = intake.normalize(b).sha256();
        IntakeBatch batch = new IntakeBatch(intake);

        List<IntakeOutcome> outcomes = batch.process(List.of(
                new IntakeBatch.Upload("a.png", a),
                new IntakeBatch.Upload("a-again.png", a),
                new IntakeBatch.Upload("b.png", b),
                new IntakeBatch.Upload("bad.jpg", new byte[] {1, 2, 3})), heldSha::equals);

        assertThat(outcomes.get(0)).isInstanceOf(IntakeOutcome.Accepted.class);
        assertThat(outcomes.get(1)).isInstanceOf(IntakeOutcome.Duplicate.class);
        assertThat(outcomes.get(2)).isEqualTo(new IntakeOutcome.Duplicate("b.png", heldSha));
        assertThat(outcomes.get(3)).isInstanceOfSatisfying(IntakeOutcome.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(RejectionReason.NOT_AN_IMAGE));
    }

    private void assertRejected(byte[] data, RejectionReason reason) {
        assertThatThrownBy(() -> intake.normalize(data)).isInstanceOfSatisfying(ImageRejectedException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static int red(int rgb) {
        return (rgb >> 16) & 0xFF;
    }

    private static int green(int rgb) {
        return (rgb >> 8) & 0xFF;
    }

    private static int blue(int rgb) {
        return rgb & 0xFF;
    }
}
