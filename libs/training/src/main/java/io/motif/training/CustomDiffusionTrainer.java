package io.motif.training;

import io.motif.diffusion.nn.Ops;
import io.motif.diffusion.scheduler.NoiseSchedule;
import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.motif.training.data.Batch;
import io.motif.training.data.TrainingData;
import io.motif.training.model.TrainingModel;
import io.motif.training.optim.AdamW;
import io.motif.training.optim.GlobalNormClipping;
import io.motif.training.rng.SplitMix64;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Custom Diffusion training loop: selected UNet weights (cross-attention K/V by default) plus the embedding rows of
 * the modifier tokens learn; everything else stays bit-identical.
 *
 * <p>One optimizer step: for each micro-batch, latents from the VAE posterior, timesteps t ~ U{0..T−1}, noise ε, the
 * noisy latents {@code √ᾱ_t·z + √(1−ᾱ_t)·ε}, text features, the UNet's ε prediction (K/V at token 0 detached), and the
 * masked loss, back-propagated with 1/accumulation. Then the gradient of the token table is cut to the new rows,
 * every gradient is clipped by the global norm, and AdamW steps the trainable tensors. As in the reference, AdamW's
 * decoupled weight decay also shrinks every other token row (their gradient is zero, not absent). The token rows
 * step at the options' token learning rate (the reference: the same as the UNet weights') and, when the options bound
 * their length, are scaled back to it after the step ({@link TokenTraining}).
 *
 * <p>All randomness is Java-side ({@link SplitMix64} streams: data order, augmentation, VAE posterior, timesteps,
 * noise), so a run is repeatable and a checkpoint stores the exact generator state.
 */
public final class CustomDiffusionTrainer implements AutoCloseable {
  /** Optimizer name prefix of a token row ("token:&lt;new1&gt;"); the rest are UNet weight names. */
  private static final String TOKEN_PARAM = "token:";

  private final TrainingModel model;
  private final TrainOptions options;
  private final TrainingData data;
  private final NDManager manager;
  private final AdamW adam;
  private final MaskedDenoisingLoss loss;
  private final Map<String, Integer> tokenIds;
  private final Map<String, NDArray> unetTrainable = new LinkedHashMap<>();
  private final Map<String, NDArray> tokenRows = new LinkedHashMap<>();
  private final NDArray table;
  private final NoiseSchedule schedule;
  final SplitMix64 vaeRng;
  final SplitMix64 timestepRng;
  final SplitMix64 noiseRng;
  private final List<Double> lossCurve = new ArrayList<>();
  private int step;

  /**
   * @param data where batches come from; null for a trainer driven only with explicit tensors (parity checks)
   * @param tokenIds the modifier tokens (already added to the model, see {@link ModifierTokens}) and their ids
   */
  public CustomDiffusionTrainer(TrainingModel model, TrainOptions options, TrainingData data,
      Map<String, Integer> tokenIds, NDManager parent) {
    this.model = model;
    this.options = options;
    this.data = data;
    this.manager = parent.newSubManager();
    this.adam = new AdamW(options.adam(), manager);
    this.loss = new MaskedDenoisingLoss(options.priorLossWeight());
    this.tokenIds = new LinkedHashMap<>(tokenIds);
    this.schedule = model.schedule();
    this.vaeRng = SplitMix64.stream(options.seed(), "vae-posterior");
    this.timestepRng = SplitMix64.stream(options.seed(), "timesteps");
    this.noiseRng = SplitMix64.stream(options.seed(), "noise");
    if (data != null && data.hasClassImages() && options.microBatch() % 2 != 0) {
      throw new IllegalArgumentException("with class images a micro-batch holds instance and class rows: it must be even");
    }
    this.table = model.tokenTable();
    if (!tokenIds.isEmpty()) {
      table.setRequiresGradient(true);
      for (Map.Entry<String, Integer> e : tokenIds.entrySet()) {
        NDArray row = table.get(new NDIndex(e.getValue())).duplicate();
        row.attach(manager);
        tokenRows.put(e.getKey(), row);
      }
    }
    model.unetWeights().forEach((name, array) -> {
      if (options.trained().trains(name)) {
        array.setRequiresGradient(true);
        unetTrainable.put(name, array);
      }
    });
    if (unetTrainable.isEmpty() && options.trained() != TrainedWeights.TOKEN_ONLY) {
      throw new IllegalStateException("no UNet weight matches " + options.trained());
    }
    if (unetTrainable.isEmpty() && tokenRows.isEmpty()) {
      throw new IllegalStateException("nothing to train: " + options.trained() + " without modifier tokens");
    }
  }

