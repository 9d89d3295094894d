package io.motif.diffusion.scheduler;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.config.ConfigReader;
import io.motif.diffusion.config.UnsupportedConfigException;

/**
 * The training noise schedule shared by every scheduler: betas and alphas_cumprod, computed in float32 the way
 * torch does it (symmetric linspace, square taken in float32, cumprod accumulated like torch's), plus the options the
 * samplers read from {@code scheduler_config.json}.
 */
public final class NoiseSchedule {

    private final int trainSteps;
    private final float[] betas;
    private final float[] alphasCumprod;
    private final String predictionType;
    private final int stepsOffset;
    private final boolean setAlphaToOne;
    private final String spacing;
    private final boolean clipSample;
    private final double clipSampleRange;

    public NoiseSchedule(int trainSteps, float[] betas, String predictionType, int stepsOffset, boolean setAlphaToOne,
                         String spacing, boolean clipSample, double clipSampleRange) {
        this.trainSteps = trainSteps;
        this.betas = betas;
        this.alphasCumprod = new float[trainSteps];
        // torch's CPU cumprod accumulates float32 inputs in double (its acc_type) and rounds each prefix to float32
        double acc = 1.0;
        for (int i = 0; i < trainSteps; i++) {
            acc *= (1f - betas[i]);
            alphasCumprod[i] = (float) acc;
        }
        this.predictionType = predictionType;
        this.stepsOffset = stepsOffset;
        this.setAlphaToOne = setAlphaToOne;
        this.spacing = spacing;
        this.clipSample = clipSample;
        this.clipSampleRange = clipSampleRange;
    }

    /** SD's usual schedule (scaled_linear 0.00085→0.012, 1000 steps, leading spacing, offset 1). */
    public static NoiseSchedule stableDiffusionDefault() {
        return new NoiseSchedule(1000, betas("scaled_linear", 0.00085, 0.012, 1000), "epsilon", 1, false, "leading", false, 1.0);
    }

    /**
     * Reads a diffusers scheduler config (DDPM, DDIM, PNDM, DPM-Solver … share these keys). Options that would
     * change the sampling maths and are not implemented are refused by name.
     */
    public static NoiseSchedule read(ConfigReader r) {
        r.mustBeDefault("trained_betas", null);
        r.mustBeDefault("thresholding", false);
        r.mustBeDefault("rescale_betas_zero_snr", false);
        r.mustBeDefault("timestep_type", "discrete");
        r.mustBeDefault("use_karras_sigmas", false);
        r.mustBeDefault("use_exponential_sigmas", false);
        r.mustBeDefault("use_beta_sigmas", false);
        r.mustBeDefault("use_lu_lambdas", false);
        r.mustBeDefault("variance_type", "fixed_small");
        // only read when thresholding is on (refused above), or by scheduler classes whose sampling Motif
        // replaces by its own choice of DDPM / DDIM / DPM-Solver++ (PNDM's PRK steps, DPM-Solver's knobs)
        r.noEffect("dynamic_thresholding_ratio", "sample_max_value", "skip_prk_steps", "algorithm_type", "solver_order",
                   "solver_type", "lower_order_final", "euler_at_final", "final_sigmas_type", "lambda_min_clipped",
                   "interpolation_type", "sigma_min", "sigma_max", "timestep_type");
        int n = r.getInt("num_train_timesteps", 1000);
        String schedule = r.getChoice("beta_schedule", "linear", "linear", "scaled_linear");
        float[] b = betas(schedule, r.getDouble("beta_start", 0.0001), r.getDouble("beta_end", 0.02), n);
        NoiseSchedule s = new NoiseSchedule(n, b,
                r.getChoice("prediction_type", "epsilon", "epsilon", "v_prediction", "sample"),
                r.getInt("steps_offset", 0), r.getBool("set_alpha_to_one", true),
                r.getChoice("timestep_spacing", "leading", "leading", "trailing", "linspace"),
                r.getBool("clip_sample", false), r.getDouble("clip_sample_range", 1.0));
        r.finish();
        return s;
    }

    /** betas as diffusers builds them: linear = linspace(start, end); scaled_linear = linspace(√start, √end)². */
    public static float[] betas(String schedule, double start, double end, int n) {
        switch (schedule) {
            case "linear":
                return linspaceF32((float) start, (float) end, n);
            case "scaled_linear": {
                float[] l = linspaceF32((float) Math.sqrt(start), (float) Math.sqrt(end), n);
                for (int i = 0; i < n; i++) {
                    l[i] = l[i] * l[i];
                }
                return l;
            }
            default:
                throw new UnsupportedConfigException("unsupported beta_schedule " + schedule);
        }
    }

