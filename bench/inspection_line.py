"""An inspection station on the line, timed as the PLC sees it: from an image file appearing in the watched folder
to the verdict in the PLC's registers.

    python bench/inspection_line.py                      # 40 parts, one every 1.5 s, then a burst of 60
    python bench/inspection_line.py --parts 100 --every-s 1.0 --burst 120 --size 512

A simulated casting cell (``LineSimulator``, Modbus-TCP) stands in for the PLC; a station (``Runtime`` with the
demo plant's ``[[inspection]]`` station ``xray1``: serial from the file name, verdict to ``caster1.xray_verdict``
then ``caster1.xray_seq`` + 1) watches a folder.  The bench plays the X-ray machine: it writes each radiograph
(synthetic, ``--size`` pixels, every third one with a defect, rendered beforehand) under a temporary name and
renames it into the folder, and a separate Modbus client (the "PLC side") reads the two registers every 2 ms.

* ``paced``: ``--parts`` images, one every ``--every-s``: latency from the rename to the moment the PLC side sees
  the sequence number move, p50 / p99 / max (ms), and the station's own figure (arrival to the write's read-back);
* ``burst``: ``--burst`` images at once (a backlog): images per second until the last verdict, and how many came
  too late for the gate (``verdict_within_s``, 10 s: not written, counted and alarmed);
Run once with each ``--engines`` (default ``torch,onnx``: ``LINESIDE_VISION_ENGINE`` for the station's vision
process), one after the other in the same run, on a fresh cell and database each.  The model is the shipped demo
model (``resources/models/xray_demo.pt`` and its ONNX export).  Prints one JSON document with the host's load
average.
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


class PlcSide:
    """Reads the verdict and sequence registers every ``period_s`` and notes when the sequence moves."""

    def __init__(self, port: int, unit: int, address: int, period_s: float = 0.002):
        from pymodbus.client import ModbusTcpClient

        self.client = ModbusTcpClient("127.0.0.1", port=port, timeout=1, retries=0)
        self.unit, self.address, self.period_s = unit, address, period_s
        self.moves: list[tuple[float, int, int]] = []  # (perf_counter, seq, verdict)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        self.client.connect()
        last = None
        while not self._stop.is_set():
            try:
                rr = self.client.read_holding_registers(self.address, count=2, device_id=self.unit)
                if not rr.isError():
                    verdict, seq = rr.registers
                    if last is not None and seq != last:
                        self.moves.append((time.perf_counter(), seq, verdict))
                    last = seq
            except Exception:  # noqa: BLE001 - the simulator restarts its socket: read again
                pass
            time.sleep(self.period_s)
        self.client.close()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(5)


def radiograph(size: int, k: int) -> bytes:
    """A synthetic 16-bit PNG radiograph (every third one with porosity), encoded."""
    import cv2

    from vision.io import to_uint16
    from vision.synth import make_part

    img = make_part("wheel", size, 1000 + k, ["porosity"] if k % 3 == 0 else [])[0]
    return cv2.imencode(".png", to_uint16(img))[1].tobytes()


def shoot(folder: Path, name: str, data: bytes) -> float:
    """Write one radiograph the way a machine should (temporary name, then a rename); returns the rename time."""
    tmp = folder / f".{name}.part"
    tmp.write_bytes(data)
    os.replace(tmp, folder / name)
    return time.perf_counter()


def pct(xs: list[float], p: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(p * len(xs)))], 1)


def run_line(engine: str, a, tmp: Path) -> dict:
    """One station on one simulated cell with the model on ``engine`` (``torch`` or ``onnx``): paced and burst."""
    os.environ["LINESIDE_VISION_ENGINE"] = engine  # the station's vision process inherits it
    from hmi.config import demo_config_path, load_config
    from hmi.equipment.simulator import LineSimulator
    from hmi.runtime import Runtime
    from hmi.store.db import sqlite_url

    tmp.mkdir(parents=True)
    plant = load_config(demo_config_path())
    folder = tmp / "in"
    cfg = dataclasses.replace(plant.inspection[0], folder=str(folder), archive=str(tmp / "archive"),
                              serial="file", serial_pattern=r"P\d+")
    plant = dataclasses.replace(plant, inspection=(cfg,))
    sim = LineSimulator(plant, port=0, speed=1.0)
    sim.start()
    rt = Runtime(sim.served_plant(plant), sqlite_url(tmp / "lineside.db"), data_dir=tmp)
    rt.start()
    out: dict = {}
    try:
        t_end = time.monotonic() + 120
        while ("xray1" not in rt.line_inspections or not rt.line_inspections["xray1"].warm) \
                and time.monotonic() < t_end:
            time.sleep(0.05)
        line = rt.line_inspections["xray1"]
        tag = plant.tag(cfg.sequence_tag)
        verdict_tag = plant.tag(cfg.verdict_tag)
        assert tag.address == verdict_tag.address + 1
        unit = plant.equipment_by_id(tag.equipment_id).connection.unit_id
        with PlcSide(sim.port, unit, verdict_tag.address) as plc:
            time.sleep(0.5)
            # paced: one part at a time, as the line runs
            sent = []
            for k in range(a.parts):
                sent.append(shoot(folder, f"P{k:05d}.png", radiograph(a.size, k)))
                time.sleep(a.every_s)
            deadline = time.monotonic() + 30
            while len(plc.moves) < a.parts and time.monotonic() < deadline:
                time.sleep(0.05)
            moves = plc.moves[:a.parts]
            lat = [(m[0] - s) * 1000.0 for m, s in zip(moves, sent)]
            st = line.stats()
            out["paced"] = {"parts": a.parts, "every_s": a.every_s, "verdicts_seen_by_plc": len(moves),
                            "latency_ms_p50": pct(lat, 0.5), "latency_ms_p99": pct(lat, 0.99),
                            "latency_ms_max": round(max(lat), 1) if lat else None,
                            "station_latency_ms_p50": st["latency_ms_p50"],
                            "station_latency_ms_p99": st["latency_ms_p99"],
                            "late": st["late"], "not_inspected": st["not_inspected"]}
            # burst: a backlog of images at once
            n0, late0, delivered0 = len(plc.moves), st["late"], st["delivered"]
            shots = [radiograph(a.size, a.parts + k) for k in range(a.burst)]  # rendered before the clock starts
            t0 = time.perf_counter()
            for k, data in enumerate(shots):
                shoot(folder, f"P{a.parts + k:05d}.png", data)
            t_written = time.perf_counter()
            deadline = time.monotonic() + 300
            while line.stats()["inspected"] < a.parts + a.burst and time.monotonic() < deadline:
                time.sleep(0.05)
            t1 = time.perf_counter()
            st = line.stats()
            out["burst"] = {"images": a.burst, "write_s": round(t_written - t0, 2),
                            "images_per_s": round(a.burst / (t1 - t0), 2),
                            "delivered": st["delivered"] - delivered0, "late_not_written": st["late"] - late0,
                            "verdicts_seen_by_plc": len(plc.moves) - n0}
        out["engine"] = {"torch": "torch, CPU, 1 thread", "onnx": "ONNX Runtime, CPU, 1 thread"}[engine] + \
            " (the station's vision process)"
    finally:
        rt.stop()
        sim.stop()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--parts", type=int, default=40)
    ap.add_argument("--every-s", type=float, default=1.5)
    ap.add_argument("--burst", type=int, default=60)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--engines", default="torch,onnx")
    ap.add_argument("--out")
    a = ap.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="lineside-inspline-"))
    os.environ["LINESIDE_HOME"] = str(tmp / "home")
    from bench.report import emit, host

    load0 = os.getloadavg()
    out: dict = {"size_px": a.size, "model": "resources/models/xray_demo.pt"}
    for engine in a.engines.split(","):
        out[engine] = run_line(engine.strip(), a, tmp / engine.strip())
    out["host"] = host(load0)
    emit(out, a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
