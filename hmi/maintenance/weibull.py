"""Replacement cycles from the maintenance log: censored Weibull life analysis and age replacement.

Events (one row per maintenance action)::

    component,event,date,usage,mode[,type]
    P1-bushing,replaced,2024-03-02,18250,failure
    P1-bushing,replaced,2024-09-14,30110,preventive

* ``component``: the installed item (press P1's main-shaft bushing);
* ``event``: ``replaced`` or ``repaired`` (both renew the item: "as good as new", the usual
  assumption of a life-data analysis; a repair that does not renew should not be logged here);
* ``date``: ISO date of the event;
* ``usage``: the machine's running-hours or stroke counter at the event (also accepted: ``hours``,
  ``running_hours``, ``strokes``, ``counter``); the item's age is the counter difference since the
  previous renewal of the same component (the first logged event is measured from counter 0 unless
  ``installed_at`` usage is given in a row with event ``installed``), or give ``age`` directly;
* ``mode``: ``failure`` (a lifetime) or ``preventive`` (right-censored: it was still working);
* ``type`` (optional): component type, to fit one Weibull per type; without it the whole file is one type.

The item now in service contributes a censored age (now - last renewal) x usage rate when that can be
estimated (two or more events of the component).

:func:`fit_weibull` is the 2-parameter maximum likelihood fit with censoring (the profile likelihood's score equation, solved by bisection), with
Fisher-information confidence intervals on log scale; :func:`optimal_replacement` the age-replacement
interval T* minimising C(T) = (Cp R(T) + Cf F(T)) / integral_0^T R(t) dt (only when shape > 1;
otherwise run-to-failure is optimal).
"""
from __future__ import annotations

import csv
import math
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from hmi.messages import QT_TRANSLATE_NOOP, message_of
from hmi.maintenance.numerics import gammainc_lower, minimize_bounded, normal_quantile, root_bisect

__all__ = ["MaintenanceEvent", "Lifetime", "WeibullFit", "ReplacementPolicy", "read_events", "lifetimes_from_events",
           "fit_weibull", "optimal_replacement", "weibull_report"]

USAGE_NAMES = ("usage", "hours", "running_hours", "strokes", "counter", "usage_at_event")


@dataclass(frozen=True)
class MaintenanceEvent:
    component: str
    event: str          # replaced | repaired | installed
    date: date
    usage: float | None
    mode: str           # failure | preventive | "" (installed)
    type: str = "all"
    age: float | None = None


@dataclass(frozen=True)
class Lifetime:
    component: str
    type: str
    age: float
    failed: bool        # False: right-censored (preventive replacement, or still running)
    end: date | None = None


@dataclass
class WeibullFit:
    shape: float
    scale: float
    shape_ci: tuple[float, float]
    scale_ci: tuple[float, float]
    confidence: float
    n_failures: int
    n_censored: int
    log_likelihood: float
    converged: bool

    @property
    def mttf(self) -> float:
        return self.scale * math.gamma(1.0 + 1.0 / self.shape)

    def b_life(self, p: float = 0.10) -> float:
        """Age by which a fraction p has failed (B10 life for p = 0.10)."""
        return self.scale * (-math.log(1.0 - p)) ** (1.0 / self.shape)

    def to_dict(self) -> dict:
        d = asdict(self)
        d.update(mttf=self.mttf, b10=self.b_life(0.10))
        return d


@dataclass
class ReplacementPolicy:
    strategy: str                   # "age_replacement" | "run_to_failure"
    interval: float | None          # T* in usage units (None for run-to-failure)
    cost_rate: float                # cost per usage unit at T* (or run-to-failure)
    cost_rate_run_to_failure: float
    saving: float                   # fraction saved vs run-to-failure
    reason: str
    cp: float = 1.0
    cf: float = 5.0

    def to_dict(self) -> dict:
        return asdict(self)


