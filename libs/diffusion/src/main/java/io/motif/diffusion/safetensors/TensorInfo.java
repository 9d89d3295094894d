package io.motif.diffusion.safetensors;

import java.util.Arrays;

/** One header entry: dtype, shape and the byte range [begin, end) inside the data section. */
public record TensorInfo(String name, TensorDType dtype, long[] shape, long begin, long end) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    public long byteLength() {
        return end - begin;
    }

    @Override
    public String toString() {
        return name + " " + dtype + Arrays.toString(shape) + " [" + begin + "," + end + ")";
    }
}
