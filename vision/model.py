"""InspectNet: a compact fully convolutional defect detector, trained from scratch.

One network, one code path for a 32x32 patch and a full radiograph::

    x (N,1,H,W), normalised  ->  8x8 stride-4 conv  ->  depthwise-separable 3x3 blocks, one of
    them stride 2 (total stride 8)  ->  1x1 conv  ->  logit map (N,1,ceil(H/8),ceil(W/8))

* heatmap: sigmoid of the logit map; each cell scores a 72 px receptive field centred on it.
* image score: sigmoid(max of the logit map) (= the heatmap peak). Training uses a log-sum-exp
  pooling (a smooth max, r=8) of the same map, plus a dense per-cell loss where masks exist.
* A 32x32 patch gives a 4x4 map; a 512x512 image a 64x64 map in one pass (the convolution is the
  tiling: every cell is a patch classifier applied at an 8 px pitch, sharing all computation).
* Speed: no layer runs at full resolution (the stem convolves 8x8 windows at a 4 px pitch), the
  3x3 layers are depthwise-separable, and :func:`fuse_for_inference` folds BatchNorm into the
  convolutions at load. Plain eager PyTorch: nothing is compiled at run time.
* Test-time augmentation (``tta=True``) averages the logit maps over the 8 dihedral transforms
  (flips and 90-degree rotations), mapped back to the original orientation.
* Model files of the first architecture (arch name ``InspectNet``: pixel-unshuffle + dense 3x3
  convolutions, ~10x the compute) still load (:class:`InspectNetV1`).

Model file (``save_model``/``load_model``): ``torch.save`` of a dict of plain types and tensors::

    {"format": "lineside-vision-model", "format_version": 1, "state_dict": {...}, "meta": {...}}

``meta`` holds: model_version, created (ISO UTC), arch {name, width, ...}, input_size, stride,
normalisation {mean, std}, data_fingerprint, metrics, thresholds {warn, ng, rule}, train_config,
seed, torch_version. It loads with ``torch.load(weights_only=True)``.
"""
from __future__ import annotations

import copy
import hashlib
import math
import os
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

FORMAT = "lineside-vision-model"
FORMAT_VERSION = 1
STRIDE = 8

from .preprocess import prepare_image  # noqa: E402  (numpy only; re-exported, the ONNX engine needs no torch)


class ModelFileError(Exception):
    """A model file that is missing, corrupt or of an unknown format/version."""


def _cbr(cin: int, cout: int, stride: int = 1, kernel: int = 3, groups: int = 1,
         padding: int | None = None) -> list[nn.Module]:
    pad = kernel // 2 if padding is None else padding
    return [nn.Conv2d(cin, cout, kernel, stride, pad, groups=groups, bias=False), nn.BatchNorm2d(cout),
            nn.ReLU(inplace=True)]


class SeparableBlock(nn.Module):
    """Depthwise 3x3 conv-BN-ReLU (spatial), pointwise 1x1 conv-BN (channel mixing), ReLU; with an
    identity shortcut around both when the shape is unchanged (``residual``)."""

    def __init__(self, cin: int, cout: int, stride: int = 1, residual: bool = True):
        super().__init__()
        self.dw = nn.Sequential(*_cbr(cin, cin, stride, 3, groups=cin))
        self.pw = nn.Sequential(*_cbr(cin, cout, 1, 1)[:2])
        self.residual = bool(residual) and stride == 1 and cin == cout

    def forward(self, x):
        y = self.pw(self.dw(x))
        return F.relu(y + x if self.residual else y, inplace=True)


def _pad_to_stride(x):
    """Pad the bottom/right to a multiple of the stride (reflect keeps the border statistics)."""
    h, w = x.shape[-2:]
    ph, pw = (-h) % STRIDE, (-w) % STRIDE
    if ph or pw:
        mode = "reflect" if (ph < h and pw < w) else "replicate"
        x = F.pad(x, (0, pw, 0, ph), mode=mode)
    return x


