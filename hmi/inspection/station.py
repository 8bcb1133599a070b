"""The simulated X-ray station of the demo. Qt-free; torch is imported in the station's child process only.

    station = XrayStation(InspectionStore(runtime.engine), data_dir / "xray")
    station.attach(simulator)          # LineSimulator.on_part: every cast part gets radiographed
    station.start() ... station.stop()

For every part a caster completes, :meth:`XrayStation.on_part` (called on the simulator thread)
only puts the part on a bounded queue.  The station's own worker thread then

1. renders a synthetic radiograph with :func:`vision.synth.make_part` (defective parts, i.e. the
   simulator's ``good=False``, get 1-2 defects; a small share of good parts get one too, the
   process misses some) and writes it as a 16-bit PNG into ``out_dir/YYYYMMDD/``;
2. runs the AI model (:class:`vision.infer.InferenceEngine`) on the file, as a real station would;
3. saves the heatmap as an 8-bit PNG (``*_heat.png``, 0..255 = score 0..1) beside it;
4. records the inspection (:meth:`hmi.inspection.records.InspectionStore.record_inspection`).

With ``isolate=True`` (what :func:`start_demo_station` and the runtime use) steps 1-3 run in a child
process (:class:`hmi.inspection.vision_process.VisionProcess`): the station thread only sends the job and
records the answer, and torch is never imported in the HMI's process.  ``isolate=False`` runs them on the
station thread (tests, tools).

An unreadable image, a missing model or a failed inference is recorded with its ``error`` (no
verdict), never raised.  The model is the registry's active model when a registry with an active
version is given, else ``model_path``, else ``resources/models/xray_demo.pt``; it is reloaded when
the registry's active version changes.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from hmi.workers import QueueWorker

log = logging.getLogger(__name__)

__all__ = ["XrayStation", "DEMO_MODEL", "PartJob", "EngineCache", "inspect_image", "render_part"]

DEMO_MODEL = Path(__file__).resolve().parents[2] / "resources" / "models" / "xray_demo.pt"


@dataclass(frozen=True)
class PartJob:
    equipment_id: str
    serial: str
    sim_ts: float
    good: bool
    captured_ts: float


class EngineCache:
    """The inference engine of the current model file, loaded again when the file (path or mtime) changes.

    ``get(path) -> (engine or None, model version or None, error or None)``; ``factory(path)`` builds an
    engine (default :class:`vision.infer.InferenceEngine` with ``device`` and ``threads``)."""

    def __init__(self, *, device: str = "cpu", threads: int = 1, factory: Callable | None = None):
        self.device, self.threads, self.factory = device, int(threads), factory
        self.engine = None
        self.path: Path | None = None
        self.stamp: float | None = None
        self.error: str | None = None

    def get(self, path: Path | None):
        stamp = path.stat().st_mtime if path is not None and path.is_file() else None
        if path is not None and (path != self.path or stamp != self.stamp):
            self.close()
            self.path, self.stamp, self.error = path, stamp, None
            if not path.is_file():
                self.error = f"no AI model: {path} not found"
            else:
                try:
                    if self.factory is not None:
                        self.engine = self.factory(path)
                    else:  # its ONNX export with ONNX Runtime when there (no torch), else torch
                        from vision.infer import make_engine

                        self.engine = make_engine(path, device=self.device, threads=self.threads)
                    log.info("x-ray station: model %s loaded (%s)", path, type(self.engine).__name__)
                except Exception as exc:  # noqa: BLE001
                    self.error = f"AI model {path.name} not loadable: {exc}"
                    log.error("x-ray station: %s", self.error)
        if path is None and self.engine is None:
            self.error = self.error or "no AI model configured"
        if self.engine is None:
            return None, None, self.error
        meta = getattr(self.engine, "meta", {}) or {}
        return self.engine, meta.get("model_version") or self.path.stem, None

    def close(self) -> None:
        eng, self.engine = self.engine, None
        if eng is not None and hasattr(eng, "close"):
            eng.close()


def _save_heatmap(image_path: Path, heat) -> Path:
    from vision.infer import heatmap_to_image
    from vision.io import read_image, write_png8

    h = np.asarray(heat, dtype=np.float32)
    if h.ndim > 2:
        h = h.reshape(h.shape[-2:])
    shape = read_image(image_path)[1]["shape"]
    if h.shape != tuple(shape[:2]):
        h = heatmap_to_image(h, tuple(shape[:2]))
    out = image_path.with_name(image_path.stem + "_heat.png")
    write_png8(out, np.round(np.clip(h, 0.0, 1.0) * 255.0).astype(np.uint8))
    return out


def inspect_with(cache: EngineCache, model_path: Path | None, image_path: str | Path,
                 thresholds: dict | None = None) -> dict:
    """Run the model of ``model_path`` (through ``cache``) on one image file and save its heatmap beside it.
    Returns ``score``, ``verdict``, ``error``, ``heatmap_path``, ``model_version``, ``thresholds``,
    ``model_path``, ``model_error``; never raises for a bad image or model (``error`` says what).
    ``thresholds``: the operating point chosen for the model (``warn``, ``ng``) instead of its own."""
    path = Path(image_path)
    engine, version, model_error = cache.get(model_path)
    if engine is None:
        res = {"score": None, "verdict": None, "heatmap": None, "error": model_error}
    else:
        try:
            res = engine.infer_path(path)
        except Exception as exc:  # noqa: BLE001 - recorded, not raised
            res = {"score": None, "verdict": None, "heatmap": None, "error": f"inference failed: {exc}"}
    if thresholds and res.get("score") is not None and res.get("error") is None:
        from vision.evaluate import verdict

        res["verdict"] = verdict(float(res["score"]), thresholds)
    thresholds = thresholds or getattr(engine, "thresholds", None)
    heat_path = None
    if res.get("error") is None and res.get("heatmap") is not None:
        try:
            heat_path = str(_save_heatmap(path, res["heatmap"]))
        except Exception as exc:  # noqa: BLE001
            log.warning("x-ray station: heatmap of %s not saved: %s", path, exc)
    return {"score": res.get("score"), "verdict": res.get("verdict"), "error": res.get("error"),
            "heatmap_path": heat_path, "model_version": version,
            "thresholds": {k: thresholds.get(k) for k in ("warn", "ng")} if thresholds else None,
            "model_path": str(cache.path or ""), "model_error": model_error}


_CHILD_ENGINES: EngineCache | None = None


def _child_engines(device: str, threads: int) -> EngineCache:
    """This process's engine cache (the station's child process), for ``device`` and ``threads``."""
    global _CHILD_ENGINES
    if _CHILD_ENGINES is None or (_CHILD_ENGINES.device, _CHILD_ENGINES.threads) != (device, int(threads)):
        _CHILD_ENGINES = EngineCache(device=device, threads=threads)
    return _CHILD_ENGINES


def inspect_image(model_path: str | None, image_path: str, *, device: str = "cpu", threads: int = 1,
                  thresholds: dict | None = None) -> dict:
    """:func:`inspect_with` on this process's own engine cache (the station's child process calls it)."""
    return inspect_with(_child_engines(device, threads), Path(model_path) if model_path else None, image_path,
                        thresholds)


def warm_engine(model_path: str | None, *, device: str = "cpu", threads: int = 1) -> str | None:
    """Load the model of ``model_path`` into this process's engine cache before the first part (torch and the
    weights take seconds); returns the model's error, None when it is ready."""
    return _child_engines(device, threads).get(Path(model_path) if model_path else None)[2]


