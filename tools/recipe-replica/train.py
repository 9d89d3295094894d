"""PyTorch replica of motif-tiny's pretraining recipe, for trying recipe changes on a GPU in minutes.

It builds motif-tiny's architecture from models/motif-tiny with diffusers' UNet2DConditionModel and transformers'
CLIPTextModel, trains it on scenes exported by ExportScenes.java with the recipe of `./motif pretrain` (AdamW
0.9/0.999/1e-2, linear warm-up then cosine to a tenth of the peak, global-norm clip 1.0, 10 % empty captions,
min-SNR-γ weighted ε-loss), and writes a Motif model folder that `./motif eval --model DIR` scores with the oracle.
Initial weights and random streams differ from the Java pretrainer's, so compare runs of this script with each
other (its plain-recipe run scores like the committed weights, see the model card), not bit for bit with Java.

Not part of Motif's build or tests; needs torch, diffusers, transformers and safetensors.
"""
import argparse
import gzip
import json
import math
import os
import shutil
import time

import numpy as np
import torch
from diffusers import UNet2DConditionModel
from safetensors.torch import save_file
from transformers import CLIPTextConfig, CLIPTextModel

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
BASE = os.path.join(ROOT, "models", "motif-tiny")


def options():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="folder written by ExportScenes.java")
    p.add_argument("--out", required=True, help="model folder to write")
    p.add_argument("--steps", type=int, default=1700)
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--warmup", type=int, default=100)
    p.add_argument("--snr-gamma", type=float, default=5.0)
    p.add_argument("--x0-floor", type=float, default=0.0,
                   help="ε-loss weight max(min(SNR, γ), floor)/SNR: a floor on the x0-space weight of noisy steps")
    p.add_argument("--timesteps", choices=["uniform", "low", "mid", "high"], default="uniform",
                   help="low/mid/high: half of each batch draws t from [0, 400) / [200, 700) / [450, 800) instead of [0, 1000)")
    p.add_argument("--object-weight", type=float, default=1.0,
                   help="loss weight of the pixels on or next to an object, relative to the plain background's")
    p.add_argument("--object-weight-below", type=int, default=1000,
                   help="apply --object-weight only to samples with t below this (the less noisy steps)")
    p.add_argument("--text-encoder", default="",
                   help="a text_encoder folder whose weights are loaded and kept frozen (the Java warm-up's, say)")
    p.add_argument("--curriculum", type=float, default=0.0,
                   help="fraction of the steps whose batches are 3/4 single-object scenes with a stated position")
    p.add_argument("--blocks", default="32,64,64", help="block_out_channels; a 4th level adds plain blocks at 4x4")
    p.add_argument("--max-minutes", type=float, default=0.0,
                   help="if set, shrink --steps after 300 steps so the whole schedule fits this wall time")
    p.add_argument("--seed", type=int, default=1234)
    return p.parse_args()


def unet_config(blocks):
    cfg = json.load(open(os.path.join(BASE, "unet", "config.json")))
    if blocks != cfg["block_out_channels"]:
        extra = len(blocks) - 3
        cfg.update(block_out_channels=blocks, attention_head_dim=[4] * len(blocks),
                   down_block_types=["DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"] + ["DownBlock2D"] * extra,
                   up_block_types=["UpBlock2D"] * extra + ["CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"])
    return cfg


def load_scenes(folder, size, device):
    """(images uint8 N×S×S×3, token ids N×L, the empty caption's ids, indices of single-object stated scenes)."""
    meta = np.fromfile(os.path.join(folder, "meta.u8"), dtype=np.uint8).reshape(-1, 2)
    n = len(meta)
    images = np.frombuffer(gzip.open(os.path.join(folder, "images.u8.gz")).read(), dtype=np.uint8)
    ids = np.frombuffer(gzip.open(os.path.join(folder, "ids.i16.gz")).read(), dtype=">i2").reshape(n, -1)
    empty = np.fromfile(os.path.join(folder, "empty.i16"), dtype=">i2")
    single = np.nonzero((meta[:, 0] == 1) & (meta[:, 1] == 1))[0]

    def as_long(a):
        return torch.from_numpy(a.astype(np.int64)).to(device)

    return (torch.from_numpy(images.reshape(n, size, size, 3).copy()).to(device),
            as_long(ids), as_long(empty), as_long(single))


