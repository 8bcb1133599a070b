"""Line KPIs from signals + shift log, against a hand-computed night shift."""
from datetime import datetime, timezone
from types import SimpleNamespace

import numpy as np
import pytest

from hmi.config import parse_config
from hmi.kpi.service import compute_line, current_shift
from hmi.kpi.shiftlog import ShiftLog
from hmi.store.db import open_database, sqlite_url

PLANT = """
[plant]
name = "test"
[[lines]]
id = "L1"
name = "Line 1"
[lines.kpi]
timezone = "UTC"
output = "m1"
max_gap_s = 30
machines = [{ equipment = "m1", planned_cycle_s = 5.0 }]
shifts = [{ name = "night", start = "22:00", end = "06:00", crew = 2, breaks = [["02:00", "02:30"]] }]
reasons = [{ code = "die change" }, { code = "planned maintenance", planned = true }]
targets = [
  { kpi = "oee", unit = "%", baseline = 40, target = 80, weight = 0.5 },
  { kpi = "return_rate", unit = "%/month", baseline = 6, target = 3, weight = 0.5 },
]
[[lines.equipment]]
id = "m1"
kind = "press"
[lines.equipment.connection]
protocol = "modbus-tcp"
host = "127.0.0.1"
[[lines.equipment.tags]]
name = "state"
table = "input_register"
address = 0
[[lines.equipment.tags]]
name = "good_count"
table = "input_register"
address = 1
[[lines.equipment.tags]]
name = "defect_count"
table = "input_register"
address = 2
"""
H = 3600.0


def utc(*a) -> float:
    return datetime(*a, tzinfo=timezone.utc).timestamp()


N = utc(2024, 3, 4, 22)   # night shift 22:00 - 06:00 UTC, break 02:00-02:30


class Source:
    """Signals sampled every 10 s from 21:59 to 05:59:50 (the raw() of a historian)."""

    def __init__(self):
        ts = np.arange(N - 60, N + 8 * H, 10.0)
        rel = ts - N
        # running; fault 23:00-23:30; idle 00:30-01:00
        state = np.ones(ts.size)
        state[(rel >= 1 * H) & (rel < 1.5 * H)] = 2
        state[(rel >= 2.5 * H) & (rel < 3 * H)] = 0
        state[rel < 0] = 0
        # good (uint16), +10 a sample while a batch runs: 65000, +1000 from 22:30, +1000 from 00:00 (wraps),
        # +100 in the break (02:15), meter reset to 0 at 03:00, +500 from 04:00

        def ramp(start_s, total):
            return np.clip(np.floor((rel - start_s) / 10) + 1, 0, total / 10) * 10

        good = (65000.0 + ramp(0.5 * H, 1000) + ramp(2 * H, 1000) + ramp(4.25 * H, 100)) % 65536
        good[rel >= 5 * H] = 0
        good[rel >= 6 * H] = ramp(6 * H, 500)[rel >= 6 * H]
        defects = np.where(rel >= 1.75 * H, 20.0, 0.0)
        q = np.zeros(ts.size, dtype=np.int8)
        self.data = {"m1.state": (ts, state, q), "m1.good_count": (ts, good, q), "m1.defect_count": (ts, defects, q)}
        self.calls = []

    def raw(self, tag, t0, t1):
        self.calls.append((tag, t0, t1))
        ts, v, q = self.data[tag]
        m = (ts >= t0) & (ts <= t1)
        return SimpleNamespace(ts=ts[m], value=v[m], quality=q[m])


@pytest.fixture
def log(tmp_path):
    engine = open_database(sqlite_url(tmp_path / "kpi.db"))
    yield ShiftLog(engine)
    engine.dispose()