# -------------------------------------------------------------------------------- events
def _parse_date(text: str) -> date:
    t = text.strip()
    try:
        return datetime.fromisoformat(t.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(f"cannot read date {text!r}: use ISO 8601 (2024-03-02)") from None


def read_events(path) -> list[MaintenanceEvent]:
    """Read the maintenance log CSV (',' or ';' separated, header row required)."""
    p = Path(path)
    text = p.read_text(encoding="utf-8-sig")
    first = text.splitlines()[0] if text.strip() else ""
    delim = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.DictReader(text.splitlines(), delimiter=delim))
    if not rows:
        raise ValueError(f"{p}: no events")
    cols = {c.strip().lower(): c for c in rows[0].keys() if c}
    need = [c for c in ("component", "event", "date") if c not in cols]
    if need:
        raise ValueError(f"{p}: missing column(s) {', '.join(need)} (need component,event,date,usage,mode)")
    ucol = next((cols[c] for c in USAGE_NAMES if c in cols), None)
    acol = cols.get("age")
    if ucol is None and acol is None:
        raise ValueError(f"{p}: need a usage column ({'/'.join(USAGE_NAMES)}) or an age column")
    mcol = cols.get("mode") or cols.get("cause") or cols.get("reason")
    tcol = cols.get("type")
    out = []
    for i, r in enumerate(rows, start=2):
        ev = (r[cols["event"]] or "").strip().lower()
        if ev not in ("replaced", "repaired", "installed"):
            raise ValueError(f"{p}:{i}: event must be replaced, repaired or installed, not {ev!r}")
        mode = (r[mcol] or "").strip().lower() if mcol else ""
        if ev != "installed" and mode not in ("failure", "preventive"):
            raise ValueError(f"{p}:{i}: mode must be failure or preventive, not {mode!r}")

        def num(c):
            v = (r.get(c) or "").strip() if c else ""
            return float(v) if v else None

        try:
            usage, age = num(ucol), num(acol)
        except ValueError:
            raise ValueError(f"{p}:{i}: usage/age must be numbers") from None
        out.append(MaintenanceEvent(r[cols["component"]].strip(), ev, _parse_date(r[cols["date"]]), usage, mode,
                                    (r[tcol].strip() or "all") if tcol else "all", age))
    return out


def _usage_rate(evs: Sequence[MaintenanceEvent]) -> float | None:
    pts = [(e.date, e.usage) for e in evs if e.usage is not None]
    if len(pts) < 2:
        return None
    d0, u0 = pts[0]
    d1, u1 = pts[-1]
    days = (d1 - d0).days
    return (u1 - u0) / days if days > 0 and u1 > u0 else None


def lifetimes_from_events(events: Iterable[MaintenanceEvent], now: date | None = None,
                          include_running: bool = True) -> tuple[list[Lifetime], dict[str, dict]]:
    """Lifetimes (failures and censored) and the state of each component now.

    Returns ``(lifetimes, components)``; ``components[name]`` holds type, last_renewal (date),
    usage_at_renewal, rate_per_day (usage units/day or None) and age_now (usage units or None).
    """
    by_comp: dict[str, list[MaintenanceEvent]] = {}
    for e in events:
        by_comp.setdefault(e.component, []).append(e)
    lifes: list[Lifetime] = []
    state: dict[str, dict] = {}
    rates = {}
    for comp, evs in by_comp.items():
        evs.sort(key=lambda e: (e.date, e.usage if e.usage is not None else -1.0))
        rates[comp] = _usage_rate(evs)
    known = [r for r in rates.values() if r]
    fleet_rate = float(np.median(known)) if known else None
    for comp, evs in by_comp.items():
        last_usage = 0.0
        last_date = None
        for e in evs:
            if e.event == "installed":
                last_usage, last_date = (e.usage if e.usage is not None else last_usage), e.date
                continue
            if e.age is not None:
                age = e.age
            elif e.usage is not None:
                age = e.usage - last_usage
            else:
                raise ValueError(f"{comp} {e.date}: neither usage nor age")
            if age <= 0:
                raise ValueError(f"{comp} {e.date}: non-positive age {age:g} (counter went backwards?)")
            lifes.append(Lifetime(comp, e.type, float(age), e.mode == "failure", e.date))
            last_usage = e.usage if e.usage is not None else last_usage + age
            last_date = e.date
        rate = rates[comp] or fleet_rate
        age_now = None
        if now is not None and last_date is not None and rate:
            age_now = max(0.0, (now - last_date).days * rate)
            if include_running and age_now > 0:
                lifes.append(Lifetime(comp, evs[-1].type, float(age_now), False, None))
        state[comp] = {"type": evs[-1].type, "last_renewal": last_date, "usage_at_renewal": last_usage,
                       "rate_per_day": rate, "rate_estimated_from": "component" if rates[comp] else
                       ("fleet" if rate else None), "age_now": age_now}
    return lifes, state