def render_part(kind: str, size: int, seed: int, defects: list[str], out_path: str) -> dict:
    """Render a synthetic radiograph (:func:`vision.synth.make_part`) into a 16-bit PNG; returns the
    defects actually drawn (``truth_defects``)."""
    from vision.io import write_png16
    from vision.synth import make_part

    img, _mask, info = make_part(kind, int(size), int(seed), [str(d) for d in defects])
    path = Path(out_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_png16(path, img)
    return {"truth_defects": [d["type"] for d in info["defects"]]}


class XrayStation:
    """Radiographs simulated parts and records AI inspections.

    ``store``         :class:`~hmi.inspection.records.InspectionStore` of the plant database.
    ``out_dir``       where images and heatmaps go (created).
    ``registry``      optional :class:`vision.registry.ModelRegistry`; its active model wins.
    ``model_path``    model file when there is no active registry model (default: the demo model).
    ``equipment``     equipment ids to inspect (default: every caster that reports parts).
    ``defect_rate_good``  share of good parts that still get a (small) defect.
    ``threads``       torch intra-op threads for inference (default 1: one 512x512 image costs
                      ~7 ms of CPU on one core, and a second spinning thread only competes with
                      the GUI and the poller on a busy panel PC; see bench/vision.py).
    ``engine_factory``    ``f(model_path) -> engine`` (tests); default ``InferenceEngine(path, device)``.
    ``isolate``   render and inspect in a child process (see the module doc); not with ``engine_factory``.
    ``drop_folder``   act as the X-ray machine only: each part's radiograph is written into this folder (with
                  its truth in ``<serial>.json`` beside it) for the line's inspection station
                  (:class:`hmi.inspection.line.LineInspection`) to pick up, as a real machine's would be.
    """

    def __init__(self, store, out_dir: str | Path, *, station: str = "xray1", registry=None,
                 model_path: str | Path | None = None, equipment: tuple[str, ...] | None = None,
                 size: int = 256, kinds: tuple[str, ...] = ("wheel", "knuckle"), defect_rate_good: float = 0.04,
                 seed: int = 0, device: str = "cpu", max_queue: int = 64, threads: int = 1,
                 engine_factory: Callable | None = None, clock: Callable[[], float] = time.time,
                 isolate: bool = False, drop_folder: str | Path | None = None):
        self.store = store
        self.out_dir = Path(out_dir)
        self.station = station
        self.registry = registry
        self.model_path = Path(model_path) if model_path else None
        self.equipment = None if equipment is None else frozenset(equipment)
        self.drop_folder = Path(drop_folder) if drop_folder is not None else None
        self.size = int(size)
        self.kinds = tuple(kinds)
        self.defect_rate_good = float(defect_rate_good)
        self.device = device
        self.threads = int(threads)
        self.engine_factory = engine_factory
        self.clock = clock
        self._rng = np.random.default_rng(seed)
        self._worker = QueueWorker(f"xray-{self.station}", self._handle, max_queue=max_queue)
        self._engines = EngineCache(device=device, threads=self.threads, factory=engine_factory)
        self._vision = None
        if isolate and engine_factory is None:
            from hmi.inspection.vision_process import VisionProcess

            self._vision = VisionProcess(self.station)
        self._model_path_used = ""
        self._model_error: str | None = None
        self._lock = threading.Lock()
        self.counts = {"received": 0, "dropped": 0, "recorded": 0, "errors": 0}
        self._listeners: list[Callable[[int], None]] = []

    # ------------------------------------------------------------------ wiring
    def attach(self, simulator) -> "XrayStation":
        """Subscribe to ``simulator.on_part`` (a :class:`~hmi.equipment.simulator.LineSimulator`)."""
        simulator.on_part(self.on_part)
        return self

    def on_recorded(self, callback: Callable[[int], None]) -> None:
        """``callback(inspection_id)`` after each recorded inspection (on the station thread; must not block)."""
        self._listeners = [*self._listeners, callback]

    def on_part(self, equipment_id: str, serial: str, sim_ts: float, good: bool, params=None) -> None:
        """LineSimulator part callback (simulator thread): queue the part and return at once."""
        if self.equipment is not None and equipment_id not in self.equipment:
            return
        with self._lock:
            self.counts["received"] += 1
        if not self._worker.put(PartJob(equipment_id, str(serial), float(sim_ts), bool(good), self.clock())):
            with self._lock:
                self.counts["dropped"] += 1
            log.warning("x-ray station %s: queue full, part %s not inspected", self.station, serial)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "XrayStation":
        if self._worker.running():
            return self
        self.out_dir.mkdir(parents=True, exist_ok=True)
        if self.drop_folder is not None:
            self.drop_folder.mkdir(parents=True, exist_ok=True)
        self._worker.start()
        return self

    def running(self) -> bool:
        return self._worker.running()

    def submit_task(self, fn: Callable[[], None]) -> None:
        """Run ``fn()`` on the station thread, in order with the parts (e.g. model housekeeping)."""
        self._worker.put_wait(fn)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the station: the part being inspected finishes, queued parts are not inspected."""
        if not self._worker.running():
            return
        self._worker.stop(flush=False, timeout=timeout)
        self._engines.close()
        if self._vision is not None:
            self._vision.close()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until the queue is processed (tests, headless runs)."""
        return self._worker.wait_idle(timeout)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _handle(self, job) -> None:
        try:
            job() if callable(job) else self.process(job)
        except Exception:  # noqa: BLE001 - the station keeps running
            log.exception("x-ray station %s: part %s failed", self.station, getattr(job, "serial", "?"))

    # ------------------------------------------------------------------ work (station thread)
    def process(self, job: PartJob) -> int | None:
        """Radiograph one part, inspect it and record it; returns the inspection id (None with a
        ``drop_folder``: the image is left there for the line's inspection station)."""
        from vision.synth import DEFECTS

        rng = self._rng
        kind = self.kinds[int(rng.integers(len(self.kinds)))]
        if not job.good:
            defects = list(rng.choice(DEFECTS, size=int(rng.integers(1, 3))))
        elif rng.random() < self.defect_rate_good:
            defects = [str(rng.choice(DEFECTS))]
        else:
            defects = []
        seed = int(rng.integers(2 ** 31))
        day = time.strftime("%Y%m%d", time.localtime(job.captured_ts))
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in job.serial)
        path = (self.drop_folder / f".{safe}.png.part" if self.drop_folder is not None
                else self.out_dir / day / f"{safe}.png")
        args = (kind, self.size, seed, [str(d) for d in defects], str(path))
        info = self._vision.call("render_part", *args) if self._vision is not None else render_part(*args)
        detail = {"equipment": job.equipment_id, "sim_ts": job.sim_ts, "sim_good": job.good, "kind": kind,
                  "truth_defects": info["truth_defects"]}
        if self.drop_folder is not None:  # the machine's files appear whole: metadata first, then the image
            import json
            import os

            (self.drop_folder / f"{safe}.json").write_text(json.dumps(detail), encoding="utf-8")
            os.replace(path, self.drop_folder / f"{safe}.png")
            with self._lock:
                self.counts["recorded"] += 1
            return None
        return self.inspect_file(path, serial=job.serial, captured_ts=job.captured_ts, detail=detail)

    def inspect_file(self, path: str | Path, *, serial: str | None = None, captured_ts: float | None = None,
                     detail: dict | None = None) -> int:
        """Inspect one image file and record the result (an error entry when it cannot be inspected)."""
        return self.inspect_record(path, serial=serial, captured_ts=captured_ts, detail=detail)[0]

    def inspect_record(self, path: str | Path, *, serial: str | None = None, captured_ts: float | None = None,
                       detail: dict | None = None, model_path: str | Path | None = None) -> tuple[int, dict]:
        """:meth:`inspect_file` returning ``(inspection id, result)`` (``verdict``, ``score``, ``error``...);
        ``model_path`` overrides the registry's model (a station's own model from the plant file)."""
        path = Path(path)
        captured_ts = self.clock() if captured_ts is None else captured_ts
        model = Path(model_path) if model_path else self._model_file()
        thresholds = None if model_path else self._operating_point()
        if self._vision is not None:
            from hmi.inspection.vision_process import VisionProcessError

            try:
                res = self._vision.call("inspect", str(model) if model else None, str(path),
                                        device=self.device, threads=self.threads, thresholds=thresholds)
            except VisionProcessError as exc:
                res = {"score": None, "verdict": None, "error": f"inference failed: {exc}", "heatmap_path": None,
                       "model_version": None, "thresholds": None, "model_path": str(model or ""),
                       "model_error": None}
        else:
            res = inspect_with(self._engines, model, path, thresholds)
        detail = dict(detail or {})
        if res.get("thresholds"):
            detail["thresholds"] = res["thresholds"]
        iid = self.store.record_inspection(station=self.station, serial=serial, image_path=path,
                                           captured_ts=captured_ts, model_version=res.get("model_version"),
                                           score=res.get("score"), ai_verdict=res.get("verdict"),
                                           heatmap_path=res.get("heatmap_path"), error=res.get("error"),
                                           detail=detail)
        with self._lock:
            self.counts["recorded"] += 1
            if res.get("error") is not None:
                self.counts["errors"] += 1
            self._model_path_used, self._model_error = res.get("model_path") or "", res.get("model_error")
        for cb in self._listeners:
            try:
                cb(iid)
            except Exception:  # noqa: BLE001
                log.exception("inspection listener failed")
        return iid, res

    def warm_up(self, model_path: str | Path | None = None) -> str | None:
        """Load the model now, not at the first part (seconds: torch and the weights); returns the model's error
        or None when it is ready."""
        model = Path(model_path) if model_path else self._model_file()
        if self._vision is not None:
            return self._vision.call("warm_up", str(model) if model else None, device=self.device,
                                     threads=self.threads, timeout_s=120.0)
        return self._engines.get(model)[2]

    def decode_mark(self, path: str | Path) -> dict:
        """Read the part's DataMatrix (or other) mark in an image (:func:`vision.marks.decode_file`: ``text`` None
        when none was read), in the child process when isolated."""
        if self._vision is not None:
            return self._vision.call("decode_mark", str(path))
        from vision.marks import decode_file

        return decode_file(path)

    def _model_file(self) -> Path | None:
        if self.registry is not None:
            try:
                p = self.registry.active_path()
                if p is not None:
                    return Path(p)
            except Exception as exc:  # noqa: BLE001 - fall back to the configured file
                log.warning("x-ray station: registry unusable (%s); using the configured model", exc)
        return self.model_path or DEMO_MODEL

    def _operating_point(self) -> dict | None:
        """The thresholds chosen for the registry's active model (the Models page's operating point), or None:
        the model's own."""
        if self.registry is None:
            return None
        try:
            version = self.registry.active
            return self.registry.thresholds(version) if version else None
        except Exception as exc:  # noqa: BLE001 - the model's own thresholds
            log.warning("x-ray station: operating point not read (%s): the model's own thresholds apply", exc)
            return None

    def seed_registry(self, model_file: Path = DEMO_MODEL, by: str = "system") -> str | None:
        """:func:`seed_registry` for this station's registry, in its child process when isolated (it reads the
        model file, which needs torch)."""
        if self.registry is None:
            return None
        if self._vision is not None:
            return self._vision.call("seed_registry", str(self.registry.root), str(model_file), by)
        return seed_registry(self.registry, model_file, by=by)

    def stats(self) -> dict:
        with self._lock:
            return dict(self.counts, queued=self._worker.qsize(), model=self._model_path_used,
                        model_error=self._model_error,
                        process=self._vision.pid() if self._vision is not None else None)


