"""KPIs per machine/line, shift and day following ISO 22400-2. Qt-free, vectorised with numpy.

Base quantities (:class:`Totals`, additive, so a day or a month is the sum of its shifts and every
ratio is recomputed from sums, never averaged):

    shift_s   shift time (start to end)
    PBT       planned busy time = shift time - breaks - planned downtime - time not recorded (pbt_s).
              Planned downtime includes stops an operator booked under a *planned* reason code
              (e.g. planned maintenance); "not recorded" is time the station had no record at all
              (``unobserved_s``, reported, never guessed).
    APT       actual production time = running time inside PBT                    (apt_s)
    idle_s / fault_s / unknown_s   non-running time inside PBT by state ("no data" = comm loss:
              counts as not running, so it lowers availability and shows in the Pareto)
    failures  FE, transitions into the fault state starting inside PBT
    good, defects  parts counted inside PBT (the same time base as APT, so performance cannot be
              inflated by parts made during a break); produced = good + defects. Parts counted
              in the shift but outside PBT are reported as ``outside_pbt``.
    ideal_s   planned cycle time x produced quantity

KPIs (:meth:`Totals.kpis`); a ratio with a zero denominator is None ("not defined"), except OEE:

    availability        APT / PBT                    None when PBT = 0 (nothing planned)
    performance         ideal_s / APT                None when APT = 0 (machine never ran)
    quality             good / produced              None when produced = 0
    oee                 A x P x Q                    None when PBT = 0; 0.0 when APT = 0 (down all
                        shift) or produced = 0 (no output: the OEE of a planned shift that made
                        nothing is 0 whatever the undefined factors)
    units_per_hour      produced / PBT hours         None when PBT = 0
    good_per_hour       good / PBT hours (output)    None when PBT = 0
    defects_per_hour    defects / PBT hours          None when PBT = 0
    defect_rate         defects / produced           None when produced = 0
    man_hours_per_unit  crew x PBT hours / good      None when good = 0
    mtbf_h              APT / (FE + 1), hours        ISO 22400-2: FE failures split the operating
                        time into FE + 1 intervals; None when APT = 0 and FE = 0 (nothing observed)
    mttr_h              fault time / FE (hours)      None when FE = 0

Return rate per month (:func:`return_rate_per_month`) = returns entered / units shipped that month,
None when nothing was shipped.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Mapping

import numpy as np

from hmi.messages import QT_TRANSLATE_NOOP

from hmi.kpi.accounting import (FAULT, IDLE, RUNNING, UNKNOWN, UNOBSERVED, CounterIncrements, Schedule,
                                ShiftInstance, StateTimeline)


def _div(a: float, b: float) -> float | None:
    return None if b == 0 else a / b


@dataclass
class Totals:
    shift_s: float = 0.0
    pbt_s: float = 0.0
    apt_s: float = 0.0
    idle_s: float = 0.0
    fault_s: float = 0.0
    unknown_s: float = 0.0
    unobserved_s: float = 0.0
    failures: int = 0
    good: int = 0
    defects: int = 0
    ideal_s: float = 0.0
    man_hours: float = 0.0
    outside_pbt: int = 0

    def __add__(self, other: "Totals") -> "Totals":
        return Totals(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    @property
    def produced(self) -> int:
        return self.good + self.defects

    def kpis(self) -> dict[str, float | None]:
        pbt_h = self.pbt_s / 3600.0
        a = _div(self.apt_s, self.pbt_s)
        p = _div(self.ideal_s, self.apt_s)
        q = _div(self.good, self.produced)
        if self.pbt_s == 0:
            oee = None
        elif self.apt_s == 0 or self.produced == 0:
            oee = 0.0
        else:
            oee = a * p * q
        return {
            "availability": a, "performance": p, "quality": q, "oee": oee,
            "units_per_hour": _div(self.produced, pbt_h),
            "good_per_hour": _div(self.good, pbt_h),
            "defects_per_hour": _div(self.defects, pbt_h),
            "defect_rate": _div(self.defects, self.produced),
            "man_hours_per_unit": _div(self.man_hours, self.good),
            "mtbf_h": (None if self.apt_s == 0 and self.failures == 0
                       else self.apt_s / 3600.0 / (self.failures + 1)),
            "mttr_h": _div(self.fault_s / 3600.0, self.failures),
        }


def _cover(windows: np.ndarray):
    """Cumulative covered time W(t) of sorted disjoint windows, as (xp, fp) for np.interp."""
    w = windows[windows[:, 1] > windows[:, 0]]
    xp = w.ravel()
    lens = w[:, 1] - w[:, 0]
    before = np.concatenate(([0.0], np.cumsum(lens)[:-1]))
    fp = np.column_stack((before, before + lens)).ravel()
    return xp, fp


def measure(windows: np.ndarray, span: tuple[float, float], timeline: StateTimeline,
            good: CounterIncrements, defects: CounterIncrements, *, planned_cycle_s: float,
            crew: int = 0, cycle_at=None) -> tuple[Totals, dict[str, float]]:
    """Totals and downtime-by-label (seconds inside PBT) for one shift.

    ``cycle_at(ts) -> cycle seconds`` (vectorised): the planned cycle time when each part was counted
    (from a rate setpoint tag); None: ``planned_cycle_s`` throughout.

    ``windows``: (k, 2) sorted disjoint planned-busy-time windows (shift minus breaks minus planned
    downtime); ``span``: (shift start, end). Time in the windows that the timeline does not cover,
    or covers as UNOBSERVED, is taken out of PBT (``unobserved_s``).
    """
    windows = np.asarray(windows, dtype=np.float64).reshape(-1, 2)
    windows = windows[windows[:, 1] > windows[:, 0]]
    t0, t1 = span
    nominal = float(np.sum(windows[:, 1] - windows[:, 0]))
    tot = Totals(shift_s=float(t1 - t0))
    downtime: dict[str, float] = {}
    covered = observed_gap = 0.0
    if nominal > 0 and timeline.start.size:
        xp, fp = _cover(windows)
        lo = np.searchsorted(timeline.end, xp[0], side="right")
        hi = np.searchsorted(timeline.start, xp[-1], side="left")
        st, en = timeline.start[lo:hi], timeline.end[lo:hi]
        state = timeline.state[lo:hi]
        inside = np.interp(en, xp, fp) - np.interp(st, xp, fp)
        by_state = np.bincount(state.astype(np.int64) - UNOBSERVED, weights=inside, minlength=5)
        tot.unknown_s = float(by_state[UNKNOWN - UNOBSERVED])
        tot.idle_s = float(by_state[IDLE - UNOBSERVED])
        tot.apt_s = float(by_state[RUNNING - UNOBSERVED])
        tot.fault_s = float(by_state[FAULT - UNOBSERVED])
        observed_gap = float(by_state[0])
        covered = float(np.sum(inside))
        f = timeline.failure_ts
        f = f[(f >= xp[0]) & (f < xp[-1])]
        tot.failures = int(np.count_nonzero(np.searchsorted(xp, f, side="right") % 2 == 1))
        lab, labels = timeline.label_index()
        lab = lab[lo:hi]
        m = (lab >= 0) & (inside > 0)
        if np.any(m):
            sums = np.bincount(lab[m], weights=inside[m], minlength=len(labels))
            downtime = {labels[i]: float(sums[i]) for i in np.flatnonzero(sums > 0)}
    tot.unobserved_s = max(0.0, nominal - covered) + observed_gap
    tot.pbt_s = max(0.0, nominal - tot.unobserved_s)
    tot.man_hours = crew * tot.pbt_s / 3600.0
    if windows.size:
        g = int(np.sum(good.between(windows[:, 0], windows[:, 1])))
        d = int(np.sum(defects.between(windows[:, 0], windows[:, 1])))
    else:
        g = d = 0
    tot.good, tot.defects = g, d
    tot.outside_pbt = good.between(t0, t1) + defects.between(t0, t1) - g - d
    if cycle_at is None or not windows.size:
        tot.ideal_s = planned_cycle_s * (g + d)
    else:  # each part at the planned cycle time of its moment
        ideal = 0.0
        for c in (good, defects):
            k = np.searchsorted(windows.ravel(), c.ts, side="right") % 2 == 1
            if np.any(k):
                ideal += float(np.sum(c.inc[k] * cycle_at(c.ts[k])))
        tot.ideal_s = ideal
    return tot, downtime


def pareto(downtime: Mapping[str, float]) -> list[dict]:
    """Reasons by descending downtime with share and cumulative share of the total."""
    total = float(sum(downtime.values()))
    rows, cum = [], 0.0
    for reason, sec in sorted(downtime.items(), key=lambda kv: (-kv[1], kv[0])):
        cum += sec
        rows.append({"reason": reason, "seconds": sec,
                     "share": _div(sec, total), "cumulative": _div(cum, total)})
    return rows


@dataclass
class ShiftReport:
    name: str                       # shift name, or "day" for a day report
    day: str
    start: float
    end: float
    totals: Totals
    downtime: dict[str, float] = field(default_factory=dict)

    @property
    def kpis(self) -> dict[str, float | None]:
        return self.totals.kpis()

    @property
    def pareto(self) -> list[dict]:
        return pareto(self.downtime)


def shift_reports(schedule: Schedule, timeline: StateTimeline, good: CounterIncrements,
                  defects: CounterIncrements, *, planned_cycle_s: float, t0: float,
                  t1: float) -> list[ShiftReport]:
    """One report per shift instance starting in [t0, t1)."""
    out = []
    for inst in schedule.instances(t0, t1):
        tot, dt = measure(inst.pbt_windows, (inst.start, inst.end), timeline, good, defects,
                          planned_cycle_s=planned_cycle_s, crew=inst.crew)
        out.append(ShiftReport(inst.name, inst.day, inst.start, inst.end, tot, dt))
    return out


def sum_reports(reports) -> tuple[Totals, dict[str, float]]:
    """The summed totals and downtime seconds per reason of ``reports`` (ratios come from the sums)."""
    tot = Totals()
    dt: dict[str, float] = defaultdict(float)
    for r in reports:
        tot = tot + r.totals
        for k, v in r.downtime.items():
            dt[k] += v
    return tot, dict(dt)


def daily_reports(reports: list[ShiftReport]) -> list[ShiftReport]:
    """Shift reports summed per production day (ratios recomputed from the sums)."""
    by_day: dict[str, list[ShiftReport]] = defaultdict(list)
    for r in reports:
        by_day[r.day].append(r)
    out = []
    for day in sorted(by_day):
        rs = by_day[day]
        tot, dt = sum_reports(rs)
        out.append(ShiftReport("day", day, min(r.start for r in rs), max(r.end for r in rs), tot, dt))
    return out


def return_rate_per_month(returns: Mapping[str, int], shipped: Mapping[str, int]) -> dict[str, float | None]:
    """Per month ("YYYY-MM"): returns entered / units shipped that month; None when none shipped."""
    months = sorted(set(returns) | set(shipped))
    return {m: _div(float(returns.get(m, 0)), float(shipped.get(m, 0))) for m in months}


__all__ = ["Totals", "ShiftReport", "ShiftInstance", "measure", "pareto", "shift_reports",
           "sum_reports", "daily_reports", "return_rate_per_month"]


_FASTER = QT_TRANSLATE_NOOP("Kpi", "faster than planned: check the planned cycle time")
_OEE_OVER = QT_TRANSLATE_NOOP("Kpi", "over 100 % because performance is: check the planned cycle time")
_OUTSIDE = QT_TRANSLATE_NOOP("Kpi", "outside 0-100 %: check the counters")
BOUNDED_KPIS = ("availability", "performance", "quality", "oee", "defect_rate", "return_rate", "trace_coverage")
"""KPIs that are shares of a whole: by definition between 0 and 1 (0 and 100 %)."""


def flag_of(name: str, value: float | None):
    """Why ``value`` of KPI ``name`` cannot be true (a translatable message), or None: a share above 100 %
    or below 0.  Performance over 100 % means the machine ran faster than its planned cycle time, so the
    plan (or the cycle-time tag) is wrong, not the machine; OEE over 100 % can only come from it (its
    other factors are at most 1).  Screens and reports show such a value flagged, never as a plain number."""
    if name not in BOUNDED_KPIS or value is None or 0.0 <= value <= 1.0 + 1e-9:
        return None
    if name == "performance" and value > 1.0:
        return _FASTER
    if name == "oee" and value > 1.0:
        return _OEE_OVER
    return _OUTSIDE


def implausible(kpis: Mapping[str, float | None]) -> dict:
    """``{name: reason}`` of the KPIs in ``kpis`` that :func:`flag_of` flags."""
    return {n: f for n in BOUNDED_KPIS if (f := flag_of(n, kpis.get(n))) is not None}
