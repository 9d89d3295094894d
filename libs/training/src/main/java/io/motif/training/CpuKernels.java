package io.motif.training;

import ai.djl.Device;

/**
 * Guards against a libtorch 2.7.1 oneDNN problem seen on CPU: identical training runs diverged (once to NaN) unless
 * oneDNN was capped at SSE4.1 ({@code ONEDNN_MAX_CPU_ISA=SSE41}, an environment variable read when libtorch loads).
 */
public final class CpuKernels {
  private CpuKernels() {}

  /** A warning to show before training on {@code device}, or null when there is nothing to warn about. */
  public static String warning(Device device) {
    if (!device.isGpu() && System.getenv("ONEDNN_MAX_CPU_ISA") == null) {
      return "warning: training on CPU without ONEDNN_MAX_CPU_ISA=SSE41; libtorch 2.7.1's oneDNN kernels have given"
          + " non-repeatable and non-finite gradients here. Export ONEDNN_MAX_CPU_ISA=SSE41 (repeatable at small batches;"
          + " see libs/training/README.md). A non-finite gradient stops the run with an error.";
    }
    return null;
  }
}
