"""Inference: ``InferenceEngine(model_path, device="auto", batch_size=8)``.

* ``infer_paths(paths) -> [dict(image, score, verdict, heatmap, error)]``: an unreadable image
  gives ``{"score": None, "verdict": None, "error": "..."}``, never an exception.
* ``infer_array(img)``: one float [0, 1] (or uint8/uint16) array -> the same dict.
* ``submit(path) -> concurrent.futures.Future`` (one background thread; the UI never waits).
* GPU when present (``device="auto"``); if CUDA fails at run time the engine moves to the CPU,
  logs a warning and reports it in ``engine.fallback_reason``.
* Dense inference: the whole image goes through the fully convolutional net once (stride-8
  heatmap); images of the same shape are batched. torch.inference_mode + channels_last.

Verdict: ``score < warn`` -> "ok", ``warn <= score < ng`` -> "warn", ``score >= ng`` -> "ng".
"""
from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import numpy as np

from .evaluate import verdict as _verdict
from .io import ImageError, read_image

log = logging.getLogger("lineside.vision")


def _as_float01(img) -> np.ndarray:
    a = np.asarray(img)
    if a.ndim == 3:
        a = a.mean(axis=2) if a.shape[2] in (3, 4) else a[:, :, 0]
    if a.dtype == np.uint8:
        return a.astype(np.float32) / 255.0
    if a.dtype == np.uint16:
        return a.astype(np.float32) / 65535.0
    return np.clip(a.astype(np.float32), 0.0, 1.0)


class InferenceEngine:
    def __init__(self, model_path, device: str = "auto", batch_size: int = 8, tta: bool | None = None,
                 heatmaps: bool = True, threads: int | None = None):
        import torch

        from .model import load_model, pick_device, set_threads

        set_threads(threads)
        self.model_path = str(model_path)
        self.device = pick_device(device)
        self.fallback_reason: str | None = None
        self.model, self.meta = load_model(model_path, "cpu")
        self._to_device(self.device)
        self.batch_size = max(1, int(batch_size))
        # TTA costs 8 passes: default off for large images (speed), on when the model was trained with it
        self.tta = bool(self.meta.get("tta", False)) if tta is None else bool(tta)
        self.heatmaps = heatmaps
        self.thresholds = dict(self.meta["thresholds"])
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._torch = torch

    # ------------------------------------------------------------------ device handling
    def _to_device(self, dev) -> None:
        import torch

        self.model = self.model.to(dev)
        if dev.type == "cpu":
            self.model = self.model.to(memory_format=torch.channels_last)
        self.device = dev

    def _fallback(self, exc: Exception) -> None:
        import torch

        self.fallback_reason = f"CUDA failed ({type(exc).__name__}: {exc}); running on the CPU"
        log.warning("vision: %s", self.fallback_reason)
        self._to_device(torch.device("cpu"))

    def _predict(self, arrays: list[np.ndarray]):
        from .model import predict

        kw = dict(tta=self.tta and max(max(a.shape) for a in arrays) <= 1.5 * self.meta.get("input_size", 32),
                  batch_size=self.batch_size, want_maps=self.heatmaps)
        with self._lock:
            try:
                return predict(self.model, self.meta, arrays, device=self.device,
                               channels_last=self.device.type == "cpu", **kw)
            except RuntimeError as exc:
                if self.device.type != "cuda":
                    raise
                self._fallback(exc)
                return predict(self.model, self.meta, arrays, device=self.device, channels_last=True, **kw)

    # ---------------------------------------------------------------------------- API
    def verdict(self, score: float) -> str:
        return _verdict(score, self.thresholds)

    def _entry(self, name, score, heat, error=None) -> dict:
        if error is not None:
            return {"image": name, "score": None, "verdict": None, "heatmap": None, "error": error}
        return {"image": name, "score": float(score), "verdict": self.verdict(float(score)),
                "heatmap": heat, "error": None}

    def infer_arrays(self, arrays, names=None) -> list[dict]:
        arrays = [_as_float01(a) for a in arrays]
        names = names or [f"array{i}" for i in range(len(arrays))]
        if not arrays:
            return []
        scores, maps = self._predict(arrays)
        return [self._entry(n, s, m) for n, s, m in zip(names, scores, maps)]

    def infer_array(self, img, name: str = "array") -> dict:
        return self.infer_arrays([img], [name])[0]

    def infer_paths(self, paths) -> list[dict]:
        """One entry per path, in order; unreadable files give an error entry."""
        out: list = [None] * len(paths)
        arrays, idx = [], []
        for i, p in enumerate(paths):
            try:
                arrays.append(read_image(p)[0])
                idx.append(i)
            except ImageError as exc:
                out[i] = self._entry(str(p), None, None, str(exc))
        for s in range(0, len(arrays), 64):       # bound memory for long lists
            res = self.infer_arrays(arrays[s:s + 64], [str(paths[i]) for i in idx[s:s + 64]])
            for j, r in zip(idx[s:s + 64], res):
                out[j] = r
        return out

    def infer_path(self, path) -> dict:
        return self.infer_paths([path])[0]

    def submit(self, path) -> Future:
        """Run :meth:`infer_path` on the engine's single background thread."""
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lineside-vision")
        return self._pool.submit(self.infer_path, path)

    def submit_array(self, img, name: str = "array") -> Future:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lineside-vision")
        return self._pool.submit(self.infer_array, img, name)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def time_per_image(self, shape=(512, 512), n: int = 20, batch: int = 1) -> float:
        """Measured ms per image of ``shape``: median over ``n`` timed calls after a warm-up
        (the median resists other processes sharing the CPU)."""
        rng = np.random.default_rng(0)
        arrays = [rng.random(shape, dtype=np.float32) for _ in range(batch)]
        for _ in range(3):
            self._predict(arrays)
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            self._predict(arrays)          # returns numpy arrays: the device work is finished
            times.append(time.perf_counter() - t0)
        return float(np.median(times)) * 1000.0 / batch


def heatmap_to_image(heat: np.ndarray, shape) -> np.ndarray:
    """Upsample a stride-8 heatmap to the image ``shape`` (for overlays)."""
    from .preprocess import upsample_heatmap

    return upsample_heatmap(heat, shape)


__all__ = ["InferenceEngine", "heatmap_to_image", "Path"]