def test_night_shift_by_hand(log):
    plant = parse_config(PLANT)
    assert plant.lines[0].kpi.machines[0].counter_modulus == 65536
    log.add_downtime("kim", "L1", "m1", N + 1 * H, N + 1.5 * H, "die change")
    log.add_downtime("kim", "L1", "m1", N + 2.5 * H, N + 3 * H, "planned maintenance")
    log.add_returns("kim", "L1", "2024-03", 3, 100)
    r = compute_line(plant, "L1", Source(), N, N + 8 * H, shift_log=log, now=N + 10 * H,
                     coverage=lambda line, a, b: 0.97)
    t = r.totals
    # PBT = 8 h - 0.5 h break - 0.5 h planned maintenance = 7 h; APT = 1 + 1 + (5 - 0.5) = 6.5 h
    assert (t.pbt_s, t.apt_s, t.fault_s, t.idle_s, t.unobserved_s) == (7 * H, 6.5 * H, 0.5 * H, 0, 0)
    # good: 1000 + 1000 (across the uint16 wrap) + 500 after the meter reset; the 100 in the break are outside
    assert (t.good, t.defects, t.outside_pbt, t.failures) == (2500, 20, 100, 1)
    m = r.machines["m1"].counters
    assert m["rollovers"] == 1 and m["resets"] == 1
    k = r.kpis
    assert k["availability"] == pytest.approx(6.5 / 7)
    assert k["performance"] == pytest.approx(5 * 2520 / (6.5 * H))
    assert k["quality"] == pytest.approx(2500 / 2520)
    assert k["oee"] == pytest.approx(2500 * 5 / (7 * H))                   # 0.496032
    assert k["units_per_hour"] == pytest.approx(360.0) and k["defects_per_hour"] == pytest.approx(20 / 7)
    assert k["man_hours_per_unit"] == pytest.approx(2 * 7 / 2500)
    assert k["mtbf_h"] == pytest.approx(3.25) and k["mttr_h"] == pytest.approx(0.5)
    assert k["return_rate"] == pytest.approx(0.03) and k["trace_coverage"] == 0.97 and r.trace_configured
    assert r.pareto == [{"reason": "die change", "seconds": 1800.0, "share": 1.0, "cumulative": 1.0}]
    assert r.planned == {"planned maintenance": 1800.0}
    assert [(s.state, s.reason, s.start - N, s.duration_s) for s in r.stops] == [
        ("idle", "planned maintenance", 2.5 * H, 0.5 * H), ("fault", "die change", 1 * H, 0.5 * H)]
    # targets: OEE 49.6 % on 40 -> 80 % scores 0.24; returns 3 % on 6 -> 3 % scores 1
    ach = {row["name"]: row["achievement"] for row in r.targets["rows"]}
    assert ach["oee"] == pytest.approx((100 * 2500 * 5 / (7 * H) - 40) / 40)
    assert ach["return_rate"] == pytest.approx(1.0)
    assert r.targets["weighted_achievement"] == pytest.approx(0.5 * ach["oee"] + 0.5)
    [shift] = r.shifts
    assert shift.day == "2024-03-04" and shift.name == "night"
    assert len(r.trend["oee"]) == 8 and r.trend["availability"][1] == (N + H, 0.5)  # 23:00-00:00: half fault


def test_the_planned_reason_raises_availability(log):
    plant = parse_config(PLANT)
    before = compute_line(plant, "L1", Source(), N, N + 8 * H, shift_log=log, now=N + 10 * H)
    assert before.kpis["availability"] == pytest.approx(6.5 / 7.5)          # the idle stop is downtime
    assert {p["reason"]: p["seconds"] for p in before.pareto} == {"idle (no reason)": 1800.0,
                                                                   "fault (no reason)": 1800.0}
    assert not before.trace_configured
    assert before.kpis["trace_coverage"] is None and before.kpis["return_rate"] is None
    log.add_downtime("kim", "L1", "m1", N + 2.5 * H, N + 3 * H, "planned maintenance")
    after = compute_line(plant, "L1", Source(), N, N + 8 * H, shift_log=log, now=N + 10 * H)
    assert after.kpis["availability"] == pytest.approx(6.5 / 7)