def seed_registry(registry, model_file: Path = DEMO_MODEL, by: str = "system") -> str | None:
    """Put ``model_file`` (default: the shipped demo model) into an empty registry and activate it; returns its version (None
    when the registry already has models or the file is missing).  Imports torch: call on a worker."""
    if registry is None or not Path(model_file).is_file() or registry.list():
        return None
    shipped = Path(model_file).resolve() == DEMO_MODEL.resolve()
    version = registry.add(model_file, note="shipped demo model (synthetic X-rays)" if shipped
                           else f"station model {Path(model_file).name}", by=by)
    registry.activate(version, by=by, reason="demo start: station model")
    return version


def seed_registry_at(root: str, model_file: str, by: str = "system") -> str | None:
    """:func:`seed_registry` for the registry at ``root`` (the station's child process calls it)."""
    from vision.registry import ModelRegistry

    return seed_registry(ModelRegistry(root), Path(model_file), by=by)


def start_demo_station(store, registry, simulator, data_dir: str | Path, **kw) -> "XrayStation":
    """Create, attach to ``simulator`` and start the demo X-ray station: inspections recorded in
    ``store`` (:class:`~hmi.inspection.records.InspectionStore`), images in ``<data_dir>/xray``, the model
    from ``registry`` (:class:`vision.registry.ModelRegistry`, seeded with the shipped model on the
    station thread).  Returns the station (stop it before the database closes).  The composition root
    (:meth:`hmi.runtime.Runtime.add_demo`) calls this.  The station renders and inspects in its child
    process unless ``isolate=False`` or an ``engine_factory`` is given."""
    kw.setdefault("isolate", kw.get("engine_factory") is None)
    st = XrayStation(store, Path(data_dir) / "xray", registry=registry, **kw)
    st.attach(simulator)
    st.start()

    seed_file = Path(kw.get("model_path") or DEMO_MODEL)

    def _seed():
        try:
            st.seed_registry(seed_file)
        except Exception as exc:  # noqa: BLE001 - the station falls back to the shipped file
            if "No module named 'torch'" in str(exc):  # the station bundle: models are registered elsewhere
                log.info("model registry not seeded (no torch in this installation): the shipped model runs")
            else:
                log.warning("model registry not seeded: %s", exc)
    st.submit_task(_seed)
    return st