# the world's plain backgrounds (white, black, gray), as Background.java draws them
BACKGROUNDS = [[245, 245, 245], [20, 20, 20], [96, 96, 96]]


def pixel_weights(x0, backgrounds, object_weight):
    """Per-pixel loss weights B×1×S×S: object_weight on pixels off the scene's background colour and their
    neighbours (so edges count), 1 elsewhere, scaled to mean 1 so the step size stays comparable."""
    distance = ((x0.unsqueeze(1) - backgrounds.view(1, -1, 3, 1, 1)) ** 2).sum(dim=2)  # B×3×S×S
    background = distance.lt(0.01).float().mean(dim=(2, 3)).argmax(dim=1)  # the colour most pixels have
    off = distance[torch.arange(len(x0)), background].gt(0.01).float().unsqueeze(1)
    near = torch.nn.functional.max_pool2d(off, 3, stride=1, padding=1)
    weights = 1 + (object_weight - 1) * near
    return weights / weights.mean(dim=(1, 2, 3), keepdim=True)


def load_frozen(text, folder):
    from safetensors.torch import load_file
    saved = load_file(os.path.join(folder, "model.safetensors"))
    own = text.state_dict().keys()
    renamed = {(k if k in own else k.removeprefix("text_model.")): v for k, v in saved.items()}
    missing, unexpected = text.load_state_dict(renamed, strict=False)
    missing = [k for k in missing if "position_ids" not in k]
    if missing or unexpected:
        raise SystemExit(f"text encoder weights do not fit: missing {missing[:3]}, unexpected {unexpected[:3]}")
    text.requires_grad_(False)


def save_model(out, unet, text, cfg, log, info):
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(BASE, out, ignore=shutil.ignore_patterns("*.safetensors", "README.md", "train_log.csv"))
    json.dump(cfg, open(os.path.join(out, "unet", "config.json"), "w"), indent=2)

    def tensors(module, prefix=""):
        # transformers 5 names CLIPTextModel's weights without the "text_model." prefix that the format has
        return {(k if k.startswith(prefix) else prefix + k): v.detach().float().contiguous().cpu()
                for k, v in module.state_dict().items() if "position_ids" not in k}

    save_file(tensors(unet), os.path.join(out, "unet", "diffusion_pytorch_model.safetensors"))
    save_file(tensors(text, "text_model."), os.path.join(out, "text_encoder", "model.safetensors"))
    open(os.path.join(out, "train_log.csv"), "w").write("\n".join(log) + "\n")
    json.dump(info, open(os.path.join(out, "replica_run.json"), "w"), indent=2)


