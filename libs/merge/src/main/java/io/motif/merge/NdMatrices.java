package io.motif.merge;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ejml.data.DMatrixRMaj;

/** Copies between DJL arrays (what delta files load into) and float64 EJML matrices (what the math uses). */
public final class NdMatrices {

    private NdMatrices() {
    }

    /** A rank-2 array (any float type) as a float64 matrix; a rank-1 array becomes one row. */
    public static DMatrixRMaj toMatrix(NDArray array) {
        Shape shape = array.getShape();
        int rows = shape.dimension() == 1 ? 1 : Math.toIntExact(shape.get(0));
        int cols = Math.toIntExact(shape.get(shape.dimension() - 1));
        if (shape.dimension() > 2) {
            throw new IllegalArgumentException("expected a matrix, got shape " + shape);
        }
        double[] data = array.toType(DataType.FLOAT64, false).toDoubleArray();
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        System.arraycopy(data, 0, m.data, 0, rows * cols);
        return m;
    }

    /** A float32 array of shape [rows, cols] owned by {@code manager}. */
    public static NDArray toFloat32(DMatrixRMaj m, NDManager manager) {
        float[] data = new float[m.numRows * m.numCols];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) m.data[i];
        }
        return manager.create(data, new Shape(m.numRows, m.numCols));
    }
}
