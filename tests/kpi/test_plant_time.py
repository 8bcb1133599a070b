"""KPIs mean the same at any simulator speed: the station runs on the simulated plant's clock
(Runtime(clock=simulator.plant_clock)), so a planned cycle time of 2 s is 2 plant seconds whether the demo
runs at x1 or x80.  Before, --speed 10 gave a performance of 934 % and an OEE of 922 %."""
from __future__ import annotations

import socket
import time

import pytest

from hmi.config import demo_config_path, load_config

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(speed: float, plant_seconds: float, tmp_path) -> dict:
    from hmi.equipment.simulator import LineSimulator
    from hmi.runtime import Runtime
    from hmi.store.db import sqlite_url

    plant = load_config(demo_config_path())
    # the plant's clock starts at 07:00 local time: inside the early shift, away from its break (10:00-10:30),
    # so the result does not depend on when the test runs (at 10:11 the press had no planned time at all)
    lt = time.localtime()
    seven = time.mktime((lt.tm_year, lt.tm_mon, lt.tm_mday, 7, 0, 0, 0, 0, -1))
    sim = LineSimulator(plant, port=_free_port(), speed=speed, start_epoch=seven)
    sim.start()
    rt = Runtime(sim.served_plant(plant), sqlite_url(tmp_path / f"x{speed:g}.db"),
                 data_dir=tmp_path, clock=sim.plant_clock, time_scale=speed)
    try:
        rt.start()
        t0 = sim.plant_clock()
        strokes0 = None
        while sim.plant_clock() - t0 < plant_seconds:
            time.sleep(0.2)
            if strokes0 is None:
                strokes0 = (sim.plant_clock(), sim.values().get("press1.stroke_count"))
        strokes1 = (sim.plant_clock(), sim.values().get("press1.stroke_count"))
        rt.writer.flush(timeout=20)
        result = rt.kpis.line_kpis("line1", t0, sim.plant_clock())
    finally:
        rt.stop()
        sim.stop()
    # the simulator's own truth: strokes per plant hour over (almost) the same window
    truth = (strokes1[1] - strokes0[1]) / ((strokes1[0] - strokes0[0]) / 3600.0)
    return {"kpis": result.kpis, "truth_strokes_per_h": truth}


def test_the_same_kpis_at_x10_and_x60(tmp_path):
    slow, fast = _run(10.0, 300.0, tmp_path), _run(60.0, 300.0, tmp_path)
    for r in (slow, fast):
        k = r["kpis"]
        assert 0.85 <= k["performance"] <= 1.02, k        # the simulated press strokes at its planned 30/min
        assert 0.0 <= k["oee"] <= 1.0 and 0.0 <= k["availability"] <= 1.0, k
        # parts per plant hour against the simulator's strokes per plant hour (every stroke makes a part)
        assert k["units_per_hour"] == pytest.approx(r["truth_strokes_per_h"], rel=0.06), (k, r)
    assert fast["kpis"]["units_per_hour"] == pytest.approx(slow["kpis"]["units_per_hour"], rel=0.06)
