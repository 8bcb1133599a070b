"""Pre-processing: percentile normalisation, CLAHE, window/level, tiling and heatmap reassembly.

All functions take and return numpy arrays (float32 in [0, 1] unless stated); no torch here.
"""
from __future__ import annotations

import math

import numpy as np


def percentile_normalize(img: np.ndarray, lo: float = 0.5, hi: float = 99.5,
                         mask: np.ndarray | None = None) -> np.ndarray:
    """Stretch so the ``lo``/``hi`` percentiles (of ``mask`` pixels if given) map to 0/1; clipped."""
    a = np.asarray(img, dtype=np.float32)
    vals = a[mask > 0] if mask is not None and np.any(mask) else a
    p_lo, p_hi = np.percentile(vals, [lo, hi])
    if p_hi - p_lo < 1e-8:
        return np.zeros_like(a)
    return np.clip((a - p_lo) / (p_hi - p_lo), 0.0, 1.0).astype(np.float32)


def clahe(img: np.ndarray, clip_limit: float = 2.0, tiles: int = 8) -> np.ndarray:
    """Contrast-limited adaptive histogram equalisation on 16-bit precision; returns float [0, 1]."""
    import cv2

    a = np.asarray(img, dtype=np.float32)
    u16 = np.round(np.clip(a, 0.0, 1.0) * 65535.0).astype(np.uint16)
    op = cv2.createCLAHE(clipLimit=float(clip_limit), tileGridSize=(int(tiles), int(tiles)))
    return op.apply(u16).astype(np.float32) / 65535.0


def window_level(img: np.ndarray, window: float, level: float, *, bit_depth: int | None = None) -> np.ndarray:
    """Display mapping -> uint8: values in ``[level - window/2, level + window/2]`` span 0..255.

    ``window``/``level`` are in the units of ``img`` (e.g. raw 16-bit counts when ``img`` is uint16,
    or [0, 1] floats). ``bit_depth`` is accepted for symmetry with the reader metadata.
    """
    a = np.asarray(img, dtype=np.float32)
    w = max(float(window), 1e-12)
    lo = float(level) - w / 2.0
    return np.round(np.clip((a - lo) / w, 0.0, 1.0) * 255.0).astype(np.uint8)


def auto_window(img: np.ndarray, lo: float = 1.0, hi: float = 99.0) -> tuple[float, float]:
    """(window, level) covering the ``lo``..``hi`` percentiles."""
    p_lo, p_hi = np.percentile(np.asarray(img, dtype=np.float32), [lo, hi])
    return float(max(p_hi - p_lo, 1e-6)), float((p_hi + p_lo) / 2.0)


def tile_positions(height: int, width: int, size: int, stride: int) -> list[tuple[int, int]]:
    """Top-left corners (y, x) of ``size`` tiles every ``stride`` pixels covering the whole image
    (the last row/column is shifted back so it ends on the border). Images smaller than ``size``
    give one tile at (0, 0) (pad them first, see :func:`pad_to`)."""
    def axis(n):
        if n <= size:
            return [0]
        pos = list(range(0, n - size + 1, stride))
        if pos[-1] != n - size:
            pos.append(n - size)
        return pos

    return [(y, x) for y in axis(height) for x in axis(width)]


def pad_to(img: np.ndarray, min_h: int, min_w: int, mode: str = "reflect") -> np.ndarray:
    a = np.asarray(img)
    ph, pw = max(0, min_h - a.shape[0]), max(0, min_w - a.shape[1])
    if ph == 0 and pw == 0:
        return a
    if mode == "reflect" and (ph >= a.shape[0] or pw >= a.shape[1]):
        mode = "edge"
    return np.pad(a, ((0, ph), (0, pw)), mode=mode)


