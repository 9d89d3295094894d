package io.motif.diffusion.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SafetensorsTest {

    private static NDManager manager;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void stop() {
        manager.close();
    }

    @Test
    void writesAndReadsTensorsOfEachDtypeWithMetadata() throws IOException {
        Path f = tmp.resolve("a.safetensors");
        NDArray w = manager.create(new float[] {1, -2, 3.5f, 4, 5, 6}, new Shape(2, 3));
        NDArray ids = manager.create(new long[] {7, 8, 9});
        NDArray half = manager.create(new float[] {0.5f, -1.25f}).toType(DataType.FLOAT16, false);
        new SafetensorsWriter().metadata("format", "pt").add("w", w).add("ids", ids).add("half", half).write(f);

        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            assertThat(st.names()).containsExactly("w", "ids", "half");
            assertThat(st.metadata()).containsEntry("format", "pt");
            assertThat(st.load("w", manager).toFloatArray()).containsExactly(1, -2, 3.5f, 4, 5, 6);
            assertThat(st.load("w", manager).getShape()).isEqualTo(new Shape(2, 3));
            assertThat(st.load("ids", manager).toLongArray()).containsExactly(7, 8, 9);
            assertThat(st.loadFloat32("half", manager).toFloatArray()).containsExactly(0.5f, -1.25f);
        }
        // header is padded to 8 bytes, as the reference writer does
        long headerLen = ByteBuffer.wrap(Files.readAllBytes(f), 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLen % 8).isZero();
    }

    @Test
    void widensBf16ToFloat32() throws IOException {
        // 1.0 = 0x3F80, -2.5 = 0xC020 in bfloat16
        ByteBuffer bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 0x3F80).putShort((short) 0xC020).flip();
        Path f = tmp.resolve("bf.safetensors");
        new SafetensorsWriter().addRaw("x", TensorDType.BF16, new long[] {2}, bytes).write(f);
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            NDArray x = st.load("x", manager);
            assertThat(x.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(x.toFloatArray()).containsExactly(1f, -2.5f);
        }
    }

    @Test
    void loadedArraysOutliveTheFileAndCanBeUpdatedInPlace() throws IOException {
        Path f = tmp.resolve("c.safetensors");
        new SafetensorsWriter().add("w", manager.create(new float[] {1, 2})).write(f);
        NDArray w;
        try (SafetensorsFile st = SafetensorsFile.open(f)) {
            w = st.load("w", manager);
        }
        w.addi(1f);
        assertThat(w.toFloatArray()).containsExactly(2f, 3f);
    }

    private Path raw(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = tmp.resolve("bad" + System.nanoTime() + ".safetensors");
        Files.write(f, b.array());
        return f;
    }

    @Test
    void rejectsMalformedFilesWithClearErrors() throws IOException {
        Path tiny = tmp.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> SafetensorsFile.open(tiny)).hasMessageContaining("too short");

        Path huge = tmp.resolve("huge.safetensors");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(Long.MAX_VALUE / 2).array());
        assertThatThrownBy(() -> SafetensorsFile.open(huge)).hasMessageContaining("out of bounds");

        Path pastEnd = tmp.resolve("past.safetensors");
        Files.write(pastEnd, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
        assertThatThrownBy(() -> SafetensorsFile.open(pastEnd)).hasMessageContaining("exceeds file size");

        assertThatThrownBy(() -> SafetensorsFile.open(raw("{not json", 0))).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SafetensorsFile.open(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 4)))
                .hasMessageContaining("outside the data section");
        assertThatThrownBy(() -> SafetensorsFile.open(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)))
                .hasMessageContaining("needs 12 bytes");
        assertThatThrownBy(() -> SafetensorsFile.open(raw(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)))
                .hasMessageContaining("overlap");
        assertThatThrownBy(() -> SafetensorsFile.open(raw("{\"a\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8)))
                .hasMessageContaining("unsupported dtype");
        assertThatThrownBy(() -> SafetensorsFile.open(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", 8)))
                .hasMessageContaining("bad dimension");
        assertThatThrownBy(() -> SafetensorsFile.open(raw("{\"__metadata__\":{\"k\":1}}", 0)))
                .hasMessageContaining("not a string");
    }
}
