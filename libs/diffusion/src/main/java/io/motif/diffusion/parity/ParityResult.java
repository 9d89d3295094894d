package io.motif.diffusion.parity;

/** One parity check: the largest absolute difference from the reference, the tolerance, and the verdict. */
public record ParityResult(String name, double maxAbsErr, double tolerance, boolean pass) {

    public static ParityResult of(String name, double maxAbsErr, double tolerance) {
        return new ParityResult(name, maxAbsErr, tolerance, !Double.isNaN(maxAbsErr) && maxAbsErr <= tolerance);
    }

    /** The line {@code ./motif parity} prints. */
    public String line() {
        return String.format(java.util.Locale.ROOT, "%s max_abs_err=%.3e tol=%.0e %s", name, maxAbsErr, tolerance, pass ? "PASS" : "FAIL");
    }
}
