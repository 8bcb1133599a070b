"""Training: ``train(data_dir, out_path, ...) -> TrainResult``.

Data layout: ``DIR/ok/*`` (label 0), ``DIR/defect/*`` (label 1), optional ``DIR/masks/<name>.png``
(non-zero = defect pixels, same file stem as the defect image).

* Patch-sized images (longer side <= 1.5 x input_size, e.g. 32x32 crops) are resized to the
  input size and trained with the image-level loss on the pooled score.
* Larger images are trained on random ``crop_size`` crops at native resolution: defect images with
  masks give crops centred near defect pixels plus crops elsewhere, and the loss adds a dense
  per-cell term (target = defect pixels inside the 8x8 cell); ok images give random crops with an
  all-zero target. Defect images larger than the input and *without* a mask are trained whole
  (multiple-instance: only the pooled score is supervised), one shape-batch at a time.
* Augmentation (on the batch tensor, same device as the model): the 8 dihedral transforms,
  brightness/contrast jitter, Gaussian noise, small shifts (reflect-padded random crops).
* Split: stratified by label and grouped (patches identical up to a flip/rotation share a group,
  other images are grouped by file stem) so copies never straddle train/validation.
* AdamW + OneCycle (cosine) LR, label smoothing, early stopping on validation AUROC (ties: lower
  loss), best-epoch weights kept. Fixed seeds (torch, numpy, random), deterministic algorithms
  where available. CUDA when present (``device="auto"``).
* Test-time augmentation (``tta``): True, False or "auto" (default): the 8 dihedral passes are
  kept (meta ``tta``) only when they raise the validation AUROC of the best-epoch model.
* Thresholds calibrated on the validation split (see ``vision.evaluate.calibrate``).
"""
from __future__ import annotations

import copy
import dataclasses
import hashlib
import math
import random
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from hmi.messages import QT_TRANSLATE_NOOP

from .io import ImageError, collect_samples, read_image
from .progress import Cancelled, check, update


@dataclass
class Item:
    name: str
    label: int
    image: np.ndarray            # float32 [0, 1], as prepared (patches resized to input size)
    mask: np.ndarray | None      # uint8 {0,1} same shape, or None
    group: str
    path: str = ""


@dataclass
class TrainResult:
    model_path: str | None
    meta: dict
    history: list = field(default_factory=list)
    best_epoch: int = 0
    epochs_run: int = 0
    stopped_early: bool = False
    device: str = "cpu"
    seconds: float = 0.0
    skipped: list = field(default_factory=list)
    model: object = None          # the trained InspectNet (eval mode), not serialised


# ------------------------------------------------------------------------------------- data
#: Progress texts (translatable, see hmi.messages; the Models page shows them in the UI language).
_EPOCH = QT_TRANSLATE_NOOP("Training", "epoch {0}/{1} loss {2} val_loss {3} val_auroc {4}")
_READING_IMAGES = QT_TRANSLATE_NOOP("Training", "reading images")


def content_group(img: np.ndarray) -> str:
    """Hash of the 8-bit image, identical for all 8 flips/rotations of it."""
    q = np.round(np.clip(img, 0, 1) * 255).astype(np.uint8)
    keys = []
    for k in range(4):
        r = np.rot90(q, k)
        keys.append(hashlib.md5(np.ascontiguousarray(r).tobytes()).hexdigest())
        keys.append(hashlib.md5(np.ascontiguousarray(r[:, ::-1]).tobytes()).hexdigest())
    return min(keys)


def load_items(data_dir, input_size: int = 32, progress=None) -> tuple[list[Item], list[str], list[Path]]:
    """Read the data set -> (items, skipped-file reasons, all paths for the fingerprint)."""
    from .model import prepare_image

    samples = collect_samples(data_dir)
    items, skipped = [], []
    meta = {"input_size": input_size}
    for i, (path, label, mpath) in enumerate(samples):
        if i % 256 == 0:
            check(progress)
        try:
            img = prepare_image(read_image(path)[0], meta)
        except ImageError as exc:
            skipped.append(str(exc))
            continue
        mask = None
        if mpath is not None:
            try:
                m = read_image(mpath)[0]
                if m.shape == img.shape:
                    mask = (m > 0.5).astype(np.uint8)
                else:
                    skipped.append(f"{mpath}: mask size {m.shape} differs from image {img.shape}; mask ignored")
            except ImageError as exc:
                skipped.append(f"{exc}; mask ignored")
        patch = max(img.shape) <= input_size
        group = content_group(img) if patch else f"{path.stem}"
        items.append(Item(path.name, label, img, mask, group, str(path)))
    return items, skipped, [s[0] for s in samples]


