"""`lineside --smoke-test`: does this installation (a source checkout or the frozen bundle) work?

Steps, in order; the first failure stops the test:

``resources``  the demo plant configuration, the demo model and the database migrations are there;
``plant``      the demo line simulator (Modbus TCP on a free local port) and the runtime with a
               fresh SQLite database in a temporary folder (migrations, historian writer process);
``window``     the main window with every page, offscreen, until live values arrive from the simulator;
``inference``  the demo model on one synthetic X-ray (:mod:`vision.synth`);
``mark``       a DataMatrix rendered by vision.marks is decoded back to its text by its reader.

On success one JSON document goes to stdout (each step's milliseconds and findings) and the exit
code is 0; on failure stderr gets ``lineside: smoke test failed at <step>: <reason>`` and the exit
code is 1.  The window is offscreen unless ``QT_QPA_PLATFORM`` is already set.
"""
from __future__ import annotations

import json
import logging
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

log = logging.getLogger("lineside.smoke")

SMOKE_SERIAL = "LS-SMOKE-0001"
VERDICTS = ("ok", "warn", "ng")


class SmokeFailure(Exception):
    """A check of the smoke test did not hold."""


def process_age_s() -> float | None:
    """Seconds since this process started (Linux: from /proc), else None."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return round(uptime - ticks / os.sysconf("SC_CLK_TCK"), 3)
    except (OSError, ValueError, IndexError, AttributeError):
        return None


# ---------------------------------------------------------------------------- steps
def check_resources(model_path: Path) -> dict:
    from hmi.config import demo_config_path
    from hmi.store.db import MIGRATIONS_DIR

    missing = [str(p) for p in (demo_config_path(), model_path, MIGRATIONS_DIR / "env.py",
                                MIGRATIONS_DIR / "script.py.mako") if not p.is_file()]
    versions = sorted((MIGRATIONS_DIR / "versions").glob("*.py"))
    if not versions:
        missing.append(str(MIGRATIONS_DIR / "versions" / "*.py"))
    if missing:
        raise SmokeFailure("missing " + ", ".join(missing))
    return {"migrations": len(versions), "model": str(model_path)}


def check_inference(model_path: Path) -> dict:
    """Run the model on a synthetic wheel twice, without and with porosity (same seed): both results
    must be well-formed, the defective wheel must not pass as "ok" and must score above the clean one,
    and the clean one must not be "ng".  A model that cannot tell them apart fails the check."""
    import numpy as np

    from vision.infer import make_engine
    from vision.synth import make_part

    t0 = time.perf_counter()
    engine = make_engine(model_path, device="cpu")  # a station's engine: ONNX Runtime when exported, else torch
    load_ms = (time.perf_counter() - t0) * 1000
    results = {}
    for name, defects in (("good", []), ("defect", ["porosity"])):
        image, _mask, _info = make_part("wheel", size=256, seed=7, defects=defects)
        t1 = time.perf_counter()
        result = engine.infer_array(image, f"synthetic wheel ({name})")
        infer_ms = (time.perf_counter() - t1) * 1000
        score = result.get("score")
        if result.get("error") or score is None or not math.isfinite(score) or not 0.0 <= score <= 1.0:
            raise SmokeFailure(f"bad inference result: score={score!r}, error={result.get('error')!r}")
        if result.get("verdict") not in VERDICTS:
            raise SmokeFailure(f"bad verdict {result.get('verdict')!r}")
        heat = result.get("heatmap")
        if heat is not None and not np.isfinite(np.asarray(heat)).all():
            raise SmokeFailure("heatmap holds NaN or infinity")
        results[name] = (float(score), result["verdict"], infer_ms)
    (g_score, g_verdict, _), (d_score, d_verdict, infer_ms) = results["good"], results["defect"]
    if d_verdict == "ok" or d_score <= g_score or g_verdict == "ng":
        raise SmokeFailure(f"the model does not tell a porous wheel ({d_verdict}, score {d_score:.3f}) from a "
                           f"clean one ({g_verdict}, score {g_score:.3f})")
    return {"engine": type(engine).__name__, "device": str(engine.device), "score": round(d_score, 4), "verdict": d_verdict,
            "good_score": round(g_score, 4), "good_verdict": g_verdict,
            "load_ms": round(load_ms, 1), "infer_ms": round(infer_ms, 1)}


def check_mark(text: str = SMOKE_SERIAL) -> dict:
    """Render the DataMatrix of ``text`` and read it back through the product's mark reader."""
    from vision.marks import decode_image, render_mark

    found = decode_image(render_mark(text))
    if not found:
        raise SmokeFailure(f"the DataMatrix of {text!r} was not decoded")
    if found[0].text != text:
        raise SmokeFailure(f"the DataMatrix of {text!r} decoded as {found[0].text!r}")
    return {"text": found[0].text, "format": found[0].format, "method": found[0].method}