def extract_tiles(img: np.ndarray, size: int = 32, stride: int = 16) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """(N, size, size) tiles and their (y, x) corners."""
    a = pad_to(np.asarray(img, dtype=np.float32), size, size)
    pos = tile_positions(a.shape[0], a.shape[1], size, stride)
    tiles = np.stack([a[y:y + size, x:x + size] for y, x in pos]) if pos else np.zeros((0, size, size), np.float32)
    return tiles, pos


def assemble_heatmap(scores, positions, shape: tuple[int, int], size: int, reduce: str = "max") -> np.ndarray:
    """Spread per-tile ``scores`` back over an image of ``shape``: each pixel gets the max (or mean)
    of the scores of the tiles covering it. Pixels covered by no tile get 0."""
    h, w = shape
    s = np.asarray(scores, dtype=np.float32).reshape(-1)
    if reduce == "max":
        out = np.zeros((h, w), np.float32)
        for v, (y, x) in zip(s, positions):
            region = out[y:y + size, x:x + size]
            np.maximum(region, v, out=region)
        return out
    acc = np.zeros((h, w), np.float32)
    cnt = np.zeros((h, w), np.float32)
    for v, (y, x) in zip(s, positions):
        acc[y:y + size, x:x + size] += v
        cnt[y:y + size, x:x + size] += 1
    return np.where(cnt > 0, acc / np.maximum(cnt, 1), 0).astype(np.float32)


def upsample_heatmap(heat: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Resize a coarse heatmap (e.g. the model's stride-8 map) to the image ``shape`` (bilinear)."""
    import cv2

    h, w = shape
    return cv2.resize(np.asarray(heat, np.float32), (int(w), int(h)), interpolation=cv2.INTER_LINEAR)


def resize(img: np.ndarray, size: int | tuple[int, int]) -> np.ndarray:
    """Resize to ``size`` (int: square; (h, w)) with area interpolation when shrinking."""
    import cv2

    h, w = (size, size) if isinstance(size, int) else size
    a = np.asarray(img, dtype=np.float32)
    if a.shape[:2] == (h, w):
        return a
    interp = cv2.INTER_AREA if (h < a.shape[0] or w < a.shape[1]) else cv2.INTER_LINEAR
    return cv2.resize(a, (int(w), int(h)), interpolation=interp)


def prepare_image(img: np.ndarray, meta: dict) -> np.ndarray:
    """The geometry the network sees: images whose longer side is <= 1.5 x input_size are resized
    to input_size x input_size (patch mode); larger images are used at native resolution. The
    intensity transform and standardisation follow in :func:`normalise_np` (or the model's torch
    ``normalise``)."""
    a = np.asarray(img, dtype=np.float32)
    n = int(meta.get("input_size", 32))
    if max(a.shape[:2]) <= 1.5 * n:
        a = resize(a, n)
    return a


def normalise_np(x: np.ndarray, meta: dict) -> np.ndarray:
    """:func:`vision.model.normalise` in numpy (float32): the intensity transform of
    ``meta["normalisation"]["mode"]`` then ``(v - mean) / std``."""
    n = meta.get("normalisation") or {}
    mean, std = float(n.get("mean", 0.5)), float(n.get("std", 0.25))
    if n.get("mode", "linear") == "log":
        v = np.log(np.clip(x, 1e-3, 1.0, dtype=np.float32))
        return (v * np.float32(-1.0 / (math.log(1000.0) * std)) - np.float32(mean / std)).astype(np.float32)
    return ((x - np.float32(mean)) / np.float32(std)).astype(np.float32)


def pad_to_stride(x: np.ndarray, stride: int) -> np.ndarray:
    """The padding ``InspectNet.forward`` does on H, W (reflect; edge when the image is too small to reflect)."""
    h, w = x.shape[-2:]
    ph, pw = (-h) % stride, (-w) % stride
    if not (ph or pw):
        return x
    mode = "reflect" if (ph < h and pw < w) else "edge"
    return np.pad(x, [(0, 0)] * (x.ndim - 2) + [(0, ph), (0, pw)], mode=mode)
