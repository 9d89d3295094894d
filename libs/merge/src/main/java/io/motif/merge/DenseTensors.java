package io.motif.merge;

import io.motif.diffusion.safetensors.SafetensorsException;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.diffusion.safetensors.SafetensorsWriter;
import io.motif.diffusion.safetensors.TensorDType;
import io.motif.diffusion.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.ejml.data.DMatrixRMaj;

/**
 * Moves 1-D/2-D tensors between safetensors files and float64 EJML matrices, without going through the DJL
 * engine: the merge and the compression are plain float64 linear algebra on the CPU.
 */
public final class DenseTensors {

    private DenseTensors() {
    }

    /** Reads an F64, F32, F16 or BF16 tensor of rank 1 (as one row) or 2 as a float64 matrix. */
    public static DMatrixRMaj read(SafetensorsFile file, String name) throws IOException {
        TensorInfo info = file.info(name);
        long[] shape = info.shape();
        int rows;
        int cols;
        if (shape.length == 2) {
            rows = Math.toIntExact(shape[0]);
            cols = Math.toIntExact(shape[1]);
        } else if (shape.length == 1) {
            rows = 1;
            cols = Math.toIntExact(shape[0]);
        } else {
            throw new SafetensorsException(file.path() + ": tensor '" + name + "' has rank " + shape.length
                    + ", expected a matrix");
        }
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        ByteBuffer bytes = file.rawBytes(name).order(ByteOrder.LITTLE_ENDIAN);
        double[] data = out.data;
        switch (info.dtype()) {
            case F64 -> bytes.asDoubleBuffer().get(data, 0, rows * cols);
            case F32 -> {
                for (int i = 0; i < rows * cols; i++) {
                    data[i] = bytes.getFloat();
                }
            }
            case F16 -> {
                for (int i = 0; i < rows * cols; i++) {
                    data[i] = Float.intBitsToFloat(Half.toFloatBits(bytes.getShort()));
                }
            }
            case BF16 -> {
                for (int i = 0; i < rows * cols; i++) {
                    data[i] = Float.intBitsToFloat((bytes.getShort() & 0xFFFF) << 16);
                }
            }
            default -> throw new SafetensorsException(file.path() + ": tensor '" + name + "' has dtype "
                    + info.dtype() + ", expected a floating-point type");
        }
        return out;
    }

    /** Reads an I64 or I32 tensor of any shape, flattened. */
    public static long[] readIntegers(SafetensorsFile file, String name) throws IOException {
        TensorInfo info = file.info(name);
        ByteBuffer bytes = file.rawBytes(name).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[Math.toIntExact(info.elementCount())];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (info.dtype()) {
                case I64 -> bytes.getLong();
                case I32 -> bytes.getInt();
                default -> throw new SafetensorsException(file.path() + ": tensor '" + name + "' has dtype "
                        + info.dtype() + ", expected an integer type");
            };
        }
        return out;
    }

    /** Adds {@code m} to the writer as F32, F16 or F64 with shape [rows, cols]. */
    public static void add(SafetensorsWriter writer, String name, DMatrixRMaj m, TensorDType dtype) {
        int n = m.numRows * m.numCols;
        ByteBuffer bytes = ByteBuffer.allocate(n * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            double v = m.data[i];
            switch (dtype) {
                case F64 -> bytes.putDouble(v);
                case F32 -> bytes.putFloat((float) v);
                case F16 -> bytes.putShort(Half.fromFloat((float) v));
                default -> throw new IllegalArgumentException("cannot store a matrix as " + dtype);
            }
        }
        bytes.flip();
        writer.addRaw(name, dtype, new long[] {m.numRows, m.numCols}, bytes);
    }

    /** IEEE 754 binary16 conversion (round to nearest even), so fp16 files need no engine. */
    static final class Half {
        private Half() {
        }

        static int toFloatBits(short h) {
            int bits = h & 0xFFFF;
            int sign = (bits & 0x8000) << 16;
            int exp = (bits >>> 10) & 0x1F;
            int mant = bits & 0x3FF;
            if (exp == 0x1F) {
                return sign | 0x7F800000 | (mant << 13);
            }
            if (exp == 0) {
                if (mant == 0) {
                    return sign;
                }
                // subnormal half: normalise into a float
                int e = -1;
                do {
                    mant <<= 1;
                    e++;
                } while ((mant & 0x400) == 0);
                mant &= 0x3FF;
                return sign | ((127 - 15 - e) << 23) | (mant << 13);
            }
            return sign | ((exp - 15 + 127) << 23) | (mant << 13);
        }

        static short fromFloat(float f) {
            int bits = Float.floatToRawIntBits(f);
            int sign = (bits >>> 16) & 0x8000;
            int exp = (bits >>> 23) & 0xFF;
            int mant = bits & 0x7FFFFF;
            if (exp == 0xFF) {
                return (short) (sign | 0x7C00 | (mant != 0 ? 0x200 : 0));
            }
            int e = exp - 127 + 15;
            if (e >= 0x1F) {
                return (short) (sign | 0x7C00);
            }
            if (e <= 0) {
                if (e < -10) {
                    return (short) sign;
                }
                // subnormal half: shift the implicit-1 mantissa into place, rounding to nearest even
                int m = mant | 0x800000;
                int shift = 14 - e;
                int half = m >>> shift;
                int rest = m & ((1 << shift) - 1);
                int midpoint = 1 << (shift - 1);
                if (rest > midpoint || (rest == midpoint && (half & 1) == 1)) {
                    half++;
                }
                return (short) (sign | half);
            }
            int half = (e << 10) | (mant >>> 13);
            int rest = mant & 0x1FFF;
            if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
                half++; // may carry into the exponent, which is the correct rounding (up to infinity)
            }
            return (short) (sign | half);
        }
    }
}