def run_plant_and_window(workdir: Path, timeout_s: float) -> dict:
    """The plant and window steps: the simulator and runtime live only while the window is open."""
    from hmi.config import demo_config_path, load_config
    from hmi.equipment.simulator import LineSimulator
    from hmi.runtime import Runtime, default_db_url

    steps: dict = {}
    t0 = time.perf_counter()
    plant = load_config(demo_config_path())
    simulator = LineSimulator(plant, host="127.0.0.1", port=0, speed=10.0)
    simulator.start()
    runtime = None
    try:
        runtime = Runtime(simulator.served_plant(), db_url=default_db_url(workdir))
        runtime.start()
        steps["plant"] = {"ms": round((time.perf_counter() - t0) * 1000, 1), "devices": len(plant.equipment),
                          "tags": len(plant.tags), "db": runtime.db_url}

        def live_values() -> bool:
            return any(int(s.quality) == 0 for s in runtime.latest().values())

        t1 = time.perf_counter()
        from hmi.ui.smoke_window import open_main_window

        steps["window"] = open_main_window(runtime, until=live_values, timeout_s=timeout_s)
        steps["window"]["ms"] = round((time.perf_counter() - t1) * 1000, 1)
        steps["window"]["tags_good"] = sum(1 for s in runtime.latest().values() if int(s.quality) == 0)
    finally:
        if runtime is not None:
            runtime.stop()
        simulator.stop()
    return steps


def _timed(name: str, fn: Callable[[], dict], steps: dict) -> None:
    t0 = time.perf_counter()
    try:
        details = fn()
    except SmokeFailure:
        raise
    except Exception as exc:  # any failure names its step
        raise SmokeFailure(f"{type(exc).__name__}: {exc}") from exc
    steps[name] = {"ms": round((time.perf_counter() - t0) * 1000, 1), **details}


def run_smoke_test(model_path: str | Path | None = None, *, window_timeout_s: float = 20.0) -> int:
    """Run every step; print the JSON summary (stdout) or the failing step (stderr). Returns the exit code."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if sys.platform == "win32":  # torch's DLLs must initialise before Qt's (torch >= 2.9 on Windows)
        try:
            import torch  # noqa: F401
        except ImportError:  # the station bundle runs without torch
            pass
    from hmi.inspection.station import DEMO_MODEL

    model = Path(model_path) if model_path is not None else DEMO_MODEL
    t0 = time.perf_counter()
    steps: dict = {}
    step = "resources"
    try:
        _timed("resources", lambda: check_resources(model), steps)
        step = "plant"
        with tempfile.TemporaryDirectory(prefix="lineside-smoke-", ignore_cleanup_errors=True) as tmp:
            try:
                steps.update(run_plant_and_window(Path(tmp), window_timeout_s))
            except Exception as exc:
                step = "window" if "plant" in steps else "plant"
                if isinstance(exc, SmokeFailure):
                    raise
                raise SmokeFailure(f"{type(exc).__name__}: {exc}") from exc
        step = "inference"
        _timed("inference", lambda: check_inference(model), steps)
        step = "mark"
        _timed("mark", check_mark, steps)
    except SmokeFailure as exc:
        log.error("smoke test failed at %s: %s", step, exc, exc_info=exc.__cause__)
        print(f"lineside: smoke test failed at {step}: {exc}", file=sys.stderr)
        return 1
    doc = {
        "ok": True,
        "frozen": bool(getattr(sys, "frozen", False)),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "steps": steps,
        "total_s": round(time.perf_counter() - t0, 3),
        "process_age_s": process_age_s(),
    }
    sys.stdout.write(json.dumps(doc) + "\n")
    sys.stdout.flush()
    log.info("smoke test passed in %.1f s", doc["total_s"])
    return 0
