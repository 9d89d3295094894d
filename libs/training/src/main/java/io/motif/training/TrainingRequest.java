package io.motif.training;

import io.motif.diffusion.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.List;

/**
 * A whole training job.
 *
 * @param modelDir diffusers-format base model folder
 * @param concepts one or more concepts (joint training when several), each with its own token
 * @param tokenInit initializer word per new token
 * @param options hyper-parameters and data options (the data size is taken from the model)
 * @param outDir where the delta and its manifest go
 * @param checkpointDir where checkpoints go (null: {@code outDir/checkpoints})
 * @param resumeFrom a checkpoint folder to continue from, or null
 * @param generatedPriorImages for a concept without a regularization folder: how many class images to generate with
 *     the base model for its class prompt (the DreamBooth-style prior; 0 trains without class images)
 * @param tokenizer a tokenizer for model folders that ship none, or null to use the folder's
 */
public record TrainingRequest(Path modelDir, List<ConceptSpec> concepts, TokenInit tokenInit, TrainOptions options,
    Path outDir, Path checkpointDir, Path resumeFrom, int generatedPriorImages, Tokenizer tokenizer) {

  public Path checkpoints() {
    return checkpointDir != null ? checkpointDir : outDir.resolve("checkpoints");
  }
}
