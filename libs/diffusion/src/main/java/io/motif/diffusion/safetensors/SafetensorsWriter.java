package io.motif.diffusion.safetensors;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a safetensors file in the layout the reference implementation produces: compact JSON header with
 * {@code __metadata__} first, tensors in the order added, header padded with spaces to a multiple of 8.
 * The file is written to a temporary sibling and moved into place, so readers never see half a file.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(TensorDType dtype, long[] shape, byte[] bytes) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    public SafetensorsWriter metadata(Map<String, String> values) {
        metadata.putAll(values);
        return this;
    }

    /** Adds raw little-endian bytes (e.g. copied from another safetensors file, for byte-exact round trips). */
    public SafetensorsWriter addRaw(String name, TensorDType dtype, long[] shape, ByteBuffer bytes) {
        ByteBuffer b = bytes.duplicate();
        byte[] data = new byte[b.remaining()];
        b.get(data);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n * dtype.bytes() != data.length) {
            throw new SafetensorsException("tensor '" + name + "': " + data.length + " bytes do not match shape");
        }
        if (entries.put(name, new Entry(dtype, shape.clone(), data)) != null) {
            throw new SafetensorsException("tensor '" + name + "' added twice");
        }
        return this;
    }

    public SafetensorsWriter add(String name, NDArray array) {
        TensorDType dtype = TensorDType.of(array.getDataType());
        ByteBuffer bytes = array.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return addRaw(name, dtype, array.getShape().getShape(), bytes);
    }

    public void write(Path target) throws IOException {
        StringBuilder header = new StringBuilder("{");
        boolean first = true;
        if (!metadata.isEmpty()) {
            header.append("\"__metadata__\":").append(JSON.writeValueAsString(metadata));
            first = false;
        }
        long offset = 0;
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            if (!first) {
                header.append(',');
            }
            first = false;
            Entry en = e.getValue();
            header.append(JSON.writeValueAsString(e.getKey())).append(":{\"dtype\":\"").append(en.dtype().name())
                  .append("\",\"shape\":[");
            for (int i = 0; i < en.shape().length; i++) {
                header.append(i == 0 ? "" : ",").append(en.shape()[i]);
            }
            long end = offset + en.bytes().length;
            header.append("],\"data_offsets\":[").append(offset).append(',').append(end).append("]}");
            offset = end;
        }
        header.append('}');
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        byte[] hp = new byte[padded];
        System.arraycopy(h, 0, hp, 0, h.length);
        for (int i = h.length; i < padded; i++) {
            hp[i] = ' ';
        }
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
            out.write(hp);
            for (Entry en : entries.values()) {
                out.write(en.bytes());
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
