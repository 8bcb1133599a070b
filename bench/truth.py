"""The station's figures against what the simulated plant really did, at demo speeds 1, 10 and 600.

    python bench/truth.py                       # 8 plant hours healthy + each fault, at speeds 1, 10, 600
    python bench/truth.py --speeds 600 --healthy-h 2 --faults lubrication_loss

Each scenario runs the demo plant and a whole station (historian, alarm engine, KPI service, maintenance
scorer) in simulated time (:class:`hmi.sim_station.SimulatedStation`): the plant's physics and the station's
scans, alarm timers and scoring advance as they would at that ``--speed`` (physics step, scan periods and
timer periods in plant seconds), with no socket in between.  The truth is the simulator's own record
(:mod:`hmi.equipment.truth`): parts made, state intervals, true limit crossings, fault onsets.

Printed: one JSON document.  ``healthy``: per speed, the KPI figures of every machine (station and truth over
the same planned busy time), the alarms raised, the anomaly alarms, every time-to-limit forecast shown, the
lowest health index.  ``faults``: per speed and fault, the onset, the true trip-limit crossing, the first
detection (which alarm, or the anomaly) and the lead time before the trip, and for lubrication loss the
forecast (running time to the trip, as the Maintenance page says it) against the running time truly left, and the
first forecast advice about the faulty machine.  ``advice`` (with ``burner_fault`` among the faults): the burner fails
and the run is made twice, with an operator who ignores the setpoint advice and one who follows it; what the melt
truly did (minutes below its normal range and its LO limit, lowest value, LO alarms, setpoint changes made).  ``host``: load average and CPU count of the machine it ran on.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hmi.config import load_config  # noqa: E402
from hmi.equipment.sim_physics import FAULTS  # noqa: E402
from hmi.kpi.service import _clip, schedule_of  # noqa: E402
from hmi.maintenance.scorer import ANOMALY_SUFFIX  # noqa: E402
from hmi.sim_station import SimulatedStation  # noqa: E402
from bench.report import emit, host  # noqa: E402

PLANT = ROOT / "resources" / "demo_plant.toml"
EPOCH = 1_799_996_400.0  # 2027-01-14 ~07:00 local-ish: inside a shift, whole hours
#: forecast errors are given relative to the time left while at least this much is left (plant seconds); in
#: the last minutes the error is given in minutes
FORECAST_FAR_S = 300.0
ONSET_H = 2.0  # faults start this many plant hours in (the anomaly model has learnt by then)
#: the limit each fault ends in (its trip): tag and alarm kind; None: the fault has no trip (detect it at once)
TRIPS = {
    "lubrication_loss": ("press1.bushing_temp", "HIHI"),
    "bearing_wear": ("press1.vibration_rms", "HI"),
    "burner_fault": ("caster1.melt_temp", "LO"),
    "sensor_dropout": None,
    "device_offline": None,
    "machine_stop": None,
}
FAULT_SPEC = {
    "lubrication_loss": "lubrication_loss:press1@{at}",
    "bearing_wear": "bearing_wear:press1@{at}",
    "burner_fault": "burner_fault:caster1@{at}",
    "sensor_dropout": "sensor_dropout:press1.bushing_temp@{at}",
    "device_offline": "device_offline:caster1@{at}+20min",
    "machine_stop": "machine_stop:caster1@{at}+30min",
}


def pbt_windows(plant, line_id: str, a: float, b: float) -> np.ndarray:
    kc = plant.line(line_id).kpi
    insts = [i for i in schedule_of(kc).instances(a - 2 * 86400, b) if i.end > a and i.start < b]
    w = [_clip(i.pbt_windows, max(i.start, a), min(i.end, b)) for i in insts]
    return np.vstack(w) if w else np.zeros((0, 2))


class Watch:
    """Collects what the station said while the plant ran: alarm events and maintenance snapshots."""

    def __init__(self, station: SimulatedStation, counterfactual: tuple[str, str, float] | None = None):
        self.st = station
        #: (tag key, kind, limit) whose forecasts are checked against the machine running on without a stop
        self.counterfactual = counterfactual
        self.events = []
        station.runtime.alarms.subscribe(self.events.append)
        self.health: dict[str, list[tuple[float, float]]] = {}
        self.forecasts: list[dict] = []
        self.anomaly_states: dict[str, list[float]] = {}
        self.advice: list[dict] = []

    def __call__(self, now: float) -> None:
        for eid, h in self.st.runtime.maintenance.snapshot().items():
            for a in h.advice:
                self.advice.append({"t": now, "tag": a.tag, "edge": a.edge, "direction": a.direction,
                                    "in_s": a.in_s, "change": a.change, "setpoint": a.setpoint,
                                    "to": a.setpoint_to, "text": str(a.text())})
            if h.health is not None:
                self.health.setdefault(eid, []).append((now, float(h.health)))
            if h.anomaly:
                self.anomaly_states.setdefault(eid, []).append(now)
            for e in h.etas:
                if e.eta is not None and e.eta.eta_s > 0:
                    f = {"t": now, "equipment": eid, "tag": e.tag, "kind": e.kind, "eta_s": float(e.eta.eta_s),
                         "value": e.value, "model": e.eta.model}
                    cf = self.counterfactual
                    if cf is not None and (e.tag, e.kind) == cf[:2]:
                        f["if_running_s"] = self.st.sim.running_time_to(eid, e.tag.split(".", 1)[1], cf[2],
                                                                        above=e.kind in ("HI", "HIHI"))
                    self.forecasts.append(f)

    def raised(self, after: float = -math.inf) -> list:
        return [e for e in self.events if e.event == "raised" and e.ts >= after]


def kpi_vs_truth(st: SimulatedStation, plant, a: float, b: float) -> dict:
    line = plant.lines[0]
    res = st.runtime.kpis.line_kpis(line.id, a, b)
    w = pbt_windows(plant, line.id, a, b)
    nominal = float(np.sum(w[:, 1] - w[:, 0]))
    out = {}
    for eid, m in res.machines.items():
        good, defects = st.truth.parts(eid, w)
        secs = st.truth.state_seconds(eid, w)
        h = nominal / 3600.0
        truth = {"units_per_hour": (good + defects) / h, "good_per_hour": good / h, "defects_per_hour": defects / h,
                 "availability": secs["running"] / nominal}
        k = m.kpis
        row = {"pbt_h": round(m.totals.pbt_s / 3600, 3), "unobserved_s": round(m.totals.unobserved_s, 1)}
        for name in ("units_per_hour", "good_per_hour", "defects_per_hour"):
            sv, tv = k[name], truth[name]
            row[name] = {"station": _r(sv), "truth": _r(tv),
                         "error_pct": _r(100.0 * (sv - tv) / tv) if (sv is not None and tv) else None}
        sv, tv = k["availability"], truth["availability"]
        row["availability"] = {"station": _r(sv), "truth": _r(tv),
                               "error_pp": _r(100.0 * (sv - tv)) if sv is not None else None}
        for name in ("performance", "quality", "oee"):
            v = k[name]
            row[name] = {"station": _r(v), "in_range": v is None or 0.0 <= v <= 1.0}
        out[eid] = row
    from hmi.kpi.oee import implausible

    out["line_flags"] = {kk: str(v) for kk, v in implausible(res.kpis).items()}
    return out


def _r(v, n: int = 4):
    return None if v is None else round(float(v), n)


def healthy(plant, speed: float, hours: float, seed: int, tmp: Path) -> dict:
    d = tmp / f"healthy-{speed:g}"
    d.mkdir()
    st = SimulatedStation(plant, f"sqlite:///{d / 'plant.db'}", speed=speed, seed=seed, start_epoch=EPOCH,
                          data_dir=d)
    watch = Watch(st)
    t0 = time.perf_counter()
    with st:
        st.run_for(hours * 3600.0, every_s=30.0, observe=watch)
        wall = time.perf_counter() - t0
        st.flush()
        kpis = kpi_vs_truth(st, plant, st.epoch, st.now)
        fitted = {eid: h.state for eid, h in st.runtime.maintenance.snapshot().items()}
    raised = watch.raised()
    anomalies = [e for e in raised if e.tag.endswith("." + ANOMALY_SUFFIX)]
    by_alarm: dict[str, int] = {}
    for e in raised:
        by_alarm[e.alarm_id] = by_alarm.get(e.alarm_id, 0) + 1
    forecasts = {}
    for f in watch.forecasts:
        key = f"{f['tag']} {f['kind']}"
        x = forecasts.setdefault(key, {"shown": 0, "first_h": round((f["t"] - st.epoch) / 3600, 2),
                                       "shortest_eta_h": None})
        x["shown"] += 1
        e = f["eta_s"] / 3600
        x["shortest_eta_h"] = round(e if x["shortest_eta_h"] is None else min(x["shortest_eta_h"], e), 2)
    health = {}
    for eid, rows in watch.health.items():
        v = np.array([h for _, h in rows])
        health[eid] = {"min": round(float(v.min()), 1), "below_90_pct": round(100.0 * float(np.mean(v < 90.0)), 1),
                       "median": round(float(np.median(v)), 1), "observations": int(v.size)}
    advice: dict[str, int] = {}
    for x in watch.advice:
        advice[f"{x['tag']} {x['direction']} {x['edge']:g}"] = advice.get(f"{x['tag']} {x['direction']} {x['edge']:g}", 0) + 1
    return {"speed": speed, "plant_h": hours, "wall_s": round(wall, 1), "kpis": kpis,
            "alarms_raised": by_alarm, "anomaly_alarms": len(anomalies), "advice_shown": advice,
            "anomaly_alarm_times_h": [round((e.ts - st.epoch) / 3600, 2) for e in anomalies],
            "forecasts_shown": forecasts, "health": health, "model_state": fitted}


def fault(plant, speed: float, name: str, seed: int, tmp: Path, max_h: float) -> dict:
    d = tmp / f"{name}-{speed:g}"
    d.mkdir()
    at = ONSET_H * 3600.0
    st = SimulatedStation(plant, f"sqlite:///{d / 'plant.db'}", speed=speed, seed=seed, start_epoch=EPOCH,
                          faults=[FAULT_SPEC[name].format(at=f"{at:g}")], data_dir=d)
    trip = TRIPS[name]
    cf = None
    if trip is not None:
        limit = next(a.limit for a in plant.tag(trip[0]).alarms if a.kind == trip[1])
        cf = (trip[0], trip[1], float(limit))
    watch = Watch(st, cf)
    t0 = time.perf_counter()
    onset = EPOCH + at
    with st:
        st.run_until(onset, every_s=30.0, observe=watch)
        before = {e.alarm_id for e in watch.raised()}
        step = 600.0
        true_trip = None
        while st.now < EPOCH + max_h * 3600.0:
            st.run_for(step, every_s=30.0, observe=watch)
            if trip is not None:
                true_trip = st.truth.first_crossing(trip[0], trip[1], after=onset)
                if true_trip is not None and st.now >= true_trip + 600.0:
                    break
            elif st.now >= onset + 3600.0:
                break
        wall = time.perf_counter() - t0
    f = st.truth.faults()[0]
    eid = f.equipment_id
    mine = [e for e in watch.raised(onset) if e.equipment == eid or e.tag.startswith(eid + ".")]
    first = mine[0] if mine else None
    anomaly = next((e for e in mine if e.tag.endswith("." + ANOMALY_SUFFIX)), None)
    row = {"speed": speed, "fault": name, "equipment": eid, "tag": f.tag, "wall_s": round(wall, 1),
           "onset_h": round((f.start - EPOCH) / 3600, 3),
           "detected_by": None if first is None else f"{first.alarm_id} ({first.kind})",
           "detection_delay_s": None if first is None else round(first.ts - onset, 1),
           "anomaly_delay_s": None if anomaly is None else round(anomaly.ts - onset, 1),
           "alarms_before_onset": sorted(before)}
    adv = [x for x in watch.advice if x["t"] >= onset and x["tag"] == f.tag] if f.tag else \
        [x for x in watch.advice if x["t"] >= onset and x["tag"].startswith(eid + ".")]
    if adv:
        row["advice_first"] = {"after_onset_min": round((adv[0]["t"] - onset) / 60, 1), "text": adv[0]["text"]}
    if trip is not None:
        row["trip"] = f"{trip[0]} {trip[1]}"
        row["true_trip_after_onset_h"] = None if true_trip is None else round((true_trip - onset) / 3600, 3)
        row["lead_time_min"] = (None if (true_trip is None or first is None)
                                else round((true_trip - first.ts) / 60, 1))
        row["detected_before_trip"] = bool(true_trip is not None and first is not None and first.ts < true_trip)
        fc = [x for x in watch.forecasts if x["tag"] == trip[0] and x["kind"] == trip[1] and x["t"] >= onset
              and (true_trip is None or x["t"] < true_trip)]
        if fc and true_trip is not None:
            # the forecast is running time ("after ~40 min more running"): against the running time truly left
            rem = np.array([st.truth.state_seconds(eid, [(x["t"], true_trip)])["running"] for x in fc])
            err = np.array([x["eta_s"] for x in fc]) - rem   # predicted minus true time to the trip
            far = rem >= FORECAST_FAR_S
            row["forecast"] = {
                "first_shown_min_before_trip": round((true_trip - fc[0]["t"]) / 60, 1),
                "first_shown_running_min_before_trip": round(rem[0] / 60, 1),
                "error_at_first_pct": round(100 * err[0] / rem[0], 1),
                # relative to the time left, while at least FORECAST_FAR_S is left
                "max_abs_error_pct": round(100 * float(np.max(np.abs(err[far]) / rem[far])), 1) if far.any() else None,
                "median_abs_error_pct": round(100 * float(np.median(np.abs(err[far]) / rem[far])), 1)
                if far.any() else None,
                # in the last minutes, in minutes (a fast demo's samples are 12 s apart)
                "max_abs_error_min_last": round(float(np.max(np.abs(err[~far]))) / 60, 1) if (~far).any() else None,
                "within_25pct": bool(far.any() and np.all(np.abs(err[far]) <= 0.25 * rem[far])),
                "shown": len(fc)}
            # what the forecast claims ("after ~X more running"): the same machine running on without a stop
            cfs = [(x["eta_s"], x["if_running_s"]) for x in fc if x.get("if_running_s")]
            cfs_far = [(a, b) for a, b in cfs if b >= FORECAST_FAR_S]
            if cfs_far:
                rel = np.array([abs(a - b) / b for a, b in cfs_far])
                row["forecast"]["if_running_on"] = {
                    "max_abs_error_pct": round(100 * float(rel.max()), 1),
                    "median_abs_error_pct": round(100 * float(np.median(rel)), 1),
                    "within_25pct": bool(np.all(rel <= 0.25)), "checked": len(cfs_far)}
        else:
            row["forecast"] = None
    return row


def advice_followed(plant, speed: float, seed: int, tmp: Path, hours_after: float = 4.0) -> dict:
    """The burner fails ONSET_H hours in (the melt loses 12 °C an hour below its setpoint): run once with an
    operator who ignores the forecast advice and once with one who follows it (sets the advised setpoint at
    most once every 10 plant minutes); what the melt truly did in the hours after: minutes below the normal
    range (690 °C) and below the LO limit (680 °C), and the setpoint changes made."""
    out = {"speed": speed, "fault": "burner_fault", "hours_after_onset": hours_after}
    for follow in (False, True):
        d = tmp / f"advice-{speed:g}-{follow}"
        d.mkdir()
        at = ONSET_H * 3600.0
        st = SimulatedStation(plant, None, speed=speed, seed=seed, start_epoch=EPOCH,
                              faults=[FAULT_SPEC["burner_fault"].format(at=f"{at:g}")], data_dir=d)
        watch = Watch(st)
        changes: list[dict] = []

        def operator(now: float) -> None:
            watch(now)
            if not follow or (changes and now - changes[-1]["t"] < 600.0):
                return
            h = st.runtime.maintenance.snapshot().get("caster1")
            a = next((x for x in (h.advice if h else ()) if x.setpoint and x.change), None)
            if a is not None:
                st.write(a.setpoint, float(a.setpoint_to))  # the operator sets it at the panel
                changes.append({"t": now, "h_after_onset": round((now - onset) / 3600, 2), "to": a.setpoint_to})

        onset = EPOCH + at
        with st:
            st.run_until(onset + hours_after * 3600.0, every_s=30.0, observe=operator)
        t, v = st.truth.values("caster1.melt_temp")
        sel = t >= onset
        dt = float(np.median(np.diff(t))) if t.size > 1 else 1.0
        lo = next(x.limit for x in plant.tag("caster1.melt_temp").alarms if x.kind == "LO")
        key = "followed" if follow else "ignored"
        out[key] = {"min_below_normal": round(float(np.sum(v[sel] < 690.0)) * dt / 60, 1),
                    "min_below_lo": round(float(np.sum(v[sel] < lo)) * dt / 60, 1),
                    "lowest": round(float(v[sel].min()), 1),
                    "lo_alarms": sum(1 for e in watch.raised(onset) if e.alarm_id == "caster1.melt_temp.lo"),
                    "advice_first_after_onset_min": (round((watch.advice[0]["t"] - onset) / 60, 1)
                                                     if watch.advice else None),
                    "setpoint_changes": changes}
    return out


def live(plant, speed: float, wall_s: float, seed: int, tmp: Path) -> dict:
    """The real thing for ``wall_s`` wall seconds: the simulator serving Modbus-TCP, the station polling it in
    real time (threads, sockets, the writer process), as ``lineside demo --speed`` runs; KPIs against truth."""
    from hmi.equipment.simulator import LineSimulator
    from hmi.runtime import Runtime

    d = tmp / f"live-{speed:g}"
    d.mkdir()
    sim = LineSimulator(plant, port=0, speed=speed, seed=seed)
    sim.start()
    try:
        rt = Runtime(sim.served_plant(plant), f"sqlite:///{d / 'plant.db'}", data_dir=d,
                     clock=sim.plant_clock, time_scale=speed)
        with rt:
            a = sim.plant_clock()
            time.sleep(wall_s)
            b = sim.plant_clock()
        # the runtime has stopped (and flushed); the window is what both saw
        from hmi.kpi.service import KpiService
        from hmi.store.db import open_database
        from hmi.store.historian import Historian

        eng = open_database(f"sqlite:///{d / 'plant.db'}")
        res = KpiService(plant, Historian(eng), clock=lambda: b).line_kpis(plant.lines[0].id, a, b)
        eng.dispose()
    finally:
        sim.stop()
    w = pbt_windows(plant, plant.lines[0].id, a, b)
    nominal = float(np.sum(w[:, 1] - w[:, 0]))
    out = {"speed": speed, "wall_s": wall_s, "plant_h": round((b - a) / 3600, 3)}
    for eid, m in res.machines.items():
        good, defects = sim.truth.parts(eid, w)
        k = m.kpis
        tv = (good + defects) / (nominal / 3600)
        out[eid] = {"units_per_hour": {"station": _r(k["units_per_hour"]), "truth": _r(tv),
                                       "error_pct": _r(100 * (k["units_per_hour"] - tv) / tv) if tv else None},
                    "availability": {"station": _r(k["availability"]),
                                     "truth": _r(sim.truth.state_seconds(eid, w)["running"] / nominal)},
                    "unobserved_s": round(m.totals.unobserved_s, 1), "oee": _r(k["oee"])}
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--speeds", default="1,10,600")
    ap.add_argument("--healthy-h", type=float, default=8.0)
    ap.add_argument("--faults", default=",".join(FAULTS))
    ap.add_argument("--max-h", type=float, default=10.0, help="longest fault run (plant hours)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", help="also write the JSON here")
    ap.add_argument("--live-s", type=float, default=0.0,
                    help="also run the served demo (sockets, threads) this many wall seconds per speed")
    a = ap.parse_args(argv)
    plant = load_config(PLANT)
    speeds = [float(s) for s in a.speeds.split(",") if s]
    faults = [f for f in a.faults.split(",") if f]
    load0 = os.getloadavg()
    t0 = time.perf_counter()
    out = {"plant": str(PLANT.relative_to(ROOT)), "seed": a.seed, "healthy": [], "faults": [], "live": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for sp in speeds:
            if a.healthy_h > 0:
                out["healthy"].append(healthy(plant, sp, a.healthy_h, a.seed, tmp))
                print(json.dumps(out["healthy"][-1]), file=sys.stderr)
            for name in faults:
                out["faults"].append(fault(plant, sp, name, a.seed, tmp, a.max_h))
                print(json.dumps(out["faults"][-1]), file=sys.stderr)
            if "burner_fault" in faults:
                out.setdefault("advice", []).append(advice_followed(plant, sp, a.seed, tmp))
                print(json.dumps(out["advice"][-1]), file=sys.stderr)
            if a.live_s > 0:
                out["live"].append(live(plant, sp, a.live_s, a.seed, tmp))
                print(json.dumps(out["live"][-1]), file=sys.stderr)
    out["host"] = host(load0, wall_s=round(time.perf_counter() - t0, 1))
    emit(out, a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