    /**
     * torch.linspace in float32 as its CPU kernel computes it, so that betas match diffusers bit for bit: the first
     * half counts up from start, the second half down from end; values come in AVX2 lanes of 8 whose base is one
     * fused multiply-add ({@code start + step·i}) and whose lanes add {@code j·step} to it.
     */
    static float[] linspaceF32(float start, float end, int n) {
        float[] out = new float[n];
        if (n == 1) {
            out[0] = start;
            return out;
        }
        float step = (end - start) / (float) (n - 1);
        int half = n / 2;
        final int lanes = 8;
        for (int c = 0; c < n; c += lanes) {
            float base = c < half ? Math.fma(step, (float) c, start) : Math.fma(-step, (float) (n - c - 1), end);
            for (int j = 0; j < lanes && c + j < n; j++) {
                out[c + j] = base + (float) j * step;
            }
        }
        return out;
    }

    /** Forward diffusion q(x_t | x_0): √ᾱ_t·x0 + √(1−ᾱ_t)·noise, with one timestep per batch row. */
    public NDArray addNoise(NDArray x0, NDArray noise, int[] t) {
        float[] a = new float[t.length];
        float[] b = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            a[i] = (float) Math.sqrt(alphasCumprod[t[i]]);
            b[i] = (float) Math.sqrt(1.0 - alphasCumprod[t[i]]);
        }
        return x0.mul(perRow(a, x0)).add(noise.mul(perRow(b, x0)));
    }

    /**
     * What a model of this schedule's {@code prediction_type} is trained to output for a sample noised to step
     * {@code t}, as the pair (a, b) of target = a·x0 + b·ε: ε for epsilon, x0 for sample, and the velocity
     * v = √ᾱ_t·ε − √(1−ᾱ_t)·x0 for v_prediction (diffusers' {@code get_velocity}).
     */
    public float[] targetCoefficients(int t) {
        switch (predictionType) {
            case "epsilon": return new float[]{0f, 1f};
            case "sample": return new float[]{1f, 0f};
            default: return new float[]{(float) -Math.sqrt(1.0 - alphasCumprod[t]), (float) Math.sqrt(alphasCumprod[t])};
        }
    }

    /** The training target (see {@link #targetCoefficients}) of each batch row, one timestep per row. */
    public NDArray trainingTarget(NDArray x0, NDArray noise, int[] t) {
        if (predictionType.equals("epsilon")) {
            return noise;
        }
        float[] a = new float[t.length];
        float[] b = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            float[] ab = targetCoefficients(t[i]);
            a[i] = ab[0];
            b[i] = ab[1];
        }
        return x0.mul(perRow(a, x0)).add(noise.mul(perRow(b, x0)));
    }

    /**
     * How much a squared error in the model's output weighs an equal squared error in its x0 estimate: SNR_t for
     * epsilon, SNR_t + 1 for v_prediction, 1 for sample. Loss weightings such as min-SNR-γ are defined on it.
     */
    public double x0ErrorWeight(int t) {
        double snr = alphasCumprod[t] / (1.0 - alphasCumprod[t]);
        switch (predictionType) {
            case "epsilon": return snr;
            case "sample": return 1.0;
            default: return snr + 1.0;
        }
    }

    /** One value per batch row, shaped [B, 1, …, 1] to broadcast over {@code like}, on its device. */
    private static NDArray perRow(float[] values, NDArray like) {
        long[] shape = new long[like.getShape().dimension()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = values.length;
        return like.getManager().create(values, new Shape(shape)).toDevice(like.getDevice(), false);
    }

    public int trainSteps() {
        return trainSteps;
    }

    public float[] betas() {
        return betas.clone();
    }

    public float[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    public float alphaCumprod(int t) {
        return alphasCumprod[t];
    }

    /** ᾱ for a previous timestep below 0: 1 when set_alpha_to_one, else ᾱ₀. */
    public float finalAlphaCumprod() {
        return setAlphaToOne ? 1f : alphasCumprod[0];
    }

    public String predictionType() {
        return predictionType;
    }

    public int stepsOffset() {
        return stepsOffset;
    }

    public String spacing() {
        return spacing;
    }

    public boolean clipSample() {
        return clipSample;
    }

    public double clipSampleRange() {
        return clipSampleRange;
    }

    /**
     * DDPM/DDIM inference timesteps, descending, per {@code timestep_spacing}: leading = i·(N/n) + offset,
     * trailing = round(N − i·N/n) − 1, linspace = round(linspace(0, N−1, n)).
     */
    public int[] timesteps(int steps) {
        if (steps < 1 || steps > trainSteps) {
            throw new IllegalArgumentException("steps must be in 1.." + trainSteps + ": " + steps);
        }
        int[] ts = new int[steps];
        switch (spacing) {
            case "leading": {
                int ratio = trainSteps / steps;
                for (int i = 0; i < steps; i++) {
                    ts[i] = (steps - 1 - i) * ratio + stepsOffset;
                }
                break;
            }
            case "trailing": {
                double ratio = trainSteps / (double) steps;
                for (int i = 0; i < steps; i++) {
                    ts[i] = (int) Math.rint(trainSteps - i * ratio) - 1;
                }
                break;
            }
            default: {
                for (int i = 0; i < steps; i++) {
                    double v = steps == 1 ? 0 : (trainSteps - 1) * (double) (steps - 1 - i) / (steps - 1);
                    ts[i] = (int) Math.rint(v);
                }
            }
        }
        return ts;
    }
}
