"""Production accounting from equipment signals. Qt-free, vectorised with numpy.

Signals arrive as three parallel arrays (``ts`` seconds since the epoch, ``value``, ``quality`` with
:class:`hmi.equipment.model.Quality` codes; only ``Quality.GOOD`` (0) is trusted).
:func:`series_from_samples` turns a list of :class:`~hmi.equipment.model.Sample` into them.

Counters (:func:`counter_increments`)
------------------------------------
An increment is taken between two *consecutive* GOOD samples only (nothing in between was BAD /
STALE / COMM_FAIL, and, when ``max_gap_s`` is given, they are at most ``max_gap_s`` apart). Across a
quality gap nothing is counted: the counter resynchronises at the first GOOD sample after the gap
(its value is the new reference). Parts made during the gap are therefore lost rather than invented
or booked into the wrong shift; ``gaps`` and ``gap_s`` say how much was not observed.

For two consecutive GOOD values ``prev -> cur`` with ``d = cur - prev``:

* ``d >= 0``: increment ``d`` (if ``max_step`` is set and ``d > max_step`` it is a JUMP: counted 0).
* ``d < 0`` is a ROLLOVER when the counter's ``modulus`` is known (65536 for uint16, 2**32 for
  uint32) and the wrapped increment ``modulus - prev + cur <= max_step`` (the counter could have
  advanced that far in one sample): increment ``modulus - prev + cur``.
* otherwise ``d < 0`` is a METER RESET when ``cur <= reset_max`` (dropped to near zero): the
  counter restarted from 0, increment ``cur`` (the parts counted since the reset).
* otherwise (a drop that is neither, e.g. a restored old value) it is a GLITCH: counted 0, resync.

``max_step`` defaults to ``modulus // 4`` (None: unlimited when no modulus); ``reset_max`` defaults
to ``max_step`` (None: any drop without a plausible wrap is a reset). A reset that happens just
before the counter would have wrapped (prev close to the modulus, cur small) is indistinguishable
from a rollover and is booked as one: choose ``max_step`` as the real maximum parts per sample.

State timeline (:func:`state_timeline`)
---------------------------------------
State signal: 0 idle, 1 running, 2 fault; a non-GOOD sample or any other value is UNKNOWN (-1,
"no data": the station was recording but the machine did not answer). Each sample's state holds until
the next sample; the last one holds until ``end``. With ``max_gap_s`` a sample holds at most that long:
time without any record (the station was off) is UNOBSERVED (-2). Time before the first sample is not
covered at all. The KPIs leave unobserved time out of planned busy time and report it.
Operator reason codes (:class:`ReasonEntry`, non-overlapping) label the non-running time they cover;
they never turn running time into downtime. A FAILURE is a transition into the fault state (a fault
split by reason codes is still one failure).

Schedule (:class:`Schedule`)
----------------------------
Daily shift pattern in local time (``tz``, IANA name, or "local" for the station's zone). A shift whose end is not after its start
crosses midnight and ends the next day; it belongs to the production day it starts on. Breaks are
local times inside the shift (a break time earlier than the shift start is on the next day). Planned
downtime is a list of absolute (start, end) intervals. Planned busy time windows = shift minus breaks
minus planned downtime.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime, timedelta
from typing import Iterable, Sequence
from zoneinfo import ZoneInfo

import numpy as np

from hmi.equipment.model import Quality, Sample
from hmi.messages import QT_TRANSLATE_NOOP

IDLE, RUNNING, FAULT, UNKNOWN, UNOBSERVED = 0, 1, 2, -1, -2
STATE_NAMES = {IDLE: "idle", RUNNING: "running", FAULT: "fault", UNKNOWN: "no data", UNOBSERVED: "not recorded"}
#: the downtime Pareto's classes of stops nobody booked a reason for (translatable; the English text is the key)
UNBOOKED_LABELS = (QT_TRANSLATE_NOOP("Downtime", "idle (no reason)"), QT_TRANSLATE_NOOP("Downtime", "fault (no reason)"),
                   QT_TRANSLATE_NOOP("Downtime", "no data"))
GOOD = int(Quality.GOOD)


def series_from_samples(samples: Iterable[Sample]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(ts float64, value float64 (NaN where None/non-numeric), quality int8) sorted by ts."""
    samples = list(samples)
    ts = np.fromiter((s.ts for s in samples), dtype=np.float64, count=len(samples))
    val = np.fromiter((float(s.value) if isinstance(s.value, (int, float)) else np.nan for s in samples),
                      dtype=np.float64, count=len(samples))
    q = np.fromiter((int(s.quality) for s in samples), dtype=np.int8, count=len(samples))
    order = np.argsort(ts, kind="stable")
    return ts[order], val[order], q[order]


