package io.motif.training;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.motif.diffusion.parity.ParityResult;
import io.motif.diffusion.parity.ParitySuite;
import io.motif.diffusion.pipeline.StableDiffusionModel;
import io.motif.diffusion.safetensors.SafetensorsFile;
import io.motif.training.data.DataOptions;
import io.motif.training.model.CoreTrainingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reproduces the fixture's two diffusers training steps ({@code train_step/train_step.safetensors}) with Motif's
 * trainer: same model folder, the stored latents, noise, timesteps, token ids and masks, then compares the UNet
 * output, loss parts, every K/V gradient and the new token row's gradient, the clip norm and coefficient, the AdamW
 * moments, and the weights (K/V, the new row and the whole decayed token table) after each step — for the main run
 * (clipping inactive) and the {@code clip005} variant (clipping active).
 *
 * <p>Tolerances: model outputs 1e-4 absolute; gradients 1e-4 relative to the reference tensor's largest magnitude;
 * moments 2e-4 relative (exp_avg_sq scales with g², so twice the gradient's); weights after a step 1e-5 absolute on
 * elements whose clipped gradients so far are all ≥ 1e-6. The other elements are ill-conditioned through eps
 * (d(update)/dg ≈ lr·eps/(|g|+eps)², up to 1e5: a 1e-9 gradient difference moves them by 1e-4); for all elements only
 * the bound of two Adam steps, 2·lr, is checked.
 */
public final class TrainStepParitySuite implements ParitySuite {
  static final String FILE = "train_step/train_step.safetensors";
  private static final double LR = 1e-3;

  @Override
  public String name() {
    return "training";
  }

  @Override
  public List<ParityResult> run(Path dir) throws Exception {
    List<ParityResult> out = new ArrayList<>();
    if (!Files.exists(dir.resolve(FILE))) {
      return out;
    }
    runVariant(dir, "", 1.0, out);
    runVariant(dir, "clip005.", 0.05, out);
    return out;
  }

  private void runVariant(Path dir, String variant, double maxNorm, List<ParityResult> out) throws Exception {
    try (StableDiffusionModel sd = StableDiffusionModel.load(dir, Device.cpu());
        NDManager m = NDManager.newBaseManager(Device.cpu());
        SafetensorsFile f = SafetensorsFile.open(dir.resolve(FILE))) {
      CoreTrainingModel model = new CoreTrainingModel(sd);
      int init = (int) f.load("setup.initializer_token_id", m).getLong(0);
      int expectedId = (int) f.load("setup.modifier_token_id", m).getLong(0);
      int id = model.addToken("<new1>", init);
      String p = "train_step." + variant;
      out.add(ParityResult.of(p + "modifier_token_id", Math.abs(id - expectedId), 0));
      if (variant.isEmpty()) {
        out.add(ParityResult.of(p + "embedding_init", maxAbs(model.tokenTable(), f.load("setup.embedding_init", m)), 0));
      }
      TrainOptions options = TrainOptions.defaults(1, DataOptions.diffusersDefaults(64, 32))
          .withBatch(4, 4).withLearningRate(LR);
      options = new TrainOptions(2, 4, 4, options.baseLearningRate(), LR, options.adam(), maxNorm, 1.0,
          TrainedWeights.CROSSATTN_KV, true, true, 0, 0L, options.data(), TokenTraining.reference());
      try (CustomDiffusionTrainer trainer = new CustomDiffusionTrainer(model, options, null, Map.of("<new1>", id), m)) {
        Map<String, String> kvNames = kvNames(f, trainer);
        Map<String, NDArray> wellConditioned = new LinkedHashMap<>();
        for (int step = 1; step <= 2; step++) {
          String s = variant + "step" + step + ".";
          String label = p + "step" + step + ".";
          try (NDManager scratch = m.newSubManager()) {
            NDArray mask = f.load("step" + step + ".mask", scratch).get(new NDIndex("0:2"));
            CustomDiffusionTrainer.MicroBatch mb = new CustomDiffusionTrainer.MicroBatch(
                f.load("step" + step + ".latents", scratch), f.load("step" + step + ".noise", scratch),
                f.load("step" + step + ".timesteps", scratch).toLongArray(), f.load("step" + step + ".input_ids", scratch),
                mask, 2);
            Map<String, NDArray> seen = new LinkedHashMap<>();
            trainer.forwardBackward(mb, 1, scratch, seen);
            if (variant.isEmpty()) {
              out.add(ParityResult.of(label + "model_pred", maxAbs(seen.get("model_pred"), f.load(s + "model_pred", scratch)), 1e-4));
            }
            for (String part : new String[] {"loss", "instance_loss", "prior_loss", "instance_loss_per_example"}) {
              out.add(ParityResult.of(label + part, maxAbs(seen.get(part), f.load(s + part, scratch)), 1e-4));
            }
            Map<String, NDArray> grads = new LinkedHashMap<>();
            float[] normAndCoef = trainer.update(grads);
            out.add(ParityResult.of(label + "total_grad_norm (rel)",
                Math.abs(normAndCoef[0] - f.load(s + "total_grad_norm", scratch).getFloat(0))
                    / f.load(s + "total_grad_norm", scratch).getFloat(0), 1e-5));
            out.add(ParityResult.of(label + "clip_coef", Math.abs(normAndCoef[1] - f.load(s + "clip_coef", scratch).getFloat(0)), 1e-6));
            double gradErr = 0;
            double paramErr = 0;
            double paramErrConditioned = 0;
            double momentErr = 0;
            for (Map.Entry<String, String> e : kvNames.entrySet()) {
              String fx = e.getKey();
              String unet = e.getValue();
              gradErr = Math.max(gradErr, relErr(grads.get(unet), f.load(s + "grad." + fx, scratch)));
              NDArray refParam = f.load(s + "param_after." + fx, scratch);
              NDArray ours = trainer.unetTrainable().get(unet);
              paramErr = Math.max(paramErr, maxAbs(ours, refParam));
              NDArray ok = f.load(s + "grad." + fx, scratch).abs().mul(normAndCoef[1]).gte(1e-6f);
              NDArray before = wellConditioned.get(unet);
              NDArray now = before == null ? ok : before.logicalAnd(ok);
              now.attach(m);
              wellConditioned.put(unet, now);
              paramErrConditioned = Math.max(paramErrConditioned, maxAbsWhere(ours, refParam, now));
              momentErr = Math.max(momentErr, relErr(trainer.optimizer().expAvg().get(unet), f.load(s + "adam.exp_avg." + fx, scratch)));
              momentErr = Math.max(momentErr, relErr(trainer.optimizer().expAvgSq().get(unet), f.load(s + "adam.exp_avg_sq." + fx, scratch)));
            }
            String tok = "token:<new1>";
            out.add(ParityResult.of(label + "grad.kv (rel)", gradErr, 1e-4));
            out.add(ParityResult.of(label + "grad.embedding_new_row (rel)", relErr(grads.get(tok), f.load(s + "grad.embedding_new_row", scratch)), 1e-4));
            momentErr = Math.max(momentErr, relErr(trainer.optimizer().expAvg().get(tok), f.load(s + "adam.exp_avg.embedding_new_row", scratch)));
            momentErr = Math.max(momentErr, relErr(trainer.optimizer().expAvgSq().get(tok), f.load(s + "adam.exp_avg_sq.embedding_new_row", scratch)));
            out.add(ParityResult.of(label + "adam_moments (rel)", momentErr, 2e-4));
            out.add(ParityResult.of(label + "param_after.kv (|g|>=1e-6)", paramErrConditioned, 1e-5));
            out.add(ParityResult.of(label + "param_after.kv (all, bound 2*lr)", paramErr, 2 * LR));
            out.add(ParityResult.of(label + "param_after.embedding_new_row",
                maxAbs(trainer.tokenRows().get("<new1>"), f.load(s + "param_after.embedding_new_row", scratch)), 1e-4));
            if (variant.isEmpty()) {
              out.add(ParityResult.of(label + "param_after.embedding",
                  maxAbs(model.tokenTable(), f.load(s + "param_after.embedding", scratch)), 1e-4));
            }
          }
        }
      }
    }
  }

  /** Fixture processor key ({@code X.attn2.processor.to_k_custom_diffusion.weight}) → UNet name ({@code X.attn2.to_k.weight}). */
  private static Map<String, String> kvNames(SafetensorsFile f, CustomDiffusionTrainer trainer) throws IOException {
    Map<String, String> names = new LinkedHashMap<>();
    String prefix = "setup.kv_init.";
    for (String n : f.names()) {
      if (n.startsWith(prefix)) {
        String fx = n.substring(prefix.length());
        String unet = fx.replace(".processor.to_k_custom_diffusion.", ".to_k.").replace(".processor.to_v_custom_diffusion.", ".to_v.");
        if (!trainer.unetTrainable().containsKey(unet)) {
          throw new IOException("fixture layer " + fx + " is not a trained UNet weight (" + unet + ")");
        }
        names.put(fx, unet);
      }
    }
    if (names.size() != trainer.unetTrainable().size()) {
      throw new IOException("fixture has " + names.size() + " K/V tensors, the trainer trains " + trainer.unetTrainable().size());
    }
    return names;
  }

  static double maxAbs(NDArray a, NDArray b) {
    return a.toDevice(Device.cpu(), false).sub(b.toDevice(Device.cpu(), false)).abs().max().getFloat();
  }

  static double relErr(NDArray a, NDArray ref) {
    double scale = ref.abs().max().getFloat();
    return maxAbs(a, ref) / (scale == 0 ? 1 : scale);
  }

  private static double maxAbsWhere(NDArray a, NDArray b, NDArray where) {
    NDArray d = a.toDevice(Device.cpu(), false).sub(b).abs().mul(where.toType(ai.djl.ndarray.types.DataType.FLOAT32, false));
    return d.max().getFloat();
  }
}
