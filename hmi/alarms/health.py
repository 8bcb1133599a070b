"""Alarm-system health after ISA-18.2 / EEMUA 191, from journal rows or AlarmEvents. Qt-free.

Only ``raised`` events count as alarms (annunciations).  Every function accepts
:class:`~hmi.alarms.model.AlarmEvent` objects or journal dicts (``ts`` in seconds, ``alarm_id``,
``event``, optional ``message``/``priority``), in any order.

* flood: more than ``threshold`` (10) alarms raised within any ``window_s`` (10 min) window;
  :func:`flood` gives the flood periods, the worst window and whether the plant is "in flood now".
* top-N: the most frequent alarms (ISA-18.2: the top 10 usually make most of the load).
* chattering: an alarm with >= ``cycles`` (3) raise/clear cycles completed within ``window_s`` (60 s).
* average rate: alarms raised per 10 minutes (benchmark: <= 1 acceptable, <= 2 manageable).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any, Iterable

__all__ = ["FloodPeriod", "FloodInfo", "FrequentAlarm", "ChatteringAlarm", "AlarmHealth", "flood", "top_frequent",
           "chattering", "average_rate", "rate_rating", "health_report"]

FLOOD_THRESHOLD = 10
FLOOD_WINDOW_S = 600.0
CHATTER_CYCLES = 3
CHATTER_WINDOW_S = 60.0


def _fields(e: Any) -> tuple[float, str, str, str, int | None]:
    if isinstance(e, dict):
        return float(e["ts"]), e["alarm_id"], e["event"], e.get("message") or "", e.get("priority")
    return float(e.ts), e.alarm_id, e.event, e.message or "", e.priority


def _raises(events: Iterable[Any]) -> list[tuple[float, str, str, int | None]]:
    out = [(ts, aid, msg, prio) for ts, aid, ev, msg, prio in map(_fields, events) if ev == "raised"]
    out.sort(key=lambda r: r[0])
    return out


@dataclass(frozen=True, slots=True)
class FloodPeriod:
    start: float  # first alarm of the flood
    end: float  # last alarm of the flood
    raised: int  # alarms raised between start and end


@dataclass(frozen=True, slots=True)
class FloodInfo:
    threshold: int
    window_s: float
    max_in_window: int  # most alarms raised in any window
    max_window_start: float | None  # first alarm of that window
    periods: tuple[FloodPeriod, ...]
    in_flood_now: bool  # more than threshold alarms raised in the window ending at ``now``
    raised_in_last_window: int

    @property
    def flooded(self) -> bool:
        return bool(self.periods)


@dataclass(frozen=True, slots=True)
class FrequentAlarm:
    alarm_id: str
    count: int
    message: str
    priority: int | None


@dataclass(frozen=True, slots=True)
class ChatteringAlarm:
    alarm_id: str
    max_cycles_in_window: int
    cycles: int  # completed raise/clear cycles in the data
    message: str


@dataclass(frozen=True, slots=True)
class AlarmHealth:
    t0: float | None
    t1: float | None
    raised: int
    rate_per_10min: float | None
    rating: str
    flood: FloodInfo
    top: tuple[FrequentAlarm, ...]
    chattering: tuple[ChatteringAlarm, ...]


def flood(events: Iterable[Any], now: float | None = None, *, threshold: int = FLOOD_THRESHOLD,
          window_s: float = FLOOD_WINDOW_S) -> FloodInfo:
    """Flood analysis: a flood is more than ``threshold`` alarms raised within ``window_s``."""
    ts = [r[0] for r in _raises(events)]
    best, best_start = 0, None
    periods: list[list] = []  # [start, end, first index, last index]
    j = 0
    for i, t in enumerate(ts):
        while t - ts[j] >= window_s:
            j += 1
        n = i - j + 1
        if n > best:
            best, best_start = n, ts[j]
        if n > threshold:
            if periods and j <= periods[-1][3]:
                periods[-1][1], periods[-1][3] = t, i  # overlaps the current flood: extend it
            else:
                periods.append([ts[j], t, j, i])
    if now is None:
        now = ts[-1] if ts else 0.0
    recent = sum(1 for t in ts if now - window_s < t <= now)
    return FloodInfo(threshold=threshold, window_s=window_s, max_in_window=best, max_window_start=best_start,
                     periods=tuple(FloodPeriod(p[0], p[1], p[3] - p[2] + 1) for p in periods),
                     in_flood_now=recent > threshold, raised_in_last_window=recent)


def top_frequent(events: Iterable[Any], n: int = 10) -> list[FrequentAlarm]:
    """The ``n`` alarms raised most often (ties by alarm id)."""
    counts: Counter[str] = Counter()
    info: dict[str, tuple[str, int | None]] = {}
    for _ts, aid, msg, prio in _raises(events):
        counts[aid] += 1
        info[aid] = (msg, prio)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return [FrequentAlarm(aid, c, *info[aid]) for aid, c in ranked]


def chattering(events: Iterable[Any], *, cycles: int = CHATTER_CYCLES,
               window_s: float = CHATTER_WINDOW_S) -> list[ChatteringAlarm]:
    """Alarms with >= ``cycles`` raise/clear cycles completed within ``window_s`` (first raise to
    last clear), worst first."""
    per: dict[str, list[tuple[float, str]]] = defaultdict(list)
    msgs: dict[str, str] = {}
    for ts, aid, ev, msg, _prio in map(_fields, events):
        if ev in ("raised", "cleared"):
            per[aid].append((ts, ev))
            msgs.setdefault(aid, msg)
    out = []
    for aid, evs in per.items():
        evs.sort(key=lambda x: x[0])
        done: list[tuple[float, float]] = []  # (raise ts, clear ts)
        raised_at = None
        for ts, ev in evs:
            if ev == "raised":
                raised_at = ts
            elif raised_at is not None:
                done.append((raised_at, ts))
                raised_at = None
        best, s = 0, 0
        for e in range(len(done)):
            while done[e][1] - done[s][0] > window_s:
                s += 1
            best = max(best, e - s + 1)
        if best >= cycles:
            out.append(ChatteringAlarm(aid, best, len(done), msgs.get(aid, "")))
    out.sort(key=lambda c: (-c.max_cycles_in_window, c.alarm_id))
    return out


def average_rate(events: Iterable[Any], t0: float | None = None, t1: float | None = None) -> float | None:
    """Alarms raised per 10 minutes between ``t0`` and ``t1`` (default: first and last event).
    None when the period is empty."""
    evs = [_fields(e) for e in events]
    if t0 is None:
        t0 = min((e[0] for e in evs), default=None)
    if t1 is None:
        t1 = max((e[0] for e in evs), default=None)
    if t0 is None or t1 is None or t1 <= t0:
        return None
    n = sum(1 for ts, _a, ev, _m, _p in evs if ev == "raised" and t0 <= ts <= t1)
    return n * 600.0 / (t1 - t0)


def rate_rating(rate_per_10min: float | None) -> str:
    """ISA-18.2 benchmark for the average alarm rate per operator."""
    if rate_per_10min is None:
        return "no data"
    if rate_per_10min <= 1.0:
        return "acceptable"
    if rate_per_10min <= 2.0:
        return "manageable"
    return "overloaded"


def health_report(events: Iterable[Any], now: float | None = None, t0: float | None = None,
                  t1: float | None = None, *, top_n: int = 10) -> AlarmHealth:
    """Everything above in one report (``t1`` defaults to ``now`` when given)."""
    evs = list(events)
    if t0 is not None or t1 is not None:
        lo = float("-inf") if t0 is None else t0
        hi = float("inf") if t1 is None else t1
        evs = [e for e in evs if lo <= _fields(e)[0] <= hi]
    if t1 is None and now is not None:
        t1 = now
    rate = average_rate(evs, t0, t1)
    return AlarmHealth(
        t0=t0, t1=t1, raised=sum(1 for e in evs if _fields(e)[2] == "raised"), rate_per_10min=rate,
        rating=rate_rating(rate), flood=flood(evs, now), top=tuple(top_frequent(evs, top_n)),
        chattering=tuple(chattering(evs)),
    )
