"""What the simulated plant really did: the ground truth a station's figures are checked against. Qt-free.

The line simulator keeps one :class:`PlantTruth` (``LineSimulator.truth``).  Each machine model reports to
its :class:`MachineTruth` after every physics step, so the record has the physics step's resolution
(0.1 simulated seconds at ``--speed 1``, 1.2 s at ``--speed 600``), not the station's sampling:

* parts made: every change of the good and defect counters, unwrapped (a 32-bit rollover is not a loss);
* state intervals: running / idle / fault, each change with its time;
* alarm limits: each time a tag's true value crosses one of its HI/HIHI/LO/LOLO limits (with the alarm's
  deadband, so noise around a limit is one crossing, not a hundred);
* every numeric tag's value, at most once per ``value_every_s`` simulated seconds;
* the injected faults come from the simulator's timeline (scheduled and injected ones).

Times are **plant times** (Unix seconds: the simulator's epoch + simulated seconds), the same clock the
station stamps its samples with (``LineSimulator.plant_clock``), so a truth interval and a KPI window
compare directly whatever ``--speed`` the plant ran at.

    truth = sim.truth
    truth.parts("press1", windows)            # (good, defects) made inside [(t0, t1), ...]
    truth.state_seconds("press1", windows)    # {"running": s, "idle": s, "fault": s}
    truth.crossings("press1.bushing_temp")    # [(t, "HIHI", 95.0, True), ...] (True: crossed into the alarm)
    truth.first_crossing("press1.bushing_temp", "HIHI", after=t)
    truth.faults()                            # [TrueFault(name, equipment_id, start, end, tag), ...]
    truth.values("caster1.die_temp")          # (t, v) numpy arrays
"""
from __future__ import annotations

import bisect
import math
import threading
from array import array
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

__all__ = ["PlantTruth", "MachineTruth", "TrueFault", "STATE_NAMES"]

#: the simulator's state codes (the ``state`` tag): 0 idle, 1 running, 2 fault
STATE_NAMES = {0: "idle", 1: "running", 2: "fault"}
_U32 = 1 << 32
_ANALOG = ("HI", "HIHI", "LO", "LOLO")


@dataclass(frozen=True)
class TrueFault:
    """An injected fault as it really happened (plant times; ``end`` is inf while it lasts)."""

    name: str
    equipment_id: str
    start: float
    end: float
    tag: str | None = None


class _Limit:
    __slots__ = ("name", "kind", "limit", "deadband", "up", "on")

    def __init__(self, name: str, kind: str, limit: float, deadband: float):
        self.name, self.kind, self.limit, self.deadband = name, kind, float(limit), max(0.0, float(deadband))
        self.up = kind in ("HI", "HIHI")
        self.on = False