class InspectNet(nn.Module):
    """Fully convolutional detector; ``forward`` returns the logit map at stride 8.

    Layout (``width`` w = 32: 24/32/64/96 channels, ~30 k parameters, ~0.13 GMAC for 512x512)::

        conv 8x8 stride 4 (1 -> 3w/4)            overlapping 8 px patches, no full-resolution layer
        separable 3x3 (3w/4 -> w)                stride 4
        separable 3x3 stride 2 (w -> 2w)         stride 8
        separable 3x3 (2w -> 2w), (2w -> 3w), ``extra`` x (3w -> 3w)
        dropout, 1x1 conv (3w -> 1)              logit map

    Receptive field of one cell: 72 px (a 32x32 patch is seen whole by every cell of its 4x4 map).
    """

    def __init__(self, width: int = 32, extra: int = 1, dropout: float = 0.1, residual: bool = True):
        super().__init__()
        w = int(width)
        c0, c1, c2, c3 = max(4, (3 * w) // 4), w, 2 * w, 3 * w
        layers: list[nn.Module] = _cbr(1, c0, 4, 8, padding=2)
        shapes = [(c0, c1, 1), (c1, c2, 2), (c2, c2, 1), (c2, c3, 1)] + [(c3, c3, 1)] * int(extra)
        layers += [SeparableBlock(a, b, st, residual) for a, b, st in shapes]
        self.features = nn.Sequential(*layers)
        self.dropout = nn.Dropout2d(dropout) if dropout > 0 else nn.Identity()
        self.head = nn.Conv2d(c3, 1, 1)
        self.arch = {"name": "InspectNet2", "width": w, "extra": int(extra), "dropout": float(dropout),
                     "residual": bool(residual)}

    def forward(self, x):
        return self.head(self.dropout(self.features(_pad_to_stride(x))))


class InspectNetV1(nn.Module):
    """The first architecture (model files with arch name ``InspectNet``), kept so such files
    still load: pixel-unshuffle(2) then dense 3x3 conv-BN-ReLU layers (~1.3 GMAC for 512x512)."""

    def __init__(self, width: int = 32, extra: int = 1, dropout: float = 0.1):
        super().__init__()
        w = int(width)
        c1, c2, c3, c4 = w, (3 * w) // 2, 2 * w, 3 * w
        layers: list[nn.Module] = [nn.PixelUnshuffle(2)]
        layers += _cbr(4, c1) + _cbr(c1, c2, 2) + _cbr(c2, c3) + _cbr(c3, c4, 2)
        for _ in range(int(extra)):
            layers += _cbr(c4, c4)
        self.features = nn.Sequential(*layers)
        self.dropout = nn.Dropout2d(dropout) if dropout > 0 else nn.Identity()
        self.head = nn.Conv2d(c4, 1, 1)
        self.arch = {"name": "InspectNet", "width": w, "extra": int(extra), "dropout": float(dropout)}

    def forward(self, x):
        return self.head(self.dropout(self.features(_pad_to_stride(x))))


ARCHITECTURES = {"InspectNet2": InspectNet, "InspectNet": InspectNetV1}


def build_model(arch: dict | None = None) -> nn.Module:
    """The network named by ``arch["name"]`` (default: the current ``InspectNet2``)."""
    a = dict(arch or {})
    name = a.pop("name", "InspectNet2")
    if name not in ARCHITECTURES:
        raise ModelFileError(f"unknown architecture {name!r}")
    return ARCHITECTURES[name](**a)


def _fold_batchnorm(seq: nn.Sequential) -> nn.Sequential:
    from torch.nn.utils.fusion import fuse_conv_bn_eval

    mods, out, i = list(seq), [], 0
    while i < len(mods):
        m = mods[i]
        if isinstance(m, nn.Conv2d) and i + 1 < len(mods) and isinstance(mods[i + 1], nn.BatchNorm2d):
            out.append(fuse_conv_bn_eval(m, mods[i + 1]))
            i += 2
        else:
            out.append(m)
            i += 1
    return nn.Sequential(*out)


def fuse_for_inference(model: nn.Module) -> nn.Module:
    """Fold every BatchNorm into the convolution before it (eval statistics) and drop dropout:
    the same function with fewer layers. Returns a new eval-mode module; ``model`` is untouched."""
    fused = copy.deepcopy(model).eval()

    def visit(parent: nn.Module) -> None:
        for name, child in parent.named_children():
            if isinstance(child, nn.Sequential):
                child = _fold_batchnorm(child)
                setattr(parent, name, child)
            elif isinstance(child, nn.Dropout2d):
                setattr(parent, name, nn.Identity())
                continue
            visit(child)

    visit(fused)
    return fused


def lse_pool(logit_map, r: float = 8.0):
    """Smooth max over the map: (1/r) * log(mean(exp(r * x))), shape (N,)."""
    flat = logit_map.flatten(1)
    return (torch.logsumexp(r * flat, dim=1) - math.log(flat.shape[1])) / r


def max_pool(logit_map):
    return logit_map.flatten(1).amax(dim=1)


# ------------------------------------------------------------------ dihedral test-time augmentation
def dihedral(x, k: int):
    """Transform k in 0..7 of the last two dims: rot90 by k%4, then flip W when k >= 4."""
    y = torch.rot90(x, k % 4, dims=(-2, -1))
    return torch.flip(y, dims=(-1,)) if k >= 4 else y


def dihedral_inverse(y, k: int):
    if k >= 4:
        y = torch.flip(y, dims=(-1,))
    return torch.rot90(y, -(k % 4), dims=(-2, -1))


def logit_map(model, x, tta: bool = False):
    """Logit map of a normalised batch; with ``tta`` the mean over the 8 dihedral transforms
    (needs H, W multiples of 8 for an exact inverse; otherwise falls back to no TTA)."""
    if not tta or x.shape[-1] % STRIDE or x.shape[-2] % STRIDE:
        return model(x)
    acc = None
    for k in range(8):
        m = dihedral_inverse(model(dihedral(x, k)), k)
        acc = m if acc is None else acc + m
    return acc / 8.0


def normalise(x, meta: dict):
    """The network input from a batch of prepared [0, 1] images (a new tensor; ``x`` is not
    changed): the intensity transform of ``meta["normalisation"]["mode"]`` (see
    :func:`intensity_transform`) then ``(v - mean) / std``, fused into one affine step after the
    log for the ``log`` mode (one pass fewer over the image than numpy + torch)."""
    n = meta.get("normalisation") or {}
    mean, std = float(n.get("mean", 0.5)), float(n.get("std", 0.25))
    if n.get("mode", "linear") == "log":
        v = x.clamp(1e-3, 1.0).log_()
        return v.mul_(-1.0 / (math.log(1000.0) * std)).sub_(mean / std)
    return (x - mean) / std


# --------------------------------------------------------------------------------- model files
def data_fingerprint(paths) -> str:
    """sha256 over sorted (file name, size) pairs: identifies the training data set."""
    h = hashlib.sha256()
    for p in sorted(Path(x) for x in paths):
        try:
            size = p.stat().st_size
        except OSError:
            size = -1
        h.update(f"{p.parent.name}/{p.name}:{size}\n".encode())
    return h.hexdigest()[:16]


def new_meta(model: InspectNet, **kw) -> dict:
    now = datetime.now(timezone.utc)
    meta = {
        "model_version": kw.pop("model_version", None) or now.strftime("v%Y%m%d-%H%M%S"),
        "created": now.isoformat(timespec="seconds"),
        "arch": dict(model.arch),
        "input_size": 32,
        "stride": STRIDE,
        "score": "sigmoid(max logit map)",
        "normalisation": {"mean": 0.5, "std": 0.25},
        "data_fingerprint": None,
        "metrics": {},
        "thresholds": {"warn": 0.5, "ng": 0.5, "rule": "uncalibrated"},
        "train_config": {},
        "seed": None,
        "torch_version": str(torch.__version__),
    }
    meta.update(kw)
    return meta


def _plain(obj):
    """Make metadata safe for weights_only loading (dict/list/str/int/float/bool/None)."""
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, (np.integer,)):
        return int(obj)
    if isinstance(obj, (np.floating,)):
        return float(obj)
    if isinstance(obj, bool) or obj is None:
        return obj
    if isinstance(obj, str):
        return str(obj)            # e.g. torch.__version__ is a str subclass weights_only refuses
    if isinstance(obj, int):
        return int(obj)
    if isinstance(obj, float):
        return float(obj)
    return str(obj)


