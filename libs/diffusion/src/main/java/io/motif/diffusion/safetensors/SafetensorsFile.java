package io.motif.diffusion.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file opened for reading. The header is parsed and validated up front (size bounded, offsets in
 * range, no overlaps, sizes matching shapes); each tensor is then read through its own memory map, so files
 * larger than 2 GB load and no tensor is read twice.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** safetensors' own limit for the JSON header; anything larger is refused before allocating it. */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart,
                            Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    public static SafetensorsFile open(Path path) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        try {
            long fileSize = ch.size();
            if (fileSize < 8) {
                throw new SafetensorsException(path + ": file too short for a safetensors header (" + fileSize + " bytes)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen < 2 || headerLen > MAX_HEADER_BYTES) {
                throw new SafetensorsException(path + ": header length " + headerLen + " out of bounds (2.." + MAX_HEADER_BYTES + ")");
            }
            if (8 + headerLen > fileSize) {
                throw new SafetensorsException(path + ": header length " + headerLen + " exceeds file size " + fileSize);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            long dataStart = 8 + headerLen;
            Map<String, String> meta = new LinkedHashMap<>();
            Map<String, TensorInfo> infos = parseHeader(path, json, fileSize - dataStart, meta);
            return new SafetensorsFile(path, ch, dataStart, Collections.unmodifiableMap(infos), Collections.unmodifiableMap(meta));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new SafetensorsException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static Map<String, TensorInfo> parseHeader(Path path, String json, long dataLen, Map<String, String> meta) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new SafetensorsException(path + ": header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new SafetensorsException(path + ": header is not a JSON object");
        }
        Map<String, TensorInfo> infos = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode node = e.getValue();
            if (name.equals("__metadata__")) {
                if (!node.isObject()) {
                    throw new SafetensorsException(path + ": __metadata__ must be an object of strings");
                }
                node.fields().forEachRemaining(m -> {
                    if (!m.getValue().isTextual()) {
                        throw new SafetensorsException(path + ": metadata value '" + m.getKey() + "' is not a string");
                    }
                    meta.put(m.getKey(), m.getValue().asText());
                });
                continue;
            }
            infos.put(name, parseEntry(path, name, node, dataLen));
        }
        checkNoOverlap(path, infos);
        return infos;
    }

    private static TensorInfo parseEntry(Path path, String name, JsonNode node, long dataLen) {
        String where = path + ": tensor '" + name + "'";
        if (!node.isObject() || !node.has("dtype") || !node.has("shape") || !node.has("data_offsets")) {
            throw new SafetensorsException(where + " needs dtype, shape and data_offsets");
        }
        TensorDType dtype;
        try {
            dtype = TensorDType.parse(node.get("dtype").asText());
        } catch (SafetensorsException ex) {
            throw new SafetensorsException(where + ": " + ex.getMessage());
        }
        JsonNode shapeNode = node.get("shape");
        JsonNode offs = node.get("data_offsets");
        if (!shapeNode.isArray() || !offs.isArray() || offs.size() != 2) {
            throw new SafetensorsException(where + ": shape must be an array and data_offsets a pair");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.isIntegralNumber() || d.asLong() < 0) {
                throw new SafetensorsException(where + ": bad dimension " + d);
            }
            shape[i] = d.asLong();
        }
        if (!offs.get(0).isIntegralNumber() || !offs.get(1).isIntegralNumber()) {
            throw new SafetensorsException(where + ": data_offsets must be integers");
        }
        long begin = offs.get(0).asLong();
        long end = offs.get(1).asLong();
        if (begin < 0 || end < begin || end > dataLen) {
            throw new SafetensorsException(where + ": data_offsets [" + begin + "," + end + ") outside the data section of " + dataLen + " bytes");
        }
        TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
        long expected;
        try {
            expected = Math.multiplyExact(info.elementCount(), (long) dtype.bytes());
        } catch (ArithmeticException ex) {
            throw new SafetensorsException(where + ": shape overflows");
        }
        if (expected != end - begin) {
            throw new SafetensorsException(where + ": shape needs " + expected + " bytes but data_offsets span " + (end - begin));
        }
        return info;
    }

    private static void checkNoOverlap(Path path, Map<String, TensorInfo> infos) {
        List<TensorInfo> sorted = new ArrayList<>(infos.values());
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        for (int i = 1; i < sorted.size(); i++) {
            TensorInfo a = sorted.get(i - 1);
            TensorInfo b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw new SafetensorsException(path + ": tensors '" + a.name() + "' and '" + b.name() + "' overlap");
            }
        }
    }

    public Path path() {
        return path;
    }

    /** Tensor names in header order. */
    public List<String> names() {
        return new ArrayList<>(tensors.keySet());
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new SafetensorsException(path + ": no tensor '" + name + "'");
        }
        return info;
    }

    /** The tensor's raw little-endian bytes, memory-mapped (read-only). */
    public ByteBuffer rawBytes(String name) throws IOException {
        TensorInfo info = info(name);
        MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.byteLength());
        return mapped.order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Loads one tensor into {@code manager}. The bytes are copied from the map into memory the array owns,
     * so it stays valid after the file is closed and can be updated in place (training). BF16 becomes F32.
     */
    public NDArray load(String name, NDManager manager) throws IOException {
        TensorInfo info = info(name);
        ByteBuffer src = rawBytes(name);
        Shape shape = new Shape(info.shape());
        if (info.dtype() == TensorDType.BF16) {
            ByteBuffer out = ByteBuffer.allocateDirect((int) (info.elementCount() * 4)).order(ByteOrder.LITTLE_ENDIAN);
            while (src.hasRemaining()) {
                // bfloat16 is the top half of an IEEE float32
                out.putInt((src.getShort() & 0xFFFF) << 16);
            }
            out.flip();
            return manager.create(out, shape, info.dtype().loadsAs());
        }
        if (info.byteLength() > Integer.MAX_VALUE) {
            throw new SafetensorsException(path + ": tensor '" + name + "' is larger than 2 GB");
        }
        ByteBuffer copy = ByteBuffer.allocateDirect((int) info.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
        copy.put(src).flip();
        NDArray array = manager.create(copy, shape, info.dtype().loadsAs());
        array.setName(name);
        return array;
    }

    /** Loads one floating-point tensor as float32 (F16/BF16/F64 converted). */
    public NDArray loadFloat32(String name, NDManager manager) throws IOException {
        NDArray a = load(name, manager);
        if (a.getDataType() == ai.djl.ndarray.types.DataType.FLOAT32) {
            return a;
        }
        NDArray f = a.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        a.close();
        f.setName(name);
        return f;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