class MachineTruth:
    """The record of one machine (filled by its model, on the simulator's thread; read under the lock)."""

    def __init__(self, equipment, epoch: float, lock: threading.Lock, value_every_s: float,
                 keep_s: float | None = None):
        self.id = equipment.id
        #: plant seconds of record kept behind the newest step (None: the whole run)
        self.keep_s = None if keep_s is None else max(60.0, float(keep_s))
        self._next_trim_t = -math.inf
        self._base_good = self._base_defects = 0  # cumulative counts at the last part record trimmed away
        self.epoch = float(epoch)
        self._lock = lock
        self.value_every_s = float(value_every_s)
        # parts: times of counter changes and the cumulative good / defect counts after them
        self._pt, self._pg, self._pd = array("d"), array("q"), array("q")
        self._last_counts: tuple[int, int] | None = None
        self._good = self._defects = 0
        # states: (time of change, new state)
        self._st, self._sv = array("d"), array("b")
        self._end = self.epoch  # time of the last observed step
        self._limits = [_Limit(t.name, a.kind, a.limit, a.deadband) for t in equipment.tags for a in t.alarms
                        if a.kind in _ANALOG and a.limit is not None and math.isfinite(a.limit)]
        self._limit_tags = sorted({x.name for x in self._limits})
        self._crossings: list[tuple[float, str, str, float, bool]] = []  # (t, tag name, kind, limit, into)
        self._values: dict[str, tuple[array, array]] = {}
        self._next_value_t = -math.inf

    # ------------------------------------------------------------------ recording (simulator thread)
    def observe(self, model, sim_t: float) -> None:
        """After one physics step at simulated time ``sim_t`` (called by the model)."""
        t = self.epoch + sim_t
        counts = model.true_counts()
        state = model.true_state()
        values = model.outputs() if self._limit_tags else None
        with self._lock:
            self._end = t
            if counts is not None:
                last = self._last_counts
                if last is None:
                    self._last_counts = counts
                elif counts != last:
                    self._good += (counts[0] - last[0]) % _U32
                    self._defects += (counts[1] - last[1]) % _U32
                    self._last_counts = counts
                    self._pt.append(t)
                    self._pg.append(self._good)
                    self._pd.append(self._defects)
            if state is not None and (not self._sv or self._sv[-1] != state):
                self._st.append(t)
                self._sv.append(int(state))
            if values is not None:
                for lim in self._limits:
                    v = values.get(lim.name)
                    if v is None or not isinstance(v, (int, float)) or not math.isfinite(v):
                        continue
                    if not lim.on:
                        if (v >= lim.limit) if lim.up else (v <= lim.limit):
                            lim.on = True
                            self._crossings.append((t, lim.name, lim.kind, lim.limit, True))
                    elif (v < lim.limit - lim.deadband) if lim.up else (v > lim.limit + lim.deadband):
                        lim.on = False
                        self._crossings.append((t, lim.name, lim.kind, lim.limit, False))
            if self.keep_s is not None and t >= self._next_trim_t:
                self._trim(t - self.keep_s)
                self._next_trim_t = t + self.keep_s / 8.0

    def _trim(self, horizon: float) -> None:
        """Forget what happened before plant time ``horizon`` (under the lock).  The state in force at the
        horizon is kept, and part counts stay cumulative: a window that reaches back past the horizon counts
        only what is still on record."""
        n = bisect.bisect_left(self._pt, horizon)
        if n:
            self._base_good, self._base_defects = self._pg[n - 1], self._pd[n - 1]
            del self._pt[:n], self._pg[:n], self._pd[:n]
        n = bisect.bisect_left(self._st, horizon) - 1  # keep the interval the horizon falls in
        if n > 0:
            del self._st[:n], self._sv[:n]
        n = bisect.bisect_left(self._crossings, (horizon,))
        if n:
            del self._crossings[:n]
        for ts, vs in self._values.values():
            n = bisect.bisect_left(ts, horizon)
            if n:
                del ts[:n], vs[:n]

    def record_values(self, sim_t: float, values: dict[str, object]) -> None:
        """The published values of one simulator tick (decimated to ``value_every_s``)."""
        t = self.epoch + sim_t
        if t < self._next_value_t:
            return
        self._next_value_t = t + self.value_every_s
        with self._lock:
            for name, v in values.items():
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    continue
                ts, vs = self._values.get(name) or self._values.setdefault(name, (array("d"), array("d")))
                ts.append(t)
                vs.append(float(v))

    # ------------------------------------------------------------------ reading (any thread)
    @property
    def end(self) -> float:
        """Plant time of the last physics step recorded."""
        return self._end

    def parts(self, windows: Sequence[tuple[float, float]] | np.ndarray) -> tuple[int, int]:
        """(good, defects) made inside the union of ``windows`` (each [t0, t1), plant times)."""
        with self._lock:
            t = np.frombuffer(self._pt, dtype=np.float64).copy()
            g = np.frombuffer(self._pg, dtype=np.int64).copy()
            d = np.frombuffer(self._pd, dtype=np.int64).copy()
            g0, d0 = self._base_good, self._base_defects
        g = np.concatenate(([g0], g))
        d = np.concatenate(([d0], d))
        good = defects = 0
        for a, b in np.asarray(windows, float).reshape(-1, 2):
            i, j = np.searchsorted(t, a, side="left"), np.searchsorted(t, b, side="left")
            good += int(g[j] - g[i])
            defects += int(d[j] - d[i])
        return good, defects

    def intervals(self) -> list[tuple[float, float, int]]:
        """(start, end, state) of every state interval, the last one open until :attr:`end`."""
        with self._lock:
            st, sv, end = list(self._st), list(self._sv), self._end
        return [(st[i], st[i + 1] if i + 1 < len(st) else end, sv[i]) for i in range(len(st))]

    def state_seconds(self, windows: Sequence[tuple[float, float]] | np.ndarray) -> dict[str, float]:
        """Seconds in each state inside ``windows`` (running, idle, fault; time not yet simulated is left out)."""
        out = {name: 0.0 for name in STATE_NAMES.values()}
        ivs = self.intervals()
        for a, b in np.asarray(windows, float).reshape(-1, 2):
            for s, e, state in ivs:
                lo, hi = max(a, s), min(b, e)
                if hi > lo:
                    out[STATE_NAMES.get(state, str(state))] += hi - lo
        return out

    def failures(self, windows: Sequence[tuple[float, float]] | np.ndarray) -> int:
        """Fault stops that began inside ``windows``."""
        w = np.asarray(windows, float).reshape(-1, 2)
        return sum(1 for s, _e, state in self.intervals() if state == 2 and ((w[:, 0] <= s) & (s < w[:, 1])).any())

    def crossings(self, name: str | None = None) -> list[tuple[float, str, str, float, bool]]:
        """(t, tag name, kind, limit, into) of every true limit crossing (``into``: crossed into the alarm
        side; False: back out past the deadband), optionally of one tag name."""
        with self._lock:
            rows = list(self._crossings)
        return [r for r in rows if name is None or r[1] == name]

    def values(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            ts, vs = self._values.get(name, (array("d"), array("d")))
            return np.array(ts, dtype=np.float64), np.array(vs, dtype=np.float64)


class PlantTruth:
    """The ground truth of a whole simulated plant (see the module doc)."""

    def __init__(self, equipment: Iterable, epoch: float = 0.0, *, timeline=None, value_every_s: float = 1.0,
                 keep_s: float | None = None):
        """``timeline``: () -> the simulator's current fault timeline (simulated seconds).  ``keep_s``: plant
        seconds of record kept behind the newest step (None, the default: the whole run, as the truth benches
        need; a long-running demo keeps a horizon so that its memory stays flat)."""
        self._lock = threading.Lock()
        self.epoch = float(epoch)
        self.value_every_s = float(value_every_s)
        self.machines: dict[str, MachineTruth] = {e.id: MachineTruth(e, epoch, self._lock, value_every_s, keep_s)
                                                  for e in equipment}
        self._timeline = timeline

    def set_epoch(self, epoch: float) -> None:
        """The simulated clock's origin (set by the simulator at its first start, before any step)."""
        self.epoch = float(epoch)
        for m in self.machines.values():
            m.epoch = self.epoch
            m._end = self.epoch

    def machine(self, equipment_id: str) -> MachineTruth:
        try:
            return self.machines[equipment_id]
        except KeyError:
            raise KeyError(f"{equipment_id!r} is not a simulated machine (simulated: "
                           f"{', '.join(self.machines) or 'none'})") from None

    # ------------------------------------------------------------------ per machine, by id
    def parts(self, equipment_id: str, windows) -> tuple[int, int]:
        return self.machine(equipment_id).parts(windows)

    def state_seconds(self, equipment_id: str, windows) -> dict[str, float]:
        return self.machine(equipment_id).state_seconds(windows)

    def intervals(self, equipment_id: str) -> list[tuple[float, float, int]]:
        return self.machine(equipment_id).intervals()

    def end(self) -> float:
        """Plant time up to which every machine has been simulated."""
        return min((m.end for m in self.machines.values()), default=self.epoch)

    # ------------------------------------------------------------------ per tag, by key
    def crossings(self, tag_key: str) -> list[tuple[float, str, str, float, bool]]:
        eid, _, name = tag_key.partition(".")
        return self.machine(eid).crossings(name)

    def first_crossing(self, tag_key: str, kind: str, after: float = -math.inf) -> float | None:
        """Plant time at which ``tag_key`` first truly crossed its ``kind`` limit at or after ``after``."""
        return next((t for t, _n, k, _l, into in self.crossings(tag_key) if k == kind and into and t >= after), None)

    def values(self, tag_key: str) -> tuple[np.ndarray, np.ndarray]:
        """(plant time, value) of one numeric tag, as published (decimated to ``value_every_s``)."""
        eid, _, name = tag_key.partition(".")
        return self.machine(eid).values(name)

    # ------------------------------------------------------------------ faults
    def faults(self) -> list[TrueFault]:
        """Every fault of the run (scheduled or injected), onsets in plant time, sorted by onset."""
        ivs = list(self._timeline().intervals) if self._timeline is not None else []
        return sorted((TrueFault(iv.name, iv.equipment_id, self.epoch + iv.start, self.epoch + iv.end, iv.tag)
                       for iv in ivs), key=lambda f: f.start)
