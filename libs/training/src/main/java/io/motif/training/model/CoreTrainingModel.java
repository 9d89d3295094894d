package io.motif.training.model;

import ai.djl.ndarray.NDArray;
import io.motif.diffusion.scheduler.NoiseSchedule;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.text.ClipTextEncoder;
import io.motif.diffusion.tokenizer.Tokenizer;
import io.motif.diffusion.unet.ForwardOptions;
import io.motif.diffusion.unet.UNetConfig;
import io.motif.diffusion.vae.AutoencoderKL;
import java.util.List;
import java.util.Map;

/** {@link TrainingModel} on the diffusion core's loaded model folder (UNet, CLIP text encoder, optional VAE). */
public final class CoreTrainingModel implements TrainingModel {
  private static final ForwardOptions TRAIN_DETACHED = ForwardOptions.TRAINING;
  private static final ForwardOptions TRAIN_PLAIN = new ForwardOptions(false, null);

  private final StableDiffusionModel model;

  public CoreTrainingModel(StableDiffusionModel model) {
    this.model = model;
  }

  public StableDiffusionModel model() {
    return model;
  }

  @Override
  public Map<String, NDArray> unetWeights() {
    return model.unet().parameters().view();
  }

  @Override
  public NDArray tokenTable() {
    return model.textEncoder().parameters().get(ClipTextEncoder.TOKEN_TABLE);
  }

  @Override
  public int addToken(String token, int initRow) {
    NDArray row = tokenTable().get(initRow).duplicate();
    if (model.tokenizer() == null) {
      // no tokenizer (ids supplied directly): only the table grows, the new id is its new row
      return model.textEncoder().addTokens(row.reshape(new Shape(1, -1)));
    }
    return model.addToken(token, row);
  }

  @Override
  public List<Integer> wordIds(String word) {
    return tokenizer().tokenIds(word);
  }

  @Override
  public int vocabularyId(String token) {
    return tokenizer().idOf(token);
  }

  @Override
  public NDArray tokenize(List<String> prompts, NDManager manager) {
    Tokenizer tok = tokenizer();
    int len = tok.maxLength();
    long[] ids = new long[prompts.size() * len];
    for (int i = 0; i < prompts.size(); i++) {
      System.arraycopy(tok.encode(prompts.get(i)), 0, ids, i * len, len);
    }
    return manager.create(ids, new Shape(prompts.size(), len)).toDevice(model.manager().getDevice(), false);
  }

  private Tokenizer tokenizer() {
    if (model.tokenizer() == null) {
      throw new IllegalStateException("the model folder " + model.root() + " has no tokenizer/");
    }
    return model.tokenizer();
  }

  @Override
  public NDArray encodeText(NDArray inputIds) {
    return model.textEncoder().forward(inputIds).lastHiddenState();
  }

  @Override
  public NDArray predictNoise(NDArray noisyLatents, NDArray timesteps, NDArray textStates, boolean detachBos) {
    return model.unet().forward(noisyLatents, timesteps, textStates, detachBos ? TRAIN_DETACHED : TRAIN_PLAIN);
  }

  @Override
  public NDArray encodeLatents(NDArray pixels, float[] eps) {
    NDArray x = pixels.toDevice(model.manager().getDevice(), false);
    AutoencoderKL vae = model.vae();
    if (vae == null) {
      return x;
    }
    NDList posterior = vae.encode(x);
    NDArray mean = posterior.get(0);
    NDArray std = posterior.get(1).mul(0.5f).exp();
    NDArray e = x.getManager().create(eps, mean.getShape()).toDevice(mean.getDevice(), false);
    return mean.add(std.mul(e)).mul((float) vae.config().scalingFactor());
  }

  @Override
  public int latentChannels() {
    return model.unet().config().inChannels();
  }

  @Override
  public int latentSize() {
    return model.unet().config().sampleSize();
  }

  @Override
  public int imageSize() {
    UNetConfig c = model.unet().config();
    return model.vae() == null ? c.sampleSize() : c.sampleSize() * model.vae().config().downsampleFactor();
  }

  @Override
  public NoiseSchedule schedule() {
    return model.schedule();
  }
}
