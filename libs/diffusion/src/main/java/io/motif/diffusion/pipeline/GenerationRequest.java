package io.motif.diffusion.pipeline;

/**
 * What to generate: prompt and negative prompt (empty = unconditional), images per prompt, seed, steps, guidance
 * scale (≤ 1 disables classifier-free guidance), sampler (ddim, ddpm, dpmpp2m), DDIM eta, size in pixels
 * (0 = the model's native size).
 */
public record GenerationRequest(String prompt, String negativePrompt, int images, long seed, int steps,
                                double guidanceScale, String sampler, double eta, int height, int width) {

    public static GenerationRequest of(String prompt, long seed) {
        return new GenerationRequest(prompt, "", 1, seed, 50, 7.5, "ddim", 0.0, 0, 0);
    }

    public GenerationRequest withSteps(int s) {
        return new GenerationRequest(prompt, negativePrompt, images, seed, s, guidanceScale, sampler, eta, height, width);
    }

    public GenerationRequest withSampler(String name, double newEta) {
        return new GenerationRequest(prompt, negativePrompt, images, seed, steps, guidanceScale, name, newEta, height, width);
    }

    public GenerationRequest withGuidance(double g) {
        return new GenerationRequest(prompt, negativePrompt, images, seed, steps, g, sampler, eta, height, width);
    }

    public GenerationRequest withNegativePrompt(String neg) {
        return new GenerationRequest(prompt, neg, images, seed, steps, guidanceScale, sampler, eta, height, width);
    }

    public GenerationRequest withImages(int n) {
        return new GenerationRequest(prompt, negativePrompt, n, seed, steps, guidanceScale, sampler, eta, height, width);
    }
}