def _good_mask(value: np.ndarray, quality: np.ndarray | None) -> np.ndarray:
    ok = np.isfinite(value)
    if quality is not None:
        ok &= np.asarray(quality) == GOOD
    return ok


# --------------------------------------------------------------------------------------- counters
@dataclass
class CounterIncrements:
    """Increments booked at the time of the later sample of each valid pair (sorted by ``ts``)."""

    ts: np.ndarray            # float64
    inc: np.ndarray           # int64, >= 0
    rollovers: int = 0
    resets: int = 0
    glitches: int = 0         # drops that were neither rollover nor reset, plus jumps
    gaps: int = 0             # pairs not counted because of a quality / time gap
    gap_s: float = 0.0        # time spanned by those pairs
    _cum: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._cum = np.zeros(self.inc.size + 1, dtype=np.int64)
        np.cumsum(self.inc, out=self._cum[1:])

    @property
    def total(self) -> int:
        return int(self._cum[-1])

    def between(self, t0, t1):
        """Parts counted with ``t0 <= ts < t1``; scalars or arrays (vectorised)."""
        i0 = np.searchsorted(self.ts, t0, side="left")
        i1 = np.searchsorted(self.ts, t1, side="left")
        out = self._cum[i1] - self._cum[i0]
        return int(out) if np.ndim(out) == 0 else out


def counter_increments(ts, value, quality=None, *, modulus: int | None = None,
                       max_step: int | None = None, reset_max: int | None = None,
                       max_gap_s: float | None = None, max_rate: float | None = None) -> CounterIncrements:
    """Increments of a part counter; see the module doc for the rollover / reset / gap rule.

    ``max_rate`` (parts per second): an increment above ``max_rate x dt + 2`` between two samples
    ``dt`` apart is a JUMP too (a counter that cannot have advanced that far in that time)."""
    ts = np.asarray(ts, dtype=np.float64)
    value = np.asarray(value, dtype=np.float64)
    if max_step is None and modulus is not None:
        max_step = int(modulus) // 4
    if reset_max is None:
        reset_max = max_step
    good = _good_mask(value, quality)
    if good.all():                                    # the usual case: no bad sample to skip
        if ts.size < 2:
            return CounterIncrements(np.empty(0), np.empty(0, dtype=np.int64))
        t, v = ts, np.rint(value).astype(np.int64)
        gap = np.empty(0, dtype=np.intp)
    else:
        idx = np.flatnonzero(good)
        if idx.size < 2:
            return CounterIncrements(np.empty(0), np.empty(0, dtype=np.int64))
        t = ts[idx]
        v = np.rint(value[idx]).astype(np.int64)
        gap = np.flatnonzero(np.diff(idx) != 1)       # pairs that span a bad sample
    if modulus is not None and (v.min() < 0 or v.max() >= modulus):
        v %= int(modulus)
    inc = np.diff(v)                                  # d = cur - prev, fixed up below on the few
                                                      # pairs that are not plain increments
    if max_gap_s is not None:
        gap = np.union1d(gap, np.flatnonzero(np.diff(t) > max_gap_s))
    n_roll = n_reset = n_glitch = 0
    too_far = None
    if max_step is not None:
        too_far = inc > max_step
    if max_rate is not None:
        fast = inc > max_rate * np.diff(t) + 2.0
        too_far = fast if too_far is None else (too_far | fast)
    if too_far is not None:
        jump = np.flatnonzero(too_far)
        jump = np.setdiff1d(jump, gap, assume_unique=True)
        n_glitch += jump.size
        inc[jump] = 0
    neg = np.flatnonzero(inc < 0)
    if neg.size:
        neg_ok = np.setdiff1d(neg, gap, assume_unique=True)
        d = inc[neg]
        cur = v[neg + 1]
        roll = np.zeros(neg.size, dtype=bool)
        if modulus is not None:
            wrapped = d + int(modulus)
            roll = wrapped <= max_step
        reset = ~roll if reset_max is None else ~roll & (cur <= reset_max)
        counted = np.isin(neg, neg_ok, assume_unique=True)
        n_roll = int(np.count_nonzero(roll & counted))
        n_reset = int(np.count_nonzero(reset & counted))
        n_glitch += int(np.count_nonzero(~roll & ~reset & counted))
        inc[neg] = np.where(roll, d + (int(modulus) if modulus is not None else 0), np.where(reset, cur, 0))
    inc[gap] = 0
    return CounterIncrements(ts=t[1:], inc=inc, rollovers=n_roll, resets=n_reset, glitches=n_glitch,
                             gaps=int(gap.size), gap_s=float(np.sum(t[gap + 1] - t[gap])))


