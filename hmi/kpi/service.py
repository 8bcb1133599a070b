"""KPIs of one line over a period, from the historian's signals and the shift log. Qt-free.

    result = compute_line(plant, "line1", historian, t0, t1, shift_log=log, coverage=trace_coverage)
    result.kpis["oee"], result.targets["weighted_achievement"], result.pareto, result.trend["oee"]

``source`` is anything with ``raw(tag, t0, t1) -> Series`` (:class:`hmi.store.historian.Historian`):
per machine of the line's ``[lines.kpi]`` configuration the state, good and defect counter tags are
read from ``t0 - max_gap_s`` (so the state and counter at ``t0`` are known) to ``min(t1, now)``.

* Shifts overlapping the period are clipped to it (and to ``now``: a running shift counts so far).
* Operator reason codes from the shift log label stops; a stop booked under a *planned* reason is
  planned downtime: it leaves planned busy time, so it raises availability (ISO 22400: PBT = POT -
  planned downtime). Its time is listed in ``planned``.
* The line's KPIs are those of its ``output`` machine (crew per shift from the schedule); the downtime
  Pareto sums every machine of the line.
* ``return_rate`` = returns / shipped units of the months the period touches, as entered in the shift
  log (None when none were entered); ``trace_coverage`` comes from the injected ``coverage(line, t0,
  t1)`` callable (None and ``trace_configured = False`` without one).
* ``trend``: per KPI a list of (bucket start, value) for hourly buckets (per shift for periods over
  three days).
* Counters: a step above ``max(1000, 5 x max_gap_s / planned_cycle_s)`` parts between two samples, or
  above 100 times the planned rate over the time between them (plus 2), is taken as a glitch (e.g. a
  replaced controller's counter), not production.

Cancellation/progress: ``progress`` is a :class:`vision.progress.Progress`-like token (``update``,
``check``), or None.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Callable, Protocol

import numpy as np

from hmi.config import LineKpiConfig, PlantConfig
from hmi.kpi.accounting import (FAULT, IDLE, STATE_NAMES, UNKNOWN, CounterIncrements, Schedule, ShiftDef,
                                StateTimeline, counter_increments, state_timeline, subtract_intervals)
from hmi.kpi.oee import ShiftReport, Totals, daily_reports, implausible, measure, pareto, sum_reports
from hmi.kpi.targets import LineTargets
from hmi.messages import QT_TRANSLATE_NOOP

__all__ = ["compute_line", "KpiService", "LineKpis", "MachineKpis", "Stop", "schedule_of", "current_shift", "KPI_LABELS",
           "KPI_UNITS", "CoverageProvider"]

#: KPI name -> short English label (the UI translates its own copies).
KPI_LABELS = {
    "availability": "Availability", "performance": "Performance", "quality": "Quality", "oee": "OEE",
    "units_per_hour": "Units per hour", "good_per_hour": "Output (good per hour)",
    "defects_per_hour": "Defects per hour", "defect_rate": "Defect rate", "man_hours_per_unit": "Man-hours per unit",
    "mtbf_h": "MTBF", "mttr_h": "MTTR", "return_rate": "Return rate", "trace_coverage": "Trace coverage",
}
#: KPI name -> (display scale, unit) when no target row says otherwise.
KPI_UNITS = {
    "availability": (100, "%"), "performance": (100, "%"), "quality": (100, "%"), "oee": (100, "%"),
    "units_per_hour": (1, "1/h"), "good_per_hour": (1, "1/h"), "defects_per_hour": (1, "1/h"),
    "defect_rate": (100, "%"), "man_hours_per_unit": (1, "h"), "mtbf_h": (1, "h"), "mttr_h": (1, "h"),
    "return_rate": (100, "%"), "trace_coverage": (100, "%"),
}

CoverageProvider = Callable[[str, float, float], "float | None"]


class SignalSource(Protocol):
    def raw(self, tag: str, t0: float, t1: float) -> Any: ...


@dataclass
class Stop:
    """A contiguous non-running period of one machine (idle / fault / no data)."""

    equipment: str
    start: float
    end: float
    state: str                    # "idle", "fault" or "no data"
    reason: str | None            # the reason code booked on most of it, or None

    @property
    def duration_s(self) -> float:
        return self.end - self.start


@dataclass
class MachineKpis:
    equipment: str
    name: str
    totals: Totals
    downtime: dict[str, float]
    planned: dict[str, float]
    shifts: list[ShiftReport]
    stops: list[Stop]
    counters: dict[str, int | float]

    @property
    def kpis(self) -> dict[str, float | None]:
        return self.totals.kpis()


@dataclass
class LineKpis:
    line: str
    name: str
    t0: float
    t1: float                    # end of the computed period (min(t1, now))
    computed_at: float
    output: str
    totals: Totals
    kpis: dict[str, float | None]
    shifts: list[ShiftReport]
    days: list[ShiftReport]
    machines: dict[str, MachineKpis]
    downtime: dict[str, float]
    planned: dict[str, float]
    targets: dict | None
    trend: dict[str, list[tuple[float, float | None]]]
    returns: dict[str, tuple[float, float]] = field(default_factory=dict)
    trace_configured: bool = False
    seconds: float = 0.0

    @property
    def pareto(self) -> list[dict]:
        return pareto(self.downtime)

    @property
    def stops(self) -> list[Stop]:
        return sorted((s for m in self.machines.values() for s in m.stops), key=lambda s: -s.start)

    def to_dict(self) -> dict:
        """JSON-ready summary (used by ``lineside kpi report --json``)."""
        def tot(t: Totals) -> dict:
            return {k: getattr(t, k) for k in t.__dataclass_fields__} | {"produced": t.produced}

        return {
            "line": self.line, "name": self.name, "from": _iso(self.t0), "to": _iso(self.t1),
            "output_machine": self.output, "kpis": self.kpis,
            "implausible": {k: str(v) for k, v in implausible(self.kpis).items()},
            "totals": tot(self.totals),
            "targets": self.targets, "pareto": self.pareto, "planned_downtime_s": self.planned,
            "trace_coverage": "not configured" if not self.trace_configured else self.kpis.get("trace_coverage"),
            "shifts": [{"shift": r.name, "day": r.day, "from": _iso(r.start), "to": _iso(r.end), "kpis": r.kpis,
                        "totals": tot(r.totals), "pareto": r.pareto} for r in self.shifts],
            "machines": {eq: {"name": m.name, "kpis": m.kpis, "totals": tot(m.totals), "pareto": pareto(m.downtime),
                              "counters": m.counters} for eq, m in self.machines.items()},
        }


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts).astimezone().isoformat(timespec="seconds")


def schedule_of(kc: LineKpiConfig) -> Schedule:
    return Schedule(tuple(ShiftDef(s.name, s.start, s.end, s.crew, s.breaks) for s in kc.shifts), tz=kc.timezone,
                    planned_downtime=kc.planned_downtime, workdays=frozenset(kc.workdays))


def current_shift(kc: LineKpiConfig, now: float | None = None):
    """The shift instance running at ``now`` (or the last one that started before it), or None."""
    now = time.time() if now is None else now
    insts = schedule_of(kc).instances(now - 2 * 86400, now + 1)
    running = [i for i in insts if i.start <= now < i.end]
    if running:
        return running[-1]
    past = [i for i in insts if i.start <= now]
    return past[-1] if past else None


def _clip(windows: np.ndarray, a: float, b: float) -> np.ndarray:
    w = np.clip(np.asarray(windows, dtype=np.float64).reshape(-1, 2), a, b)
    return w[w[:, 1] > w[:, 0]]


def _overlap(windows: np.ndarray, intervals: list[tuple[float, float]]) -> float:
    tot = 0.0
    for a, b in intervals:
        lo = np.maximum(windows[:, 0], a)
        hi = np.minimum(windows[:, 1], b)
        tot += float(np.sum(np.clip(hi - lo, 0, None)))
    return tot


def _stops(eq: str, tl: StateTimeline, t0: float, t1: float, min_s: float = 1.0) -> list[Stop]:
    if tl.start.size == 0:
        return []
    down = (tl.state == IDLE) | (tl.state == FAULT) | (tl.state == UNKNOWN)
    out: list[Stop] = []
    i, n = 0, tl.start.size
    while i < n:
        if not down[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and down[j + 1] and tl.start[j + 1] == tl.end[j]:
            j += 1
        a, b = tl.start[i], tl.end[j]
        if b > t0 and a < t1 and b - a >= min_s:
            seg = slice(i, j + 1)
            dur = tl.end[seg] - tl.start[seg]
            st = tl.state[seg]
            state = FAULT if np.any(st == FAULT) else (IDLE if np.any(st == IDLE) else UNKNOWN)
            rs = tl.reason[seg]
            reason = None
            if np.any(rs >= 0):
                w = np.bincount(rs[rs >= 0], weights=dur[rs >= 0], minlength=len(tl.reasons))
                reason = tl.reasons[int(np.argmax(w))]
            out.append(Stop(eq, float(a), float(b), STATE_NAMES[int(state)], reason))
        i = j + 1
    return out


def _series(source: SignalSource, tag: str, t0: float, t1: float):
    s = source.raw(tag, t0, t1)
    return np.asarray(s.ts, dtype=np.float64), np.asarray(s.value, dtype=np.float64), np.asarray(s.quality)


def _cycle_from_rate(ts, rate, quality, default_cycle_s: float):
    """``cycle_at(times)``: 60 / the last good rate (parts per minute) at or before each time; the
    configured ``default_cycle_s`` before the first one or while the rate is not above 0."""
    ts = np.asarray(ts, dtype=np.float64)
    rate = np.asarray(rate, dtype=np.float64)
    ok = (np.asarray(quality) == 0) & np.isfinite(rate) & (rate > 0)
    ts, cyc = ts[ok], 60.0 / rate[ok]

    def cycle_at(t):
        i = np.searchsorted(ts, np.asarray(t, dtype=np.float64), side="right") - 1
        return np.where(i >= 0, cyc[np.clip(i, 0, None)] if cyc.size else default_cycle_s, default_cycle_s)

    return cycle_at


def _check(progress) -> None:
    if progress is not None:
        progress.check()


def _update(progress, fraction: float, message: str) -> None:
    if progress is not None:
        progress.update(fraction, message)


def compute_line(plant: PlantConfig, line_id: str, source: SignalSource, t0: float, t1: float, *,
                 shift_log=None, coverage: CoverageProvider | None = None, now: float | None = None,
                 progress=None, trend_step_s: float | None = None) -> LineKpis:
    """KPIs of ``line_id`` over [t0, t1) (clipped to ``now``); see the module doc."""
    started = time.perf_counter()
    line = plant.line(line_id)
    kc = line.kpi
    if kc is None:
        raise ValueError(QT_TRANSLATE_NOOP("Kpi", "line {0} has no [lines.kpi] configuration").format(repr(line_id)))
    now = time.time() if now is None else float(now)
    t_end = min(float(t1), now)
    if not t_end > t0:
        raise ValueError(QT_TRANSLATE_NOOP("Kpi",
                                           "the period is empty (it starts at or after its end, or in the future)"))
    sched = schedule_of(kc)
    insts = [i for i in sched.instances(t0 - 2 * 86400, t_end) if i.end > t0 and i.start < t_end]
    planned_codes = {r.code for r in kc.reasons if r.planned}
    look = kc.max_gap_s
    reasons = shift_log.reasons(line_id, t0 - look, t_end) if shift_log is not None else {}
    if trend_step_s is None:
        trend_step_s = 3600.0 if t_end - t0 <= 3 * 86400 else 0.0   # 0: one point per shift
    machines: dict[str, MachineKpis] = {}
    line_down: dict[str, float] = {}
    line_planned: dict[str, float] = {}
    trend: dict[str, list] = {}
    names = {e.id: e.name for e in line.equipment}
    n_m = len(kc.machines)
    for k, mc in enumerate(kc.machines):
        _check(progress)
        _update(progress, k / n_m, f"{mc.equipment}: reading signals")
        eq = mc.equipment
        ts, st, sq = _series(source, f"{eq}.{mc.state_tag}", t0 - look, t_end)
        max_step = max(1000, int(math.ceil(5 * kc.max_gap_s / mc.planned_cycle_s)))
        counters: list[CounterIncrements] = []
        for tag in (mc.good_tag, mc.defect_tag):
            cts, cv, cq = _series(source, f"{eq}.{tag}", t0 - look, t_end)
            counters.append(counter_increments(cts, cv, cq, modulus=mc.counter_modulus, max_step=max_step,
                                               max_gap_s=kc.max_gap_s, max_rate=100.0 / mc.planned_cycle_s))
        good, defects = counters
        cycle_at = None
        if mc.planned_rate_tag:  # the planned cycle follows the rate setpoint (60 / parts per minute)
            rts, rv, rq = _series(source, f"{eq}.{mc.planned_rate_tag}", t0 - look, t_end)
            cycle_at = _cycle_from_rate(rts, rv, rq, mc.planned_cycle_s)
        _check(progress)
        _update(progress, (k + 0.5) / n_m, f"{eq}: computing")
        entries = reasons.get(eq, [])
        planned_iv = [(r.start, r.end) for r in entries if r.code in planned_codes]
        tl = state_timeline(ts, st, sq, end=t_end, reasons=entries, max_gap_s=kc.max_gap_s)
        reports: list[ShiftReport] = []
        planned: dict[str, float] = {}
        for inst in insts:
            a, b = max(inst.start, t0), min(inst.end, t_end)
            w = _clip(inst.pbt_windows, a, b)
            for r in entries:
                if r.code in planned_codes:
                    sec = _overlap(w, [(r.start, r.end)])
                    if sec > 0:
                        planned[r.code] = planned.get(r.code, 0.0) + sec
            w = np.array(subtract_intervals([tuple(x) for x in w], planned_iv), dtype=np.float64).reshape(-1, 2)
            tot, dt = measure(w, (a, b), tl, good, defects, planned_cycle_s=mc.planned_cycle_s, crew=inst.crew,
                              cycle_at=cycle_at)
            reports.append(ShiftReport(inst.name, inst.day, a, b, tot, dt))
            if eq == kc.output:
                if trend_step_s:
                    edges = np.arange(a, b, trend_step_s)
                    for h in edges:
                        hw = _clip(w, h, min(h + trend_step_s, b))
                        ht, _ = measure(hw, (h, min(h + trend_step_s, b)), tl, good, defects,
                                        planned_cycle_s=mc.planned_cycle_s, crew=inst.crew, cycle_at=cycle_at)
                        if ht.pbt_s > 0:
                            for name, v in ht.kpis().items():
                                trend.setdefault(name, []).append((float(h), v))
                elif tot.pbt_s > 0:
                    for name, v in tot.kpis().items():
                        trend.setdefault(name, []).append((float(a), v))
        total, down = sum_reports(reports)
        for key, v in down.items():
            line_down[key] = line_down.get(key, 0.0) + v
        for key, v in planned.items():
            line_planned[key] = line_planned.get(key, 0.0) + v
        machines[eq] = MachineKpis(eq, names.get(eq, eq), total, down, planned, reports,
                                   _stops(eq, tl, t0, t_end),
                                   {"rollovers": good.rollovers + defects.rollovers,
                                    "resets": good.resets + defects.resets,
                                    "glitches": good.glitches + defects.glitches,
                                    "gaps": good.gaps + defects.gaps})
    out = machines[kc.output]
    kpis = dict(out.totals.kpis())
    # returns: the months the period touches
    returns: dict[str, tuple[float, float]] = {}
    if shift_log is not None:
        months = {datetime.fromtimestamp(x).strftime("%Y-%m") for x in np.linspace(t0, t_end - 1e-3, 64)}
        returns = {m: v for m, v in shift_log.returns(line_id).items() if m in months}
    shipped = sum(v[1] for v in returns.values())
    kpis["return_rate"] = (sum(v[0] for v in returns.values()) / shipped) if shipped > 0 else None
    kpis["trace_coverage"] = coverage(line_id, t0, t_end) if coverage is not None else None
    targets = None
    if kc.targets:
        scaled = {t.kpi: (None if kpis.get(t.kpi) is None else kpis[t.kpi] * t.scale) for t in kc.targets}
        targets = LineTargets(line_id, kc.targets).evaluate(scaled)
    _update(progress, 1.0, "done")
    return LineKpis(line_id, line.name, float(t0), t_end, now, kc.output, out.totals, kpis, out.shifts,
                    daily_reports(out.shifts), machines, line_down, line_planned, targets, trend, returns,
                    coverage is not None, time.perf_counter() - started)



class KpiService:
    """KPIs of the plant's lines from one historian, shift log and trace coverage: the service the
    composition root builds (:attr:`hmi.runtime.Runtime.kpis`) and the KPI page connects to.
    ``line_kpis`` is blocking database work: call it from a worker thread."""

    def __init__(self, plant: PlantConfig, source: SignalSource, *, shift_log=None,
                 coverage: CoverageProvider | None = None, clock: Callable[[], float] = time.time):
        self.plant = plant
        self.source = source
        self.shift_log = shift_log
        self.coverage = coverage
        self.clock = clock  # the plant's clock: "now" of a computation

    def line_kpis(self, line_id: str, t0: float, t1: float, progress=None) -> LineKpis:
        return compute_line(self.plant, line_id, self.source, t0, t1, shift_log=self.shift_log,
                            coverage=self.coverage, progress=progress, now=self.clock())