def split_groups(items: list[Item], fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Stratified, grouped split -> (train indices, val indices)."""
    rng = np.random.default_rng(seed)
    groups: dict[str, list[int]] = {}
    for i, it in enumerate(items):
        groups.setdefault(it.group, []).append(i)
    by_label: dict[int, list[str]] = {0: [], 1: []}
    for g, idx in groups.items():
        lab = int(round(np.mean([items[i].label for i in idx])))
        by_label[lab].append(g)
    val = []
    for lab, gs in by_label.items():
        gs = sorted(gs)
        rng.shuffle(gs)
        n_target = fraction * sum(len(groups[g]) for g in gs)
        taken = 0
        for g in gs:
            if taken >= n_target:
                break
            val.extend(groups[g])
            taken += len(groups[g])
    val_set = set(val)
    train = [i for i in range(len(items)) if i not in val_set]
    return train, sorted(val_set)


# ---------------------------------------------------------------------------- augmentation
def augment(x, torch, gen, m=None, shift: int = 2, noise: float = 0.03, contrast: float = 0.2,
            brightness: float = 0.06):
    """x: (N,1,H,W) in [0,1] units (before normalisation); m: optional (N,1,H,W) target masks."""
    n = x.shape[0]
    dev = x.device
    ks = torch.randint(0, 8, (n,), generator=gen).tolist()
    out = torch.empty_like(x)
    mout = torch.empty_like(m) if m is not None else None
    from .model import dihedral

    for k in range(8):
        sel = [i for i, kk in enumerate(ks) if kk == k]
        if not sel:
            continue
        idx = torch.tensor(sel, device=dev)
        out[idx] = dihedral(x[idx], k)
        if m is not None:
            mout[idx] = dihedral(m[idx], k)
    x = out
    if shift > 0:
        h, w = x.shape[-2:]
        xp = torch.nn.functional.pad(x, (shift, shift, shift, shift), mode="reflect")
        oy = torch.randint(0, 2 * shift + 1, (n,), generator=gen).to(dev)
        ox = torch.randint(0, 2 * shift + 1, (n,), generator=gen).to(dev)
        iy = (oy[:, None] + torch.arange(h, device=dev)[None, :])          # (n,h)
        ix = (ox[:, None] + torch.arange(w, device=dev)[None, :])          # (n,w)
        rows = torch.gather(xp[:, 0], 1, iy[:, :, None].expand(n, h, xp.shape[-1]))
        x = torch.gather(rows, 2, ix[:, None, :].expand(n, h, w))[:, None]
        if mout is not None:
            mp = torch.nn.functional.pad(mout, (shift, shift, shift, shift))
            rows = torch.gather(mp[:, 0], 1, iy[:, :, None].expand(n, h, mp.shape[-1]))
            mout = torch.gather(rows, 2, ix[:, None, :].expand(n, h, w))[:, None]
    # brightness / contrast / gamma-free jitter around the per-image mean
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    c = (1 + contrast * (torch.rand((n, 1, 1, 1), generator=gen) * 2 - 1)).to(dev)
    b = (brightness * (torch.rand((n, 1, 1, 1), generator=gen) * 2 - 1)).to(dev)
    x = (x - mean) * c + mean + b
    sig = (noise * torch.rand((n, 1, 1, 1), generator=gen)).to(dev)
    x = x + sig * torch.randn(x.shape, generator=gen).to(dev)
    return x, mout


# --------------------------------------------------------------------------------- training
def _seed_all(seed: int, torch):
    random.seed(seed)
    np.random.seed(seed % (2 ** 32))
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    torch.backends.cudnn.benchmark = False
    torch.backends.cudnn.deterministic = True


def _edge_points(img: np.ndarray, share: float = 0.1) -> np.ndarray:
    """(row, col) of the pixels with the strongest intensity gradient (the top ``share``): part outlines, bores,
    section changes, where a defect-free part looks most like a defect."""
    gy, gx = np.gradient(img.astype(np.float32))
    g = np.hypot(gy, gx)
    return np.argwhere(g >= np.quantile(g, 1.0 - share))


def _crop_sampler(large: list[Item], crop: int, rng: np.random.Generator, per_image: int, edge_share: float = 0.0,
                  edges: dict | None = None):
    """Crops (img, mask-or-zeros, label) from large images, for one epoch.  ``edge_share``: the share of the
    crops not centred on a defect that are centred on an edge of the part instead of anywhere (hard negatives;
    ``edges`` caches the edge points per image)."""
    xs, ms, ys = [], [], []
    for it in large:
        h, w = it.image.shape
        ch, cw = min(crop, h - h % 8 or h), min(crop, w - w % 8 or w)
        mask = it.mask
        if it.label == 1 and mask is None:
            continue                       # handled whole-image (MIL)
        pos = np.argwhere(mask > 0) if mask is not None else np.zeros((0, 2), int)
        for j in range(per_image):
            if len(pos) and j % 2 == 0:     # half the crops of a defect image centred near a defect
                cy, cx = pos[rng.integers(len(pos))] + rng.integers(-crop // 4, crop // 4 + 1, 2)
                y0 = int(np.clip(cy - ch // 2, 0, h - ch))
                x0 = int(np.clip(cx - cw // 2, 0, w - cw))
            elif edge_share > 0 and rng.random() < edge_share:
                ep = edges.get(id(it)) if edges is not None else None
                if ep is None:
                    ep = _edge_points(it.image)
                    if edges is not None:
                        edges[id(it)] = ep
                cy, cx = ep[rng.integers(len(ep))] + rng.integers(-crop // 4, crop // 4 + 1, 2)
                y0 = int(np.clip(cy - ch // 2, 0, h - ch))
                x0 = int(np.clip(cx - cw // 2, 0, w - cw))
            else:
                y0, x0 = int(rng.integers(0, h - ch + 1)), int(rng.integers(0, w - cw + 1))
            xs.append(it.image[y0:y0 + ch, x0:x0 + cw])
            mc = mask[y0:y0 + ch, x0:x0 + cw] if mask is not None else np.zeros((ch, cw), np.uint8)
            ms.append(mc)
            ys.append(int(mc.any()))
    return xs, ms, ys


def fit(items: list[Item], out_path=None, *, epochs: int = 40, device: str = "auto", seed: int = 0,
        progress=None, val_fraction: float = 0.2, patience: int = 12, batch_size: int = 64,
        lr: float = 3e-3, weight_decay: float = 5e-4, width: int | None = None, extra: int | None = None,
        dropout: float = 0.1, label_smoothing: float | None = None, input_size: int = 32, crop_size: int = 64,
        crops_per_image: int = 8, target_miss_rate: float = 0.01, target_false_ng: float = 0.01,
        tta: bool | str = "auto", aug: dict | None = None, intensity: str = "linear", val_items: list[Item] | None = None, data_fingerprint: str | None = None,
        model_version: str | None = None, log=None, threads: int | None = None,
        arch: dict | None = None, edge_share: float = 0.0) -> TrainResult:
    """Train on in-memory ``items`` (see :func:`load_items`); the validation split is carved
    from them (grouped, stratified) unless ``val_items`` is given. ``arch``: further options of
    :func:`vision.model.build_model` (e.g. ``{"residual": False}``).

    ``width``, ``extra``, ``label_smoothing`` default by the data: patches only (every image at most the input
    size, like the GDXray patches) train the larger network, width 64 with two extra blocks and no label smoothing
    (grouped 5-fold cross-validation on GDXray: AUROC 0.994, accuracy 97.0 % at the score 0.5, against 0.985 and
    92.5 % for the smaller one; a patch costs nothing to score); data with whole radiographs train width 32, one
    extra block, smoothing 0.05 (the cost per 512 x 512 radiograph grows with the width)."""
    import torch
    import torch.nn.functional as F

    from .evaluate import auroc, calibrate, metrics_from_scores
    from .model import (build_model, intensity_transform, lse_pool, new_meta, pick_device, predict,
                        save_model, set_threads)

    t_start = time.perf_counter()
    set_threads(threads)
    dev = pick_device(device)
    _seed_all(seed, torch)
    prev_det = torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(True, warn_only=True)
    try:
        labels = [it.label for it in items]
        if len(set(labels)) < 2:
            raise ValueError("training needs both ok and defect images")
        if val_items is None:
            tr_idx, va_idx = split_groups(items, val_fraction, seed)
            train_items = [items[i] for i in tr_idx]
            val_items = [items[i] for i in va_idx]
        else:
            train_items = list(items)
        if len({it.label for it in val_items}) < 2:
            raise ValueError("the validation split lacks ok or defect images: add more images")
        if intensity not in ("linear", "log"):
            raise ValueError(f"intensity must be linear or log, not {intensity!r}")
        # the network sees transformed intensities; val images are transformed inside predict()
        train_items = [dataclasses.replace(it, image=intensity_transform(it.image, intensity))
                       for it in train_items]
        patches = [it for it in train_items if max(it.image.shape) <= input_size]
        large = [it for it in train_items if max(it.image.shape) > input_size]
        patch_only = not large
        width = (64 if patch_only else 32) if width is None else int(width)
        extra = (2 if patch_only else 1) if extra is None else int(extra)
        label_smoothing = (0.0 if patch_only else 0.05) if label_smoothing is None else float(label_smoothing)
        mil = [it for it in large if it.label == 1 and it.mask is None]
        all_px = np.concatenate([it.image.reshape(-1)[:: max(1, it.image.size // 4096)] for it in train_items])
        norm = {"mode": intensity, "mean": float(all_px.mean()), "std": float(max(all_px.std(), 1e-3))}

        model = build_model(dict(arch or {}, width=width, extra=extra, dropout=dropout)).to(dev)
        meta = new_meta(model, input_size=input_size, normalisation=norm, seed=seed, tta=False,
                        model_version=model_version, data_fingerprint=data_fingerprint)
        gen = torch.Generator().manual_seed(seed)
        rng = np.random.default_rng(seed)

        xp = torch.from_numpy(np.stack([it.image for it in patches])[:, None]) if patches else None
        yp = torch.tensor([float(it.label) for it in patches]) if patches else None
        n_crops_est = len([it for it in large if not (it.label == 1 and it.mask is None)]) * crops_per_image
        steps = math.ceil(len(patches) / batch_size) + math.ceil(n_crops_est / batch_size) + len(mil)
        steps = max(steps, 1)
        opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=weight_decay)
        sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=lr, total_steps=epochs * steps + 8,
                                                    pct_start=0.15, anneal_strategy="cos",
                                                    div_factor=10.0, final_div_factor=100.0)
        eps = float(label_smoothing)
        aug_kw = {"shift": 2, "noise": 0.03, "contrast": 0.2, "brightness": 0.06}
        aug_kw.update(aug or {})

        def smooth(y):
            return y * (1 - eps) + 0.5 * eps

        def step(x01, y, m=None):
            x, m = augment(x01, torch, gen, m, **aug_kw)
            x = (x - norm["mean"]) / norm["std"]
            lm = model(x)
            loss = F.binary_cross_entropy_with_logits(lse_pool(lm), smooth(y))
            if m is not None:
                tgt = F.max_pool2d(m.float(), 8, 8, ceil_mode=True)[:, :, :lm.shape[-2], :lm.shape[-1]]
                loss = loss + F.binary_cross_entropy_with_logits(lm, smooth(tgt))
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if sched.last_epoch < sched.total_steps - 1:
                sched.step()
            return float(loss.detach())

        history, best, best_state, best_epoch, bad = [], None, None, 0, 0
        edge_cache: dict = {}
        val_imgs = [it.image for it in val_items]
        val_y = np.array([it.label for it in val_items])
        stopped = False
        for epoch in range(1, epochs + 1):
            model.train()
            losses = []
            if xp is not None:
                perm = torch.randperm(len(patches), generator=gen)
                for s in range(0, len(perm), batch_size):
                    check(progress)
                    idx = perm[s:s + batch_size]
                    if len(idx) < 2:
                        continue
                    losses.append(step(xp[idx].to(dev), yp[idx].to(dev)))
            if large:
                cx, cm, cy = _crop_sampler(large, crop_size, rng, crops_per_image, edge_share, edge_cache)
                shapes: dict = {}
                for i, a in enumerate(cx):
                    shapes.setdefault(a.shape, []).append(i)
                for shape, idx in shapes.items():
                    idx = [idx[j] for j in rng.permutation(len(idx))]
                    for s in range(0, len(idx), batch_size):
                        check(progress)
                        ch = idx[s:s + batch_size]
                        if len(ch) < 2:
                            continue
                        x = torch.from_numpy(np.stack([cx[i] for i in ch])[:, None]).to(dev)
                        m = torch.from_numpy(np.stack([cm[i] for i in ch])[:, None].astype(np.float32)).to(dev)
                        y = torch.tensor([float(cy[i]) for i in ch], device=dev)
                        losses.append(step(x, y, m))
                for it in [mil[j] for j in rng.permutation(len(mil))]:
                    check(progress)
                    x = torch.from_numpy(it.image[None, None].copy()).to(dev)
                    losses.append(step(x, torch.ones(1, device=dev)))
            model.eval()
            vs, _ = predict(model, meta, val_imgs, device=dev, tta=False, batch_size=256)
            v = np.clip(vs.astype(np.float64), 1e-6, 1 - 1e-6)
            vloss = float(-np.mean(val_y * np.log(v) + (1 - val_y) * np.log(1 - v)))
            vauc = auroc(vs, val_y)
            rec = {"epoch": epoch, "loss": float(np.mean(losses)) if losses else float("nan"),
                   "val_loss": vloss, "val_auroc": vauc, "lr": float(opt.param_groups[0]["lr"])}
            history.append(rec)
            key = (round(vauc, 4), -vloss)
            if best is None or key > best:
                best, best_epoch, bad = key, epoch, 0
                best_state = copy.deepcopy(model.state_dict())
            else:
                bad += 1
            msg = _EPOCH.format(epoch, epochs, f"{rec['loss']:.4f}", f"{vloss:.4f}", f"{vauc:.4f}")
            update(progress, epoch / epochs, msg, **rec)
            if log:
                log(msg)
            if bad >= patience:
                stopped = True
                break
        model.load_state_dict(best_state)
        model.eval()
        vs, _ = predict(model, meta, val_imgs, device=dev, tta=False, batch_size=256)
        tta_check = {"val_auroc_no_tta": auroc(vs, val_y)}
        use_tta = False
        if tta == "auto" or tta is True:
            vs_tta, _ = predict(model, meta, val_imgs, device=dev, tta=True, batch_size=256)
            tta_check["val_auroc_tta"] = auroc(vs_tta, val_y)
            # "auto": the 8 dihedral passes only where they help on the validation split
            use_tta = tta is True or tta_check["val_auroc_tta"] > tta_check["val_auroc_no_tta"]
            if use_tta:
                vs = vs_tta
        meta["tta"] = bool(use_tta)
        thr = calibrate(vs, val_y, target_miss_rate, target_false_ng)
        vm = metrics_from_scores(vs, val_y, thr["warn"])
        meta["thresholds"] = thr
        meta["metrics"] = {"val_auroc": vm["auroc"], "val_accuracy": vm["accuracy"],
                           "val_precision": vm["precision"], "val_recall": vm["recall"],
                           "val_confusion": vm["confusion"], "n_train": len(train_items),
                           "n_val": len(val_items), "best_epoch": best_epoch, **tta_check}
        meta["train_config"] = {"epochs": epochs, "epochs_run": len(history), "batch_size": batch_size,
                                "lr": lr, "weight_decay": weight_decay, "optimizer": "AdamW",
                                "schedule": "OneCycle(cos)", "label_smoothing": eps, "patience": patience,
                                "val_fraction": val_fraction, "crop_size": crop_size,
                                "crops_per_image": crops_per_image, "edge_share": edge_share, "device": dev.type,
                                "augment": dict(aug_kw, dihedral=8), "width": width, "extra": extra}
        path = None
        if out_path is not None:
            path = str(save_model(model, meta, out_path))
        return TrainResult(path, meta, history, best_epoch, len(history), stopped, dev.type,
                           time.perf_counter() - t_start, model=model)
    finally:
        torch.use_deterministic_algorithms(prev_det)


def train(data_dir, out_path, epochs: int = 40, device: str = "auto", seed: int = 0, progress=None,
          val_fraction: float = 0.2, patience: int = 12, **kw) -> TrainResult:
    """Train from ``DIR/ok``, ``DIR/defect`` (+ optional ``DIR/masks``) and save to ``out_path``.
    Unreadable images are skipped and listed in ``TrainResult.skipped``. Raises
    :class:`vision.progress.Cancelled` when the progress token is cancelled (nothing is written)."""
    from .model import data_fingerprint

    update(progress, 0.0, _READING_IMAGES)
    items, skipped, paths = load_items(data_dir, kw.get("input_size", 32), progress)
    if not items:
        raise ValueError(f"{data_dir}: no readable images in ok/ and defect/")
    res = fit(items, out_path, epochs=epochs, device=device, seed=seed, progress=progress,
              val_fraction=val_fraction, patience=patience, data_fingerprint=data_fingerprint(paths), **kw)
    res.skipped = skipped
    return res


__all__ = ["train", "fit", "load_items", "collect_samples", "split_groups", "TrainResult", "Item",
           "Cancelled"]
