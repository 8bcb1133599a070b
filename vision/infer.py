"""Inference: ``InferenceEngine(model_path, device="auto", batch_size=8)`` (torch) or ``OnnxEngine(onnx_path)``
(ONNX Runtime on the CPU, no torch); ``make_engine(model_path)`` picks the station's.

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


class _Engine:
    """What every inference engine shares: verdicts, entries, reading files, the background thread, timing.
    A subclass sets ``model_path``, ``meta``, ``thresholds``, ``heatmaps`` and implements ``_predict``."""

    model_path: str
    meta: dict
    thresholds: dict
    heatmaps: bool = True
    _pool: ThreadPoolExecutor | None = None

    def _predict(self, arrays: list[np.ndarray]):  # -> (scores (N,), maps list)
        raise NotImplementedError

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


class InferenceEngine(_Engine):
    """Torch: CPU or CUDA (see the module doc)."""

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
        self._pool = None
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



def onnx_files(model_path) -> tuple[Path, Path]:
    """The ONNX export of a ``.pt`` model file and its meta sidecar: ``<stem>.onnx``, ``<stem>.onnx.json``."""
    p = Path(model_path)
    return p.with_suffix(".onnx"), p.with_suffix(".onnx.json")


def file_sha256(path) -> str:
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def onnx_ready(model_path) -> Path | None:
    """The ONNX export of ``model_path`` when it is there with its sidecar and was exported from this very model
    file (the sidecar's ``source_sha256``); None otherwise (the torch engine runs the model)."""
    import json

    onnx, side = onnx_files(model_path)
    try:
        if not onnx.is_file():
            return None
        made_from = json.loads(side.read_text(encoding="utf-8")).get("source_sha256")
        return onnx if made_from == file_sha256(model_path) else None
    except (OSError, ValueError, AttributeError):
        return None


class OnnxEngine(_Engine):
    """ONNX Runtime on the CPU: the station's engine, no torch needed (``pip install onnxruntime``).

    ``onnx_path``: a model exported by :func:`vision.model.export_onnx` (``<stem>.onnx`` and its meta sidecar
    ``<stem>.onnx.json``).  The image is prepared in numpy exactly as :func:`vision.model.predict` prepares it
    (resize in patch mode, intensity transform, standardisation, padding to the stride); the graph returns the
    stride-8 logit map; score = sigmoid(max), heatmap = sigmoid(map).  Images are run one at a time, sequential
    execution, ``threads`` intra-op threads (default 1, as the torch engine on a panel PC)."""

    def __init__(self, onnx_path, threads: int | None = 1, heatmaps: bool = True):
        import json

        import onnxruntime as ort

        onnx, side = Path(onnx_path), Path(onnx_path).with_suffix(".onnx.json")
        try:
            self.meta = json.loads(side.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ImageError(f"{side.name}: model meta not readable: {exc}") from None
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, int(threads or 1))
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(onnx), opts, providers=["CPUExecutionProvider"])
        self.model_path = str(onnx)
        self.device = "cpu (onnxruntime)"
        self.fallback_reason = None
        self.heatmaps = heatmaps
        self.thresholds = dict(self.meta["thresholds"])
        self._lock = threading.Lock()

    def _predict(self, arrays: list[np.ndarray]):
        from .preprocess import normalise_np, pad_to_stride, prepare_image

        stride = int(self.meta.get("stride", 8))
        scores = np.zeros(len(arrays), np.float32)
        maps: list = [None] * len(arrays)
        with self._lock:
            for i, a in enumerate(arrays):
                x = normalise_np(prepare_image(a, self.meta)[None, None], self.meta)
                lm = self.session.run(None, {"x": pad_to_stride(x, stride)})[0][0, 0].astype(np.float32)
                scores[i] = 1.0 / (1.0 + np.exp(-float(lm.max())))
                if self.heatmaps:
                    maps[i] = 1.0 / (1.0 + np.exp(-lm))
        return scores, maps


#: ``onnx`` (default: ONNX Runtime when the model has a current export) or ``torch``: which engine stations use
ENGINE_ENV = "LINESIDE_VISION_ENGINE"


def make_engine(model_path, *, device: str = "cpu", threads: int | None = 1, prefer_onnx: bool | None = None):
    """The engine a station runs ``model_path`` (a ``.pt`` file) with: on the CPU its ONNX export with ONNX
    Runtime (:func:`onnx_ready`; no torch needed; a model without a current export is exported first where torch
    and onnx are installed), else torch (:class:`InferenceEngine`, also for CUDA).  ``prefer_onnx`` None: as
    ``LINESIDE_VISION_ENGINE`` says (``torch`` keeps a station on torch)."""
    if prefer_onnx is None:
        import os

        prefer_onnx = os.environ.get(ENGINE_ENV, "onnx").strip().lower() != "torch"
    cpu = str(device).lower() in ("cpu", "auto")
    if prefer_onnx and cpu and onnx_ready(model_path) is None:
        try:  # a model activated without an export (an older registry): export it now, where torch is installed
            import onnxruntime  # noqa: F401

            from .model import export_onnx

            export_onnx(model_path)
            log.info("vision: %s exported to ONNX for ONNX Runtime", Path(model_path).name)
        except Exception as exc:  # noqa: BLE001 - no torch/onnx here, a read-only folder: torch runs it
            log.info("vision: %s not exported to ONNX (%s)", Path(model_path).name, exc)
    if prefer_onnx and cpu and onnx_ready(model_path) is not None:
        try:
            import onnxruntime  # noqa: F401
        except ImportError:
            log.info("vision: onnxruntime is not installed: torch runs %s", Path(model_path).name)
        else:
            eng = OnnxEngine(onnx_ready(model_path), threads=threads)
            eng.meta.setdefault("model_version", Path(model_path).stem)
            return eng
    return InferenceEngine(model_path, device=device, batch_size=1, threads=threads)


def heatmap_to_image(heat: np.ndarray, shape) -> np.ndarray:
    """Upsample a stride-8 heatmap to the image ``shape`` (for overlays)."""
    from .preprocess import upsample_heatmap

    return upsample_heatmap(heat, shape)


__all__ = ["InferenceEngine", "OnnxEngine", "make_engine", "onnx_files", "onnx_ready", "heatmap_to_image", "Path"]