  public TrainOptions options() {
    return options;
  }

  public int step() {
    return step;
  }

  public List<Double> lossCurve() {
    return Collections.unmodifiableList(lossCurve);
  }

  public Map<String, Integer> tokenIds() {
    return Collections.unmodifiableMap(tokenIds);
  }

  /** The trained UNet tensors (live arrays of the model). */
  public Map<String, NDArray> unetTrainable() {
    return Collections.unmodifiableMap(unetTrainable);
  }

  /** The trained embedding row of each modifier token. */
  public Map<String, NDArray> tokenRows() {
    return Collections.unmodifiableMap(tokenRows);
  }

  AdamW optimizer() {
    return adam;
  }

  TrainingData data() {
    return data;
  }

  /** Runs one optimizer step (all its micro-batches) and returns what it measured. */
  public StepResult runStep() {
    int accumulation = options.accumulationSteps();
    int pairs = data.hasClassImages() ? options.microBatch() / 2 : options.microBatch();
    double lossSum = 0;
    double instSum = 0;
    double priorSum = 0;
    for (int a = 0; a < accumulation; a++) {
      Batch batch = data.next(pairs);
      MicroBatchLoss l = forwardBackward(batch, accumulation);
      lossSum += l.total;
      instSum += l.instance;
      priorSum += l.prior;
    }
    float[] normAndCoef = update();
    step++;
    double meanLoss = lossSum / accumulation;
    lossCurve.add(meanLoss);
    return new StepResult(step, meanLoss, instSum / accumulation,
        data.hasClassImages() ? priorSum / accumulation : Double.NaN, normAndCoef[0], normAndCoef[1]);
  }

  record MicroBatchLoss(double total, double instance, double prior) {}

  /** Forward and backward of one micro-batch drawn from the data; gradients accumulate in the trainable arrays. */
  private MicroBatchLoss forwardBackward(Batch batch, int accumulation) {
    int rows = batch.rows();
    int size = batch.size();
    int c = model.latentChannels();
    int m = model.latentSize();
    try (NDScope ignored = new NDScope(); NDManager scratch = manager.newSubManager()) {
      NDArray pixels = scratch.create(batch.pixels(), new Shape(rows, 3, size, size));
      NDArray latents = model.encodeLatents(pixels, vaeRng.gaussians(rows * c * m * m));
      long[] t = new long[rows];
      for (int r = 0; r < rows; r++) {
        t[r] = timestepRng.nextInt(schedule.trainSteps());
      }
      NDArray noise = scratch.create(noiseRng.gaussians(rows * c * m * m), new Shape(rows, c, m, m));
      NDArray ids = model.tokenize(batch.prompts(), scratch);
      NDArray mask = scratch.create(batch.instanceMask(), new Shape(batch.instanceRows(), 1, m, m));
      MicroBatch mb = new MicroBatch(latents, noise, t, ids, mask, batch.instanceRows());
      return forwardBackward(mb, accumulation, scratch, null);
    }
  }

  /**
   * The tensors of one micro-batch, rows ordered instance‖class.
   *
   * @param latents [rows, C, m, m] clean latents (already scaled)
   * @param noise [rows, C, m, m] ε (the regression target of an ε-prediction model)
   * @param timesteps one training timestep per row
   * @param inputIds [rows, L] int64 token ids
   * @param instanceMask [instanceRows, 1, m, m] loss mask
   */
  record MicroBatch(NDArray latents, NDArray noise, long[] timesteps, NDArray inputIds, NDArray instanceMask,
      int instanceRows) {}