# -------------------------------------------------------------------------------- Weibull MLE
def _nll(params, t, failed):
    lb, le = params
    b, eta = math.exp(lb), math.exp(le)
    z = t / eta
    ll = np.sum(failed * (lb - le + (b - 1.0) * np.log(z))) - np.sum(z ** b)
    return -ll


def fit_weibull(ages, failed, confidence: float = 0.90) -> WeibullFit:
    """2-parameter Weibull MLE with right-censoring. ``failed[i]`` False = censored at ``ages[i]``.

    Confidence intervals from the observed Fisher information of (log shape, log scale) (numerical
    Hessian), transformed back: always positive, asymmetric like the likelihood.
    """
    t = np.asarray(ages, float)
    f = np.asarray(failed, bool).astype(float)
    if t.size == 0 or (t <= 0).any():
        raise ValueError("ages must be positive")
    nf = int(f.sum())
    if nf < 2:
        raise ValueError(QT_TRANSLATE_NOOP("Maintenance", "need at least 2 failures to fit a Weibull (have {0}, {1} "
                                                          "censored)").format(nf, t.size - nf))
    # Profile likelihood: for a given shape b the scale's MLE is eta^b = sum(t^b) / r (r failures), and the
    # shape's MLE is the root of  sum(t^b ln t) / sum(t^b) - 1/b - mean(ln t over failures) = 0,  which rises
    # monotonically in b (a unique root; bisection on ln b cannot miss it).
    lt = np.log(t)
    mean_lt_f = float(np.sum(f * lt) / nf)
    lt_c = lt - lt.max()                               # t^b / max(t)^b: no overflow at large b

    def score(log_b: float) -> float:
        b = math.exp(log_b)
        w = np.exp(b * lt_c)
        return float(np.sum(w * lt) / np.sum(w)) - 1.0 / b - mean_lt_f

    lo, hi = math.log(0.01), math.log(100.0)
    converged = score(lo) < 0.0 < score(hi)
    if converged:
        lb = root_bisect(score, lo, hi, xtol=1e-12)
    else:                                              # all failures at one age, or an implausible shape
        lb = lo if score(lo) >= 0.0 else hi
    b = math.exp(lb)
    le = float(lt.max() + math.log(np.sum(np.exp(b * lt_c)) / nf) / b)
    H = _hessian(lambda p: _nll(p, t, f), np.array([lb, le]))
    try:
        cov = np.linalg.inv(H)
        se = np.sqrt(np.maximum(np.diag(cov), 0.0))
    except np.linalg.LinAlgError:
        se = np.array([np.nan, np.nan])
    z = normal_quantile(0.5 + confidence / 2.0)
    shape, scale = math.exp(lb), math.exp(le)
    return WeibullFit(shape, scale, (math.exp(lb - z * se[0]), math.exp(lb + z * se[0])),
                      (math.exp(le - z * se[1]), math.exp(le + z * se[1])), confidence, nf, int(t.size - nf),
                      float(-_nll((lb, le), t, f)), bool(converged))


def _hessian(fn, x, h=1e-4):
    x = np.asarray(x, float)
    n = x.size
    H = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            e_i = np.eye(n)[i] * h
            e_j = np.eye(n)[j] * h
            H[i, j] = H[j, i] = (fn(x + e_i + e_j) - fn(x + e_i - e_j) - fn(x - e_i + e_j) + fn(x - e_i - e_j)) / (4 * h * h)
    return H


# -------------------------------------------------------------------------------- age replacement
def _cost_rate(T, shape, scale, cp, cf):
    T = np.asarray(T, float)
    R = np.exp(-(T / scale) ** shape)
    integral = scale * math.gamma(1.0 + 1.0 / shape) * gammainc_lower(1.0 / shape, (T / scale) ** shape)
    return (cp * R + cf * (1.0 - R)) / integral


#: Policy reasons (shown on the Maintenance page; ``hmi.messages``).
_NO_WEAR_OUT = QT_TRANSLATE_NOOP("Maintenance",
                                 "shape {0} <= 1: no wear-out, replacing early does not lower the failure rate")
_FAILURE_CHEAP = QT_TRANSLATE_NOOP("Maintenance", "a failure costs no more than a planned replacement")
_BEYOND_LIFE = QT_TRANSLATE_NOOP("Maintenance", "the optimum lies beyond the observed life: run to failure")
_REPLACE_AT = QT_TRANSLATE_NOOP("Maintenance", "replace at age {0}: {1} % cheaper per unit of use than running to "
                                               "failure (Cf/Cp = {2})")


