"""Inference: ``InferenceEngine(model_path, device="auto", batch_size=8)``.

* ``infer_paths(paths) -> [dict(image, score, verdict, heatmap, error)]``: an unreadable image
  gives ``{"score": None, "verdict": None, "error": "..."}``, never an exception.
* ``infer_array(img)``: one float [0, 1] (or uint8/uint16) array -> the same dict.
* ``submit(path) -> concurrent.futures.Future`` (one background thread; the UI never waits).
* GPU when present (``device="auto"``); if CUDA fails at run time the engine moves to the CPU,
  logs a warning and reports it in ``engine.fallback_reason``.
* Dense inference: the whole image goes through the fully convolutional net once (stride-8
  heatmap); images of the same shape are batched. At load the BatchNorm layers are folded into
  the convolutions (:func:`vision.model.fuse_for_inference`); torch.inference_mode, channels_last
  memory format on CPU and CUDA, fp16 autocast on CUDA (``half=True``, the default), intra-op
  threads capped (``threads``, see :func:`vision.model.set_threads`). Eager PyTorch only: nothing
  is compiled at run time, so it works unchanged in the frozen (PyInstaller) application.

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
from .io import ImageError, image_problem, read_image

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
                 heatmaps: bool = True, threads: int | None = None, half: bool = True):
        import torch

        from .model import fuse_for_inference, load_model, pick_device, set_threads

        set_threads(threads)
        self.model_path = str(model_path)
        self.device = pick_device(device)
        self.fallback_reason: str | None = None
        model, self.meta = load_model(model_path, "cpu")
        self.model = fuse_for_inference(model)
        self.half = bool(half)
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

        self.model = self.model.to(dev).to(memory_format=torch.channels_last)
        self.device = dev

    def _fallback(self, exc: Exception) -> None:
        import torch

        self.fallback_reason = f"CUDA failed ({type(exc).__name__}: {exc}); running on the CPU"
        log.warning("vision: %s", self.fallback_reason)
        self._to_device(torch.device("cpu"))

    def _predict(self, arrays: list[np.ndarray]):
        from .model import predict

        patches = max(max(a.shape) for a in arrays) <= 1.5 * self.meta.get("input_size", 32)
        # on the CPU whole radiographs go one at a time: a batch of 512x512 images overflows the
        # caches and costs ~2x the time per image (bench/vision.py); patches are batched
        batch = self.batch_size if patches or self.device.type != "cpu" else 1
        kw = dict(tta=self.tta and patches, batch_size=batch, want_maps=self.heatmaps, channels_last=True,
                  half=self.half)
        with self._lock:
            try:
                return predict(self.model, self.meta, arrays, device=self.device, **kw)
            except RuntimeError as exc:
                if self.device.type != "cuda":
                    raise
                self._fallback(exc)
                return predict(self.model, self.meta, arrays, device=self.device, **kw)

    # ---------------------------------------------------------------------------- API
    def verdict(self, score: float) -> str:
        return _verdict(score, self.thresholds)

    def _entry(self, name, score, heat, error=None) -> dict:
        if error is not None:
            return {"image": name, "score": None, "verdict": None, "heatmap": None, "error": error}
        return {"image": name, "score": float(score), "verdict": self.verdict(float(score)),
                "heatmap": heat, "error": None}

    def infer_arrays(self, arrays, names=None) -> list[dict]:
        """One entry per array; an image with nothing to inspect (:func:`vision.io.image_problem`: tiny, blank,
        white, flat) gets an error entry, no verdict: it goes to review, never "ok"."""
        arrays = [_as_float01(a) for a in arrays]
        names = names or [f"array{i}" for i in range(len(arrays))]
        out: list = [None] * len(arrays)
        todo = []
        for i, a in enumerate(arrays):
            problem = image_problem(a)
            if problem is not None:
                out[i] = self._entry(names[i], None, None, problem)
            else:
                todo.append(i)
        if todo:
            scores, maps = self._predict([arrays[i] for i in todo])
            for i, sc, m in zip(todo, scores, maps):
                out[i] = self._entry(names[i], sc, m)
        return out

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
        """Measured wall ms per image of ``shape``: see :meth:`timing`."""
        return self.timing(shape, n, batch)["median_ms"]

    def timing(self, shape=(512, 512), n: int = 20, batch: int = 1) -> dict:
        """ms per image of ``shape`` over ``n`` timed calls after a warm-up: ``median_ms`` and
        ``min_ms`` of the wall time (the minimum is the figure least disturbed by other processes
        sharing the CPU) and ``cpu_ms``, the median CPU time this process used per image (all its
        threads; on a loaded machine it stays near the quiet-machine cost while wall time grows)."""
        rng = np.random.default_rng(0)
        arrays = [rng.random(shape, dtype=np.float32) for _ in range(batch)]
        for _ in range(3):
            self._predict(arrays)
        wall, cpu = [], []
        for _ in range(n):
            c0, t0 = time.process_time(), time.perf_counter()
            self._predict(arrays)          # returns numpy arrays: the device work is finished
            wall.append(time.perf_counter() - t0)
            cpu.append(time.process_time() - c0)
        k = 1000.0 / batch
        return {"median_ms": float(np.median(wall)) * k, "min_ms": float(np.min(wall)) * k,
                "cpu_ms": float(np.median(cpu)) * k}


def heatmap_to_image(heat: np.ndarray, shape) -> np.ndarray:
    """Upsample a stride-8 heatmap to the image ``shape`` (for overlays)."""
    from .preprocess import upsample_heatmap

    return upsample_heatmap(heat, shape)


__all__ = ["InferenceEngine", "heatmap_to_image", "Path"]