  /**
   * Forward and backward of explicit tensors. When {@code observed} is non-null, the UNet output and the loss parts
   * are put there (detached copies in {@code scratch}) for parity checks.
   */
  MicroBatchLoss forwardBackward(MicroBatch mb, int accumulation, NDManager scratch, Map<String, NDArray> observed) {
    NDArray noisy = addNoise(mb, scratch);
    NDArray timesteps = scratch.create(mb.timesteps()).toDevice(noisy.getDevice(), false);
    try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray text = model.encodeText(mb.inputIds());
      NDArray pred = model.predictNoise(noisy, timesteps, text, options.detachBos());
      MaskedDenoisingLoss.Parts parts = loss.compute(pred, target(mb), mb.instanceMask(), mb.instanceRows());
      NDArray objective = accumulation == 1 ? parts.total() : Ops.dividedBy(parts.total(), (float) accumulation);
      collector.backward(objective);
      if (observed != null) {
        observed.put("model_pred", keep(pred, scratch));
        observed.put("loss", keep(parts.total(), scratch));
        observed.put("instance_loss", keep(parts.instanceLoss(), scratch));
        observed.put("instance_loss_per_example", keep(parts.instancePerExample(), scratch));
        if (parts.priorLoss() != null) {
          observed.put("prior_loss", keep(parts.priorLoss(), scratch));
        }
      }
      return new MicroBatchLoss(parts.total().getFloat(), parts.instanceLoss().getFloat(),
          parts.priorLoss() == null ? 0 : parts.priorLoss().getFloat());
    }
  }

  /** The loss of explicit tensors with the current weights, without gradients (for checks and evaluation). */
  double evaluate(MicroBatch mb, NDManager scratch) {
    try (NDScope ignored = new NDScope()) {
      NDArray noisy = addNoise(mb, scratch);
      NDArray pred = model.predictNoise(noisy, scratch.create(mb.timesteps()).toDevice(noisy.getDevice(), false),
          model.encodeText(mb.inputIds()), false);
      return loss.compute(pred, target(mb), mb.instanceMask(), mb.instanceRows()).total().getFloat();
    }
  }

  /** What the UNet should output for the micro-batch: ε, or the velocity for a v-prediction model. */
  private NDArray target(MicroBatch mb) {
    int[] t = new int[mb.timesteps().length];
    for (int r = 0; r < t.length; r++) {
      t[r] = (int) mb.timesteps()[r];
    }
    return schedule.trainingTarget(mb.latents(), mb.noise(), t);
  }

  /** x_t = √ᾱ_t·z + √(1−ᾱ_t)·ε per row, the factors in float32 as diffusers' {@code add_noise}. */
  private NDArray addNoise(MicroBatch mb, NDManager scratch) {
    int rows = (int) mb.latents().getShape().get(0);
    float[] sqrtA = new float[rows];
    float[] sqrtOneMinusA = new float[rows];
    for (int r = 0; r < rows; r++) {
      float acp = schedule.alphaCumprod((int) mb.timesteps()[r]);
      sqrtA[r] = (float) Math.sqrt(acp);
      sqrtOneMinusA[r] = (float) Math.sqrt(1f - acp);
    }
    Device device = mb.latents().getDevice();
    return mb.latents().mul(scratch.create(sqrtA, new Shape(rows, 1, 1, 1)).toDevice(device, false))
        .add(mb.noise().mul(scratch.create(sqrtOneMinusA, new Shape(rows, 1, 1, 1)).toDevice(device, false)));
  }

  private static NDArray keep(NDArray a, NDManager m) {
    NDArray c = a.stopGradient().duplicate();
    c.attach(m);
    NDScope.unregister(c);
    return c;
  }

  /** Masks, clips and applies the accumulated gradients; returns {norm before clipping, clip coefficient}. */
  private float[] update() {
    return update(null);
  }

  /**
   * As {@link #update()}; when {@code observedGrads} is non-null, a copy of every gradient before clipping (K/V by UNet
   * name, token rows as {@code token:<tok>}) is put there, detached, for parity checks.
   */
  float[] update(Map<String, NDArray> observedGrads) {
    double lr = options.effectiveLearningRate();
    try (NDScope ignored = new NDScope(); NDManager scratch = manager.newSubManager()) {
      Map<String, NDArray> params = new LinkedHashMap<>();
      Map<String, NDArray> grads = new LinkedHashMap<>();
      if (!tokenRows.isEmpty()) {
        try (NDArray tableGrad = table.getGradient()) {
          for (Map.Entry<String, Integer> e : tokenIds.entrySet()) {
            // the reference zeroes every other row's gradient: only the new rows' gradients exist here
            NDArray g = tableGrad.get(new NDIndex(e.getValue())).duplicate();
            g.attach(scratch);
            params.put(TOKEN_PARAM + e.getKey(), tokenRows.get(e.getKey()));
            grads.put(TOKEN_PARAM + e.getKey(), g);
          }
          tableGrad.subi(tableGrad);
        }
      }
      for (Map.Entry<String, NDArray> e : unetTrainable.entrySet()) {
        try (NDArray g = e.getValue().getGradient()) {
          NDArray copy = g.duplicate();
          copy.attach(scratch);
          grads.put(e.getKey(), copy);
          g.subi(g);
        }
        params.put(e.getKey(), e.getValue());
      }
      if (observedGrads != null) {
        grads.forEach((k, g) -> observedGrads.put(k, keep(g, manager)));
      }
      float norm = GlobalNormClipping.totalNorm(grads.values());
      if (!Float.isFinite(norm)) {
        // never write non-finite weights: fail the step loudly, naming the offending tensors
        List<String> bad = new ArrayList<>();
        grads.forEach((k, g) -> {
          if (!Float.isFinite(g.abs().sum().getFloat())) {
            bad.add(k);
          }
        });
        throw new IllegalStateException("non-finite gradient at step " + (step + 1) + " in " + bad);
      }
      float coef = 1f;
      if (options.maxGradNorm() > 0) {
        coef = GlobalNormClipping.coefficient(norm, options.maxGradNorm());
        for (NDArray g : grads.values()) {
          g.muli(coef);
        }
      }
      double tokenLr = options.effectiveTokenLearningRate();
      adam.update(params, grads, name -> name.startsWith(TOKEN_PARAM) ? tokenLr : lr);
      boundTokenRows();
      writeTokenRowsIntoTable(tokenLr);
      return new float[] {norm, coef};
    }
  }

  /** Scales every token row longer than the options' bound back to it (no-op when unbounded). */
  private void boundTokenRows() {
    if (!options.token().bounded()) {
      return;
    }
    float bound = (float) options.token().maxNorm();
    for (NDArray row : tokenRows.values()) {
      float norm = row.norm().getFloat();
      if (norm > bound) {
        row.muli(bound / norm);
      }
    }
  }

  private void writeTokenRowsIntoTable(double lr) {
    if (tokenRows.isEmpty()) {
      return;
    }
    if (options.decayFrozenEmbeddingRows()) {
      table.muli(adam.decayFactor(lr));
    }
    for (Map.Entry<String, Integer> e : tokenIds.entrySet()) {
      table.set(new NDIndex(e.getValue()), tokenRows.get(e.getKey()));
    }
  }

  /** Restores the state a checkpoint recorded (trainable tensors, moments, step, generators, data order). */
  void restore(TrainingCheckpoint.Loaded ckpt) {
    for (Map.Entry<String, NDArray> e : unetTrainable.entrySet()) {
      copyInto(e.getValue(), ckpt.tensors().get("unet." + e.getKey()), e.getKey());
    }
    double lr = options.effectiveTokenLearningRate();
    if (!tokenRows.isEmpty() && options.decayFrozenEmbeddingRows()) {
      // the frozen rows were only decayed: repeat the same float32 multiplications to land on the same bits
      float decay = adam.decayFactor(lr);
      for (int i = 0; i < ckpt.step(); i++) {
        table.muli(decay);
      }
    }
    for (Map.Entry<String, NDArray> e : tokenRows.entrySet()) {
      copyInto(e.getValue(), ckpt.tensors().get("token." + e.getKey()), e.getKey());
      table.set(new NDIndex(tokenIds.get(e.getKey())), e.getValue());
    }
    Map<String, NDArray> m = new LinkedHashMap<>();
    Map<String, NDArray> v = new LinkedHashMap<>();
    ckpt.tensors().forEach((k, a) -> {
      if (k.startsWith("adam.exp_avg_sq.")) {
        v.put(k.substring("adam.exp_avg_sq.".length()), a);
      } else if (k.startsWith("adam.exp_avg.")) {
        m.put(k.substring("adam.exp_avg.".length()), a);
      }
    });
    adam.restore(ckpt.adamStep(), m, v);
    vaeRng.restore(ckpt.rng().get("vae"));
    timestepRng.restore(ckpt.rng().get("timesteps"));
    noiseRng.restore(ckpt.rng().get("noise"));
    data.restore(ckpt.data());
    lossCurve.clear();
    lossCurve.addAll(ckpt.lossCurve());
    step = ckpt.step();
  }

  private static void copyInto(NDArray target, NDArray source, String name) {
    if (source == null) {
      throw new IllegalStateException("checkpoint lacks " + name);
    }
    if (!source.getShape().equals(target.getShape())) {
      throw new IllegalStateException("checkpoint " + name + " has shape " + source.getShape() + ", model " + target.getShape());
    }
    target.set(source.toType(DataType.FLOAT32, false).toByteBuffer());
  }

  @Override
  public void close() {
    manager.close();
  }
}