def optimal_replacement(fit: WeibullFit | tuple[float, float], cp: float, cf: float) -> ReplacementPolicy:
    """Age-replacement interval T* minimising cost per usage unit C(T) = (Cp R + Cf F) / int_0^T R.

    With shape <= 1 (no wear-out) or Cf <= Cp preventive replacement never pays: run to failure.
    """
    shape, scale = (fit.shape, fit.scale) if isinstance(fit, WeibullFit) else fit
    if cp <= 0 or cf <= 0:
        raise ValueError("costs must be > 0")
    mttf = scale * math.gamma(1.0 + 1.0 / shape)
    rtf = cf / mttf
    if shape <= 1.0:
        return ReplacementPolicy("run_to_failure", None, rtf, rtf, 0.0,
                                 _NO_WEAR_OUT.format(f"{shape:.2f}"),
                                 cp, cf)
    if cf <= cp:
        return ReplacementPolicy("run_to_failure", None, rtf, rtf, 0.0,
                                 _FAILURE_CHEAP, cp, cf)
    grid = scale * np.logspace(-3, 1.5, 600)
    c = _cost_rate(grid, shape, scale, cp, cf)
    i = int(np.nanargmin(c))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    T, cT = minimize_bounded(lambda T: float(_cost_rate(T, shape, scale, cp, cf)), lo, hi, xtol=1e-6 * scale)
    if not cT < rtf * (1 - 1e-3) or i == grid.size - 1:
        return ReplacementPolicy("run_to_failure", None, rtf, rtf, 0.0,
                                 _BEYOND_LIFE, cp, cf)
    return ReplacementPolicy("age_replacement", T, cT, rtf, 1.0 - cT / rtf,
                             _REPLACE_AT.format(f"{T:.4g}", f"{100 * (1 - cT / rtf):.0f}", f"{cf / cp:g}"), cp, cf)


# -------------------------------------------------------------------------------- report
def weibull_report(events: Sequence[MaintenanceEvent], cp: float = 1.0, cf: float = 5.0, now: date | None = None,
                   confidence: float = 0.90, include_running: bool = True) -> dict:
    """Everything `lineside maint weibull` prints: per type the fit and policy, per component the next due."""
    now = now or date.today()
    lifes, comps = lifetimes_from_events(events, now, include_running)
    types = sorted({l.type for l in lifes})
    out_types = {}
    for ty in types:
        L = [l for l in lifes if l.type == ty]
        doc: dict = {"n_failures": sum(l.failed for l in L), "n_censored": sum(not l.failed for l in L)}
        try:
            fit = fit_weibull([l.age for l in L], [l.failed for l in L], confidence)
            pol = optimal_replacement(fit, cp, cf)
            doc.update(fit.to_dict())
            doc["policy"] = pol.to_dict()
            doc["optimal_interval"] = pol.interval
        except ValueError as exc:
            doc.update(error=message_of(exc), optimal_interval=None)
        out_types[ty] = doc
    comp_docs = []
    for name, st in sorted(comps.items()):
        ty = out_types.get(st["type"], {})
        T = ty.get("optimal_interval")
        d = {"component": name, "type": st["type"],
             "last_renewal": st["last_renewal"].isoformat() if st["last_renewal"] else None,
             "rate_per_day": st["rate_per_day"], "age_now": st["age_now"], "next_due_age": T,
             "next_due": None, "due_in_days": None, "status": None}
        if T is None:
            d["status"] = "run_to_failure" if "policy" in ty else "no_fit"
        elif st["age_now"] is None or not st["rate_per_day"]:
            d["status"] = "unknown_usage_rate"
        else:
            days = (T - st["age_now"]) / st["rate_per_day"]
            d["due_in_days"] = round(days, 1)
            d["next_due"] = date.fromordinal(now.toordinal() + int(math.floor(days))).isoformat() if days > 0 \
                else now.isoformat()
            d["status"] = "overdue" if days <= 0 else ("due_soon" if days <= 14 else "ok")
        comp_docs.append(d)
    doc = {"now": now.isoformat(), "cp": cp, "cf": cf, "confidence": confidence, "types": out_types,
           "components": comp_docs}
    if len(out_types) == 1:  # one component type: its numbers at the top level too
        only = next(iter(out_types.values()))
        for k in ("shape", "scale", "shape_ci", "scale_ci", "n_failures", "n_censored", "optimal_interval", "mttf",
                  "b10", "policy", "error"):
            if k in only:
                doc[k] = only[k]
    return doc