def test_running_shift_counts_so_far_and_current_shift():
    plant = parse_config(PLANT)
    now = N + 1.5 * H                    # 23:30: ran 1 h, in fault for 0.5 h
    r = compute_line(plant, "L1", Source(), N, N + 8 * H, now=now)
    assert r.t1 == now and r.totals.pbt_s == 1.5 * H and r.totals.apt_s == 1 * H
    assert r.kpis["availability"] == pytest.approx(2 / 3)
    inst = current_shift(plant.lines[0].kpi, now)
    assert (inst.name, inst.start, inst.end) == ("night", N, N + 8 * H)


def test_zero_production_and_down_all_shift():
    plant = parse_config(PLANT)
    src = Source()
    ts = src.data["m1.state"][0]
    src.data["m1.state"] = (ts, np.full(ts.size, 2.0), src.data["m1.state"][2])
    src.data["m1.good_count"] = (ts, np.full(ts.size, 7.0), src.data["m1.state"][2])
    src.data["m1.defect_count"] = (ts, np.zeros(ts.size), src.data["m1.state"][2])
    r = compute_line(plant, "L1", src, N, N + 8 * H, now=N + 10 * H)
    k = r.kpis
    assert k["availability"] == 0.0 and k["oee"] == 0.0 and k["quality"] is None and k["performance"] is None
    assert r.totals.fault_s == 7.5 * H and r.totals.failures == 0     # in fault since before the shift
    assert r.pareto[0]["reason"] == "fault (no reason)"


def test_errors():
    plant = parse_config(PLANT)
    with pytest.raises(ValueError, match="empty"):
        compute_line(plant, "L1", Source(), N, N + H, now=N - 10)
    with pytest.raises(KeyError):
        compute_line(plant, "nope", Source(), N, N + H)


def test_planned_cycle_follows_the_rate_setpoint_tag():
    """An engineer raises the press from 30 to 32 strokes/min halfway through the hour and the press follows:
    with the setpoint tag as the plan, performance stays at 100 % (the plant file alone would say 103 %).
    The hour ends at 13:00 local time: the demo's shifts have no break in it (a window over a break has less
    planned time, whenever the test happens to run)."""
    from dataclasses import replace
    from datetime import date, datetime
    from datetime import time as clock

    from hmi.config import demo_config_path, load_config

    plant = load_config(demo_config_path())
    t_end = datetime.combine(date.today(), clock(13, 0)).timestamp()
    ts = np.arange(t_end - 3600, t_end, 1.0)
    half = ts < t_end - 1800
    # parts: one per 2 s for the first half, one per 60/32 s for the second (exact counts from the times)
    made = np.where(half, (ts - ts[0]) / 2.0, 900 + (ts - (t_end - 1800)) / (60 / 32))
    parts = np.floor(made).astype(int)

    class Source:
        def raw(self, tag, t0, t1):
            if tag == "press1.state":
                v = np.ones(ts.size)
            elif tag == "press1.good_count":
                v = parts.astype(float)
            elif tag == "press1.spm_setpoint":
                v = np.where(half, 30.0, 32.0)
            else:
                v = np.zeros(ts.size)
            m = (ts >= t0) & (ts <= t1)
            return SimpleNamespace(ts=ts[m], value=v[m], quality=np.zeros(m.sum(), np.int8))

    r = compute_line(plant, "line1", Source(), t_end - 3500, t_end, now=t_end)
    assert r.machines["press1"].kpis["performance"] == pytest.approx(1.0, abs=0.01)
    fixed = replace(plant, lines=tuple(replace(ln, kpi=replace(ln.kpi, machines=tuple(
        replace(m, planned_rate_tag=None) for m in ln.kpi.machines))) for ln in plant.lines))
    r2 = compute_line(fixed, "line1", Source(), t_end - 3500, t_end, now=t_end)
    assert r2.machines["press1"].kpis["performance"] == pytest.approx(1 + 0.5 * (32 / 30 - 1), abs=0.01)