def main():
    a = options()
    dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(a.seed)
    torch.backends.cuda.matmul.allow_tf32 = True
    torch.backends.cudnn.allow_tf32 = True

    cfg = unet_config([int(x) for x in a.blocks.split(",")])
    unet = UNet2DConditionModel.from_config({k: v for k, v in cfg.items() if not k.startswith("_")}).to(dev)
    text = CLIPTextModel(CLIPTextConfig.from_pretrained(os.path.join(BASE, "text_encoder"))).to(dev)
    if a.text_encoder:
        load_frozen(text, a.text_encoder)
    images, ids, empty, single = load_scenes(a.data, cfg["sample_size"], dev)
    n = len(images)

    alphas = torch.cumprod(1 - torch.linspace(1e-4, 0.02, 1000, dtype=torch.float64), 0).to(dev)
    snr = alphas / (1 - alphas)
    x0_weight = torch.clamp(snr, max=a.snr_gamma) if a.snr_gamma > 0 else snr
    loss_weight = (torch.clamp(x0_weight, min=a.x0_floor) / snr).float()

    params = list(unet.parameters()) + ([] if a.text_encoder else list(text.parameters()))
    opt = torch.optim.AdamW(params, lr=a.lr, betas=(0.9, 0.999), weight_decay=1e-2, eps=1e-8)
    gen = torch.Generator(device=dev).manual_seed(a.seed)
    steps = a.steps

    def lr_at(step):
        if step < a.warmup:
            return a.lr * (step + 1) / a.warmup
        progress = min(1.0, (step - a.warmup) / max(1, steps - a.warmup))
        return a.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))

    b = a.batch
    window = {"low": (0, 400), "mid": (200, 700), "high": (450, 800)}.get(a.timesteps)
    backgrounds = torch.tensor(BACKGROUNDS, device=dev).float() / 127.5 - 1
    log, total, count = ["step,loss,lr,seconds"], 0.0, 0
    start = time.time()
    step = 0
    while step < steps:
        # batch k is scenes k·B … k·B+B−1, as in the Java pretrainer (wrapping round the exported set)
        idx = (torch.arange(b, device=dev) + step * b) % n
        if step < a.curriculum * steps:
            k = (3 * b) // 4
            idx[:k] = single[torch.randint(len(single), (k,), device=dev, generator=gen)]
        x0 = images[idx].permute(0, 3, 1, 2).float() / 127.5 - 1
        tokens = ids[idx].clone()
        tokens[torch.rand(b, device=dev, generator=gen) < 0.1] = empty
        t = torch.randint(0, 1000, (b,), device=dev, generator=gen)
        if window:
            t[: b // 2] = torch.randint(*window, (b // 2,), device=dev, generator=gen)
        eps = torch.randn(x0.shape, device=dev, generator=gen)
        ab = alphas[t].float().view(b, 1, 1, 1)
        noisy = ab.sqrt() * x0 + (1 - ab).sqrt() * eps

        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        with torch.set_grad_enabled(not a.text_encoder):
            states = text(tokens).last_hidden_state
        pred = unet(noisy, t.float(), encoder_hidden_states=states).sample
        squared = (pred - eps) ** 2
        per_sample = squared.mean(dim=(1, 2, 3))
        if a.object_weight != 1.0:
            chosen = pixel_weights(x0, backgrounds, a.object_weight)
            plain = (t >= a.object_weight_below).view(b, 1, 1, 1)
            squared = squared * torch.where(plain, torch.ones_like(chosen), chosen)
        weighted = squared.mean(dim=(1, 2, 3))
        opt.zero_grad(set_to_none=True)
        (weighted * loss_weight[t]).mean().backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()

        total, count, step = total + per_sample.mean().detach(), count + 1, step + 1
        if step == 100:
            t100 = time.time()
        if step == 300 and a.max_minutes > 0:
            per_step = (time.time() - t100) / 200
            fit = 300 + int((a.max_minutes * 60 - (time.time() - start)) / per_step * 0.95)
            if fit < steps:
                print(f"{per_step * 1000:.1f} ms/step: {steps} steps -> {fit} to fit {a.max_minutes} min", flush=True)
                steps = fit
        if step % 500 == 0 or step == steps:
            mean = (total / count).item()
            total, count = 0.0, 0
            log.append(f"{step},{mean:.5f},{lr_at(step - 1):.2e},{time.time() - start:.1f}")
            print(f"step {step} loss {mean:.4f} {time.time() - start:.0f}s", flush=True)

    seconds = time.time() - start
    save_model(a.out, unet, text, cfg, log, {"steps": steps, "seconds": seconds, "options": vars(a)})
    print(f"done: {steps} steps in {seconds:.0f} s, saved to {a.out}", flush=True)


if __name__ == "__main__":
    main()
