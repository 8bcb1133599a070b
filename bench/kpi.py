"""KPI computation cost: 30 days of 1 s data for one line, from raw signals to shift/day KPIs.

Generates (not timed) a good-part counter and a defect counter (uint16, wrapping, with one meter
reset and comm-loss gaps), a machine-state signal (running / idle / fault, with operator reason
codes) and a three-shift schedule with breaks and planned downtime; then times counter accounting,
state timeline, per-shift and per-day KPIs, the downtime Pareto and the target evaluation ("seconds"),
then the whole line service (hmi.kpi.service.compute_line) on the demo line's two machines
("line_service.seconds", six signals served from memory; reading them from the database is not
included). Prints one JSON document.

    python bench/kpi.py [--days 30] [--seed 1]
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hmi.kpi.accounting import ReasonEntry, Schedule, ShiftDef, counter_increments, state_timeline  # noqa: E402
from hmi.kpi.oee import daily_reports, pareto, shift_reports, sum_reports  # noqa: E402
from hmi.config import KpiTargetConfig  # noqa: E402
from hmi.kpi.targets import LineTargets  # noqa: E402

T0 = 1_704_067_200.0  # 2024-01-01 00:00 UTC
MOD = 65536


def generate(days: int, seed: int):
    rng = np.random.default_rng(seed)
    n = days * 86400
    ts = T0 + np.arange(n, dtype=np.float64)
    # machine state: alternating running runs (mean 2 h) and stops (idle 70 % / fault 30 %, mean 10 min)
    k = days * 24
    run = rng.exponential(7200, k).astype(np.int64) + 60
    stop = rng.exponential(600, k).astype(np.int64) + 30
    stop_state = np.where(rng.random(k) < 0.3, 2, 0)
    durs = np.column_stack((run, stop)).ravel()
    states = np.column_stack((np.ones(k, np.int64), stop_state)).ravel()
    state = np.repeat(states, durs)[:n].astype(np.float64)
    if state.size < n:
        state = np.concatenate((state, np.ones(n - state.size)))
    running = state == 1
    # counters: a part every ~5.5 s while running, 1.5 % defects; uint16 wrap; one meter reset
    part = running & (rng.random(n) < 1 / 5.5)
    bad = part & (rng.random(n) < 0.015)
    good_raw = np.cumsum(part & ~bad) + 60_000
    good_raw[n // 2:] -= good_raw[n // 2] - 0  # meter reset to 0 half way
    good = (good_raw % MOD).astype(np.float64)
    defects = (np.cumsum(bad) % MOD).astype(np.float64)
    # comm loss: 20 gaps of 2 min on every signal
    q = np.zeros(n, dtype=np.int8)
    for s in rng.integers(0, n - 200, 20):
        q[s:s + 120] = 3
    # operator reason codes on half of the faults
    edges = np.flatnonzero(np.diff(state) != 0) + 1
    starts = np.concatenate(([0], edges))
    ends = np.append(edges, n)
    fault_idx = np.flatnonzero(state[starts] == 2)[::2]
    codes = ["die change", "hydraulic leak", "sensor fault", "material jam"]
    reasons = [ReasonEntry(T0 + starts[i], T0 + ends[i], codes[j % 4]) for j, i in enumerate(fault_idx)]
    return ts, good, defects, state, q, reasons


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--days", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()

    g0 = time.perf_counter()
    ts, good, defects, state, q, reasons = generate(args.days, args.seed)
    gen_s = time.perf_counter() - g0
    sched = Schedule((ShiftDef("early", "06:00", "14:00", 4, (("10:00", "10:30"),)),
                      ShiftDef("late", "14:00", "22:00", 4, (("18:00", "18:30"),)),
                      ShiftDef("night", "22:00", "06:00", 3, (("02:00", "02:30"),))),
                     planned_downtime=tuple((T0 + d * 86400 + 7 * 86400 - 4 * 3600,
                                             T0 + d * 86400 + 7 * 86400 - 2 * 3600)
                                            for d in range(0, args.days, 7)))
    table = LineTargets("L1", (
        KpiTargetConfig("units_per_hour", "1/h", 670, 690, 0.3, "higher"),
        KpiTargetConfig("defects_per_hour", "1/h", 3, 0.5, 0.2, "lower"),
        KpiTargetConfig("man_hours_per_unit", "h", 4.48, 4, 0.15, "lower"),
        KpiTargetConfig("oee", "", 0.6, 0.75, 0.35, "higher")))

    t_start = time.perf_counter()
    gc = counter_increments(ts, good, q, modulus=MOD, max_step=50)
    dc = counter_increments(ts, defects, q, modulus=MOD, max_step=50)
    tl = state_timeline(ts, state, q, end=ts[-1] + 1, reasons=reasons)
    shifts = shift_reports(sched, tl, gc, dc, planned_cycle_s=5.0, t0=T0, t1=T0 + args.days * 86400)
    days = daily_reports(shifts)
    month, downtime = sum_reports(shifts)
    kpis = month.kpis()
    ev = table.evaluate(kpis)
    seconds = time.perf_counter() - t_start

    # the whole line service (hmi.kpi.service.compute_line): the demo line's two machines, six signals of
    # 30 days at 1 s, served from memory like the historian's raw(); reasons from a stand-in shift log;
    # shifts, days, trend (one point per shift), Pareto, targets. Database reading is not included.
    from types import SimpleNamespace

    from hmi.config import demo_config_path, load_config
    from hmi.kpi.service import compute_line

    plant = load_config(demo_config_path())
    ts2, good2, defects2, state2, q2, reasons2 = generate(args.days, args.seed + 1)
    signals = {"press1": (ts, good, defects, state, q), "caster1": (ts2, good2, defects2, state2, q2)}

    class Source:
        def raw(self, tag, a, b):
            eq, name = tag.split(".", 1)
            t, g, d, s, qq = signals[eq]
            v = {"state": s, "good_count": g, "defect_count": d}[name]
            i0, i1 = np.searchsorted(t, a, "left"), np.searchsorted(t, b, "right")
            return SimpleNamespace(ts=t[i0:i1], value=v[i0:i1], quality=qq[i0:i1])

    class Log:
        def reasons(self, line, a, b):
            return {"press1": reasons, "caster1": reasons2}

        def returns(self, line):
            return {}

    l_start = time.perf_counter()
    line_result = compute_line(plant, "line1", Source(), T0, T0 + args.days * 86400, shift_log=Log(),
                               now=T0 + args.days * 86400)
    line_seconds = time.perf_counter() - l_start

    def rnd(x):
        return None if x is None else round(x, 4)

    print(json.dumps({
        "bench": "kpi", "seconds": round(seconds, 4), "generate_seconds": round(gen_s, 3),
        "rows": int(ts.size), "signals": 3, "days": args.days,
        "shift_reports": len(shifts), "day_reports": len(days), "state_segments": int(tl.start.size),
        "counter": {"good": gc.total, "defects": dc.total, "rollovers": gc.rollovers + dc.rollovers,
                    "resets": gc.resets + dc.resets, "gaps": gc.gaps, "gap_s": gc.gap_s},
        "kpis": {k2: rnd(v) for k2, v in kpis.items()},
        "failures": month.failures,
        "pareto_top": [{"reason": p["reason"], "hours": round(p["seconds"] / 3600, 2),
                        "cumulative": rnd(p["cumulative"])} for p in pareto(downtime)[:5]],
        "weighted_achievement": rnd(ev["weighted_achievement"]),
        "line_service": {"seconds": round(line_seconds, 4), "machines": len(line_result.machines),
                         "rows": int(ts.size + ts2.size) * 3, "shifts": len(line_result.shifts),
                         "trend_points": len(line_result.trend.get("oee", [])),
                         "oee": rnd(line_result.kpis["oee"]),
                         "weighted_achievement": rnd((line_result.targets or {}).get("weighted_achievement"))},
        "python": platform.python_version(), "numpy": np.__version__,
    }, indent=1))


if __name__ == "__main__":
    main()