# ---------------------------------------------------------------------------------- state timeline
@dataclass(frozen=True)
class ReasonEntry:
    """Operator reason code for the non-running time in [start, end)."""

    start: float
    end: float
    code: str


@dataclass
class StateTimeline:
    """Contiguous segments [start[i], end[i]) with a state and a reason index (-1: none)."""

    start: np.ndarray      # float64
    end: np.ndarray        # float64
    state: np.ndarray      # int8: IDLE / RUNNING / FAULT / UNKNOWN
    reason: np.ndarray     # int32 index into ``reasons`` or -1
    reasons: list[str]
    failure_ts: np.ndarray  # start of every transition into FAULT

    def label_index(self) -> tuple[np.ndarray, list[str]]:
        """Per segment an index into a label list used by the downtime Pareto (-1 for running)."""
        labels = list(self.reasons) + list(UNBOOKED_LABELS)
        n = len(self.reasons)
        lab = np.where(self.reason >= 0, self.reason, -1).astype(np.int64)
        lab = np.where((lab < 0) & (self.state == IDLE), n, lab)
        lab = np.where((lab < 0) & (self.state == FAULT), n + 1, lab)
        lab = np.where((lab < 0) & (self.state == UNKNOWN), n + 2, lab)
        lab = np.where((self.state == RUNNING) | (self.state == UNOBSERVED), -1, lab)
        return lab, labels


def _merge(start, end, state, reason):
    keep = np.ones(start.size, dtype=bool)
    keep[1:] = (state[1:] != state[:-1]) | (reason[1:] != reason[:-1])
    first = np.flatnonzero(keep)
    last_end = np.append(start[first[1:]], end[-1]) if first.size else end[:0]
    return start[first], last_end, state[first], reason[first]


def state_timeline(ts, state, quality=None, *, end: float | None = None,
                   reasons: Sequence[ReasonEntry] = (), max_gap_s: float | None = None) -> StateTimeline:
    """Machine-state segments from a state signal plus operator reason codes (see module doc)."""
    ts = np.asarray(ts, dtype=np.float64)
    value = np.asarray(state, dtype=np.float64)
    if ts.size == 0:
        e = np.empty(0)
        return StateTimeline(e, e, np.empty(0, np.int8), np.empty(0, np.int32), [], e)
    ok = _good_mask(value, quality)
    s = np.full(ts.size, UNKNOWN, dtype=np.int8)
    vi = np.where(ok, value, -1)
    for code in (IDLE, RUNNING, FAULT):
        s[ok & (vi == code)] = code
    if max_gap_s is not None:   # a sample holds at most max_gap_s: then "not recorded" until the next
        stop = np.append(ts[1:], ts[-1] if end is None else max(float(end), ts[-1]))
        gap = np.flatnonzero(stop - ts > max_gap_s)
        if gap.size:
            ts = np.concatenate((ts, ts[gap] + max_gap_s))
            s = np.concatenate((s, np.full(gap.size, UNOBSERVED, dtype=np.int8)))
            order = np.argsort(ts, kind="stable")
            ts, s = ts[order], s[order]
    change = np.flatnonzero(s[1:] != s[:-1]) + 1
    first = np.concatenate(([0], change))
    st, stt = ts[first], s[first]
    en = np.append(ts[change], ts[-1] if end is None else max(float(end), ts[-1]))
    keep = en > st
    st, en, stt = st[keep], en[keep], stt[keep]
    codes: list[str] = []
    if reasons and st.size:
        entries = sorted(reasons, key=lambda r: r.start)
        for a, b in zip(entries, entries[1:]):
            if b.start < a.end:
                raise ValueError(f"overlapping reason codes {a} and {b}")
        codes = sorted({r.code for r in entries})
        rs_ = np.array([r.start for r in entries])
        re_ = np.array([r.end for r in entries])
        rc = np.array([codes.index(r.code) for r in entries], dtype=np.int32)
        lo, hi = st[0], en[-1]
        bps = np.unique(np.concatenate((st, np.clip(rs_, lo, hi), np.clip(re_, lo, hi))))
        bps = bps[bps < hi]
        k = np.searchsorted(st, bps, side="right") - 1
        new_state = stt[k]
        j = np.searchsorted(rs_, bps, side="right") - 1
        inside = (j >= 0) & (bps < re_[np.maximum(j, 0)])
        labelled = inside & (new_state != RUNNING) & (new_state != UNOBSERVED)
        new_reason = np.where(labelled, rc[np.maximum(j, 0)], -1).astype(np.int32)
        seg_e = np.append(bps[1:], hi)
        st, en, stt, rs = _merge(bps, seg_e, new_state, new_reason)
    else:
        rs = np.full(st.size, -1, dtype=np.int32)
    # a failure: FAULT entered from a known non-fault state (a fault seen again after a comm loss or
    # a recording gap is the same failure)
    is_fault = stt == FAULT
    known = (stt != UNKNOWN) & (stt != UNOBSERVED)
    last_known = np.maximum.accumulate(np.where(known, np.arange(stt.size), -1)) if stt.size else stt
    prev_known = np.concatenate(([-1], last_known[:-1])) if stt.size else stt
    prev_fault = (prev_known >= 0) & (stt[np.maximum(prev_known, 0)] == FAULT)
    return StateTimeline(st, en, stt, rs, codes, st[is_fault & ~prev_fault])