def save_model(model: InspectNet, meta: dict, path) -> Path:
    """Write atomically (temp file + rename)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    sd = {k: v.detach().to("cpu").clone() for k, v in model.state_dict().items()}
    payload = {"format": FORMAT, "format_version": FORMAT_VERSION, "state_dict": sd, "meta": _plain(meta)}
    tmp = p.with_name(p.name + f".tmp{os.getpid()}")
    torch.save(payload, tmp)
    os.replace(tmp, p)
    return p


def read_model_file(path) -> dict:
    p = Path(path)
    if not p.is_file():
        raise ModelFileError(f"{p}: no such model file")
    try:
        payload = torch.load(p, map_location="cpu", weights_only=True)
    except Exception as exc:  # corrupt zip, pickle refused, truncated file...
        raise ModelFileError(f"{p}: not a readable model file ({type(exc).__name__}: {exc})") from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ModelFileError(f"{p}: not a Lineside vision model file")
    if int(payload.get("format_version", 0)) > FORMAT_VERSION:
        raise ModelFileError(f"{p}: model format {payload.get('format_version')} is newer than this "
                             f"Lineside (reads up to {FORMAT_VERSION}): update Lineside")
    return payload


def read_meta(path) -> dict:
    return read_model_file(path)["meta"]


def load_model(path, device="cpu") -> tuple[InspectNet, dict]:
    """(model in eval mode on ``device``, meta). Raises ModelFileError."""
    payload = read_model_file(path)
    meta = payload["meta"]
    model = build_model(meta.get("arch"))
    try:
        model.load_state_dict(payload["state_dict"])
    except RuntimeError as exc:
        raise ModelFileError(f"{path}: weights do not match the architecture ({exc})") from None
    return model.to(device).eval(), meta


def pick_device(device: str = "auto") -> "torch.device":
    d = (device or "auto").lower()
    if d == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if d.startswith("cuda") and not torch.cuda.is_available():
        raise RuntimeError("--device cuda requested but CUDA is not available on this machine")
    return torch.device(d)


def count_parameters(model) -> int:
    return int(sum(p.numel() for p in model.parameters()))


def set_threads(n: int | None = None) -> None:
    """Cap intra-op threads (the HMI shares the CPU with the GUI, the poller and the historian).

    ``LINESIDE_TORCH_THREADS`` when set (the operator's cap wins), else ``n``, else min(2, cores)."""
    env = os.environ.get("LINESIDE_TORCH_THREADS")
    n = int(env) if env else (int(n) if n else min(2, os.cpu_count() or 1))
    if torch.get_num_threads() != n:
        torch.set_num_threads(n)



# ------------------------------------------------------------------------------ shared scoring
def intensity_transform(a: np.ndarray, mode: str = "linear") -> np.ndarray:
    """``linear``: as read. ``log``: attenuation domain -ln(I)/ln(1000) (I clipped to [1e-3, 1]),
    linear in material thickness, so a void changes the value by the same amount in thin and thick
    sections (the usual choice for raw detector images; display-mapped 8-bit patches stay linear)."""
    if mode == "log":
        return (-np.log(np.clip(a, 1e-3, 1.0)) / np.log(1000.0)).astype(np.float32)
    return a


def autocast_for(device, half: bool = True):
    """fp16 autocast on CUDA (tensor cores, half the memory traffic); a no-op context on the CPU
    (CPU fp16/bf16 convolutions are slower than fp32 for this network and change the scores)."""
    dev = torch.device(device)
    return torch.autocast("cuda", dtype=torch.float16, enabled=bool(half) and dev.type == "cuda")


def predict(model, meta: dict, images, device="cpu", tta: bool = False, batch_size: int = 64,
            want_maps: bool = False, channels_last: bool = False, half: bool = False):
    """Scores (probabilities) for a list of float [0, 1] arrays; same-shaped images are batched.

    Returns ``(scores np.ndarray (N,), maps list[np.ndarray | None])``; maps are the sigmoid
    heatmaps at stride 8 (cropped to ceil(H/8) x ceil(W/8)) when ``want_maps``. ``half``: fp16
    autocast when ``device`` is CUDA (ignored on the CPU); scores and maps are returned as float32.
    """
    dev = torch.device(device)
    prepped = [prepare_image(im, meta) for im in images]   # patch-size resize
    scores = np.zeros(len(prepped), np.float32)
    maps: list = [None] * len(prepped)
    by_shape: dict = {}
    for i, a in enumerate(prepped):
        by_shape.setdefault(a.shape, []).append(i)
    with torch.inference_mode():
        for shape, idx in by_shape.items():
            for s in range(0, len(idx), batch_size):
                chunk = idx[s:s + batch_size]
                x = torch.from_numpy(np.stack([prepped[i] for i in chunk])[:, None]).to(dev)
                x = normalise(x, meta)
                if channels_last:
                    x = x.contiguous(memory_format=torch.channels_last)
                with autocast_for(dev, half):
                    lm = logit_map(model, x, tta=tta)
                lm = lm.float()
                sc = torch.sigmoid(max_pool(lm)).cpu().numpy()
                scores[chunk] = sc
                if want_maps:
                    hm = torch.sigmoid(lm[:, 0]).cpu().numpy()
                    for j, i in enumerate(chunk):
                        maps[i] = hm[j]
    return scores, maps


def export_onnx(model_path, out=None) -> Path:
    """Export a model file to ONNX for the stations' ONNX Runtime engine (:class:`vision.infer.OnnxEngine`):
    ``<stem>.onnx`` (opset 17, dynamic batch and image size; BatchNorm folded, as the torch engine runs it)
    and ``<stem>.onnx.json`` (the model's meta: thresholds, normalisation, input size; ``stride``; the SHA-256 of
    the model file it was made from, so that a retrained model never runs with a stale export).  Needs
    torch and the ``onnx`` package (the training PC's install).  Returns the ONNX path."""
    import json

    from .infer import file_sha256, onnx_files

    model, meta = load_model(model_path, "cpu")
    model = fuse_for_inference(model).eval()
    onnx, side = onnx_files(out or model_path)
    tmp = onnx.with_name(f".{onnx.name}.tmp{os.getpid()}")
    x = torch.zeros(1, 1, 256, 256)
    import warnings

    with torch.inference_mode(), warnings.catch_warnings():
        # the tracer warns about the stride padding's Python branch: the ONNX engine pads before the graph
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (x,), str(tmp), dynamo=False, input_names=["x"], output_names=["logits"],
                          dynamic_axes={"x": {0: "n", 2: "h", 3: "w"}, "logits": {0: "n", 2: "mh", 3: "mw"}},
                          opset_version=17)
    side.write_text(json.dumps({**meta, "stride": STRIDE, "source_sha256": file_sha256(model_path)}, default=str,
                               sort_keys=True), encoding="utf-8")
    os.replace(tmp, onnx)
    return onnx
