package io.motif.diffusion.safetensors;

import ai.djl.ndarray.types.DataType;

/** The safetensors dtypes Motif reads, with their element size and the DJL type they load as. */
public enum TensorDType {
    F64(8, DataType.FLOAT64),
    F32(4, DataType.FLOAT32),
    F16(2, DataType.FLOAT16),
    // libtorch's BF16 arrays crash DJL's JNI paths, so BF16 is widened to F32 in Java on load
    BF16(2, DataType.FLOAT32),
    I64(8, DataType.INT64),
    I32(4, DataType.INT32),
    I8(1, DataType.INT8),
    U8(1, DataType.UINT8),
    BOOL(1, DataType.BOOLEAN);

    private final int bytes;
    private final DataType loadsAs;

    TensorDType(int bytes, DataType loadsAs) {
        this.bytes = bytes;
        this.loadsAs = loadsAs;
    }

    public int bytes() {
        return bytes;
    }

    public DataType loadsAs() {
        return loadsAs;
    }

    public static TensorDType parse(String name) {
        for (TensorDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new SafetensorsException("unsupported dtype '" + name + "'");
    }

    public static TensorDType of(DataType type) {
        switch (type) {
            case FLOAT64: return F64;
            case FLOAT32: return F32;
            case FLOAT16: return F16;
            case INT64: return I64;
            case INT32: return I32;
            case INT8: return I8;
            case UINT8: return U8;
            case BOOLEAN: return BOOL;
            default: throw new SafetensorsException("cannot write DJL dtype " + type + " to safetensors");
        }
    }
}