# ---------------------------------------------------------------------------------------- schedule
def _hm(s: str) -> dtime:
    h, m = s.split(":")
    return dtime(int(h), int(m))


def subtract_intervals(base: Sequence[tuple[float, float]],
                       cuts: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """``base`` intervals minus the union of ``cuts``; sorted, disjoint, positive-length result."""
    out = []
    cuts = sorted((a, b) for a, b in cuts if b > a)
    for a, b in sorted(base):
        cur = a
        for ca, cb in cuts:
            if cb <= cur or ca >= b:
                continue
            if ca > cur:
                out.append((cur, ca))
            cur = max(cur, cb)
            if cur >= b:
                break
        if cur < b:
            out.append((cur, b))
    return out


@dataclass(frozen=True)
class ShiftDef:
    """One shift of the daily pattern: local "HH:MM" start/end, crew size, breaks ("HH:MM" pairs)."""

    name: str
    start: str
    end: str
    crew: int = 1
    breaks: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ShiftInstance:
    name: str
    day: str                       # ISO date of the production day (the day the shift starts)
    start: float
    end: float
    crew: int
    breaks: tuple[tuple[float, float], ...]
    planned_downtime: tuple[tuple[float, float], ...]   # clipped to the shift

    @property
    def pbt_windows(self) -> np.ndarray:
        """(k, 2) planned busy time windows: shift minus breaks minus planned downtime."""
        w = subtract_intervals([(self.start, self.end)], list(self.breaks) + list(self.planned_downtime))
        return np.array(w, dtype=np.float64).reshape(-1, 2)


@dataclass(frozen=True)
class Schedule:
    shifts: tuple[ShiftDef, ...]
    tz: str = "UTC"
    planned_downtime: tuple[tuple[float, float], ...] = ()
    workdays: frozenset[int] = frozenset(range(7))      # date.weekday(): 0 Monday

    def _zone(self):
        """The schedule's time zone; None ("local") is the station's own, daylight saving included."""
        return None if self.tz in ("", "local") else ZoneInfo(self.tz)

    def _at(self, day: date, t: dtime) -> float:
        return datetime.combine(day, t, tzinfo=self._zone()).timestamp()

    def _after(self, day: date, t: dtime, ref: dtime, strict: bool) -> float:
        """Local time ``t`` on ``day``, or on the next day when it is before (or at, if strict) ``ref``."""
        nxt = t < ref or (strict and t == ref)
        return self._at(day + timedelta(days=1) if nxt else day, t)

    def instances(self, t0: float, t1: float) -> list[ShiftInstance]:
        """Shift instances starting in [t0, t1), sorted by start."""
        z = self._zone()
        d0 = datetime.fromtimestamp(t0, z).date() - timedelta(days=1)
        d1 = datetime.fromtimestamp(t1, z).date()
        out = []
        day = d0
        while day <= d1:
            if day.weekday() in self.workdays:
                for sd in self.shifts:
                    s_t, e_t = _hm(sd.start), _hm(sd.end)
                    start = self._at(day, s_t)
                    if not t0 <= start < t1:
                        continue
                    end = self._after(day, e_t, s_t, strict=True)
                    brks = []
                    for bs, be in sd.breaks:
                        b0 = self._after(day, _hm(bs), s_t, strict=False)
                        b1 = b0 + ((datetime.combine(date(2000, 1, 1), _hm(be)) -
                                    datetime.combine(date(2000, 1, 1), _hm(bs))).total_seconds() % 86400)
                        brks.append((max(b0, start), min(b1, end)))
                    pd = tuple((max(a, start), min(b, end)) for a, b in self.planned_downtime
                               if b > start and a < end)
                    out.append(ShiftInstance(sd.name, day.isoformat(), start, end, int(sd.crew),
                                             tuple(b for b in brks if b[1] > b[0]), pd))
            day += timedelta(days=1)
        out.sort(key=lambda s: s.start)
        return out
