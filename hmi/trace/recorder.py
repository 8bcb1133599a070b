"""Station recorder: part steps from a PLC "part done" trigger tag plus a serial string tag. Qt-free.

    recorder = StationRecorder(plant, TraceStore(engine), historian)
    runtime.subscribe(recorder.sink)          # the poller's sample batches
    recorder.start() ... recorder.stop()

For each ``[[trace.stations]]`` of the plant configuration the recorder watches the station's
``trigger`` tag in the sample stream.  The first GOOD value is the baseline; every later change of
it (a part-done counter stepping, or a toggle bit flipping) means one part finished at that
sample's time.  The values of ``serial``, ``result`` and ``lot`` are taken as they are in the same
batch (put them in the same register block as the trigger so that one read carries all of them, as
the demo caster does).  The step starts ``duration`` seconds (tag value) before the trigger when
the station has a duration tag, else at the previous trigger (the first part: when the recorder
first saw the trigger).  A counter that jumps by more than one means parts were missed (scan too
slow): they are counted in :meth:`stats` as ``missed``.

:meth:`sink` only updates a few values and queues part-done events: it never blocks the
acquisition thread.  The recorder's own thread waits ``settle_s`` (the historian writer's flush),
checks the serial against the plant's format (:class:`~hmi.trace.serials.SerialFormat`; rejected
serials are logged and kept in ``stats()["rejected"]``), takes the parameter snapshot from the
historian (GOOD values of each parameter tag during the step; the value held at the start counts
too, since the historian stores changes only) and records the step with
:meth:`~hmi.trace.genealogy.TraceStore.record_step`.
"""
from __future__ import annotations

import collections
import logging
import math
import threading
import time
from dataclasses import dataclass
from typing import Callable

from hmi.equipment.model import Quality, Sample
from hmi.trace.genealogy import ParamSnapshot, TraceStore
from hmi.workers import QueueWorker
from hmi.trace.serials import SerialFormat

log = logging.getLogger(__name__)

__all__ = ["StationRecorder", "PartDone", "snapshot_params"]

#: how far before a step the historian is searched for the value held at its start
HELD_LOOKBACK_S = 600.0


@dataclass(frozen=True)
class PartDone:
    station: str
    serial: str
    start_ts: float
    end_ts: float
    result: str | None
    lot: str | None


def _result(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        v = value.strip().lower()
        return v if v in ("ok", "ng", "rework") else None
    try:
        return "ok" if float(value) >= 1 else "ng"
    except (TypeError, ValueError):
        return None


def snapshot_params(historian, plant, tags: list[str], t0: float, t1: float) -> list[ParamSnapshot]:
    """Min/max/mean of each tag's GOOD historian values in [t0, t1] (plus the value held at t0),
    with the tag's unit and normal range."""
    out = []
    for key in tags:
        try:
            cfg = plant.tag(key)
            unit, rng = cfg.unit or None, cfg.normal_range
        except KeyError:
            unit, rng = None, None
        vals: list[float] = []
        if historian is not None:
            ser = historian.raw(key, t0 - HELD_LOOKBACK_S, t1)
            held = None
            for ts, v, q in zip(ser.ts, ser.value, ser.quality):
                if int(q) != int(Quality.GOOD):
                    continue
                try:
                    x = float(v)
                except (TypeError, ValueError):
                    continue
                if not math.isfinite(x):
                    continue
                if ts < t0:
                    held = x
                else:
                    vals.append(x)
            if held is not None:
                vals.append(held)
        out.append(ParamSnapshot(
            tag=key, vmin=min(vals) if vals else None, vmax=max(vals) if vals else None,
            vavg=sum(vals) / len(vals) if vals else None, n=len(vals), unit=unit,
            range_lo=rng[0] if rng else None, range_hi=rng[1] if rng else None))
    return out


class _StationState:
    def __init__(self, st, line: str):
        self.cfg = st
        self.line = line
        eq = st.equipment
        self.trigger = f"{eq}.{st.trigger}"
        self.serial = f"{eq}.{st.serial}"
        self.result = f"{eq}.{st.result}" if st.result else None
        self.lot = f"{eq}.{st.lot}" if st.lot else None
        self.duration = f"{eq}.{st.duration}" if st.duration else None
        self.params = [f"{eq}.{p}" for p in st.parameters]
        self.last_trigger = None
        self.last_ts: float | None = None


class StationRecorder:
    """Records the part steps of every trace station of ``plant`` (see the module docstring).

    ``store``: :class:`TraceStore`; ``historian``: :class:`hmi.store.historian.Historian` for the
    parameter snapshots (None: steps without parameters); ``settle_s``: wait before reading the
    historian; ``operator``: a callable giving the user logged in at the station (or None)."""

    def __init__(self, plant, store: TraceStore, historian=None, *, settle_s: float = 1.5,
                 operator: Callable[[], str | None] | None = None, max_queue: int = 10_000):
        self.plant = plant
        self.store = store
        self.historian = historian
        self.settle_s = float(settle_s)
        self.operator = operator
        self.serial_format = SerialFormat.from_config(plant.trace)
        eq_line = {e.id: e.line_id for e in plant.equipment}
        self.stations = [_StationState(st, eq_line[st.equipment]) for st in plant.trace.stations]
        self._watch = {k for s in self.stations for k in (s.serial, s.result, s.lot, s.duration) if k}
        self._triggers = {s.trigger: s for s in self.stations}
        self._values: dict[str, object] = {}
        self._worker = QueueWorker("trace-recorder", self._settle_and_record, max_queue=max_queue)
        self._callbacks: list[Callable[[PartDone, int], None]] = []
        self._lock = threading.Lock()
        self._stats = {"recorded": 0, "missed": 0, "errors": 0, "last_error": None}
        self._rejected: collections.deque = collections.deque(maxlen=50)

    # ------------------------------------------------------------------ wiring
    def on_recorded(self, callback: Callable[[PartDone, int], None]) -> None:
        """``callback(part_done, step_id)`` after each recorded step (on the recorder's thread)."""
        self._callbacks.append(callback)

    def sink(self, batch: list[Sample]) -> None:
        """Sample batches from the poller (acquisition thread): never blocks."""
        if not self.stations:
            return
        triggers = []
        for s in batch:
            if s.tag in self._watch:
                if s.quality == Quality.GOOD:
                    self._values[s.tag] = s.value
            elif s.tag in self._triggers and s.quality == Quality.GOOD and s.value is not None:
                triggers.append(s)
        for s in triggers:  # after the serial etc. of the same batch were taken
            self._trigger(self._triggers[s.tag], s)

    def _trigger(self, st: _StationState, s: Sample) -> None:
        prev, st.last_trigger = st.last_trigger, s.value
        prev_ts, st.last_ts = st.last_ts, s.ts
        if prev is None or s.value == prev:
            if prev is None:
                log.info("trace station %s: trigger %s baseline %r", st.cfg.id, st.trigger, s.value)
            else:
                st.last_ts = prev_ts
            return
        if isinstance(s.value, (int, float)) and not isinstance(s.value, bool) and isinstance(prev, (int, float)):
            step = (int(s.value) - int(prev)) % 65536
            if step > 1:
                with self._lock:
                    self._stats["missed"] += step - 1
        serial = SerialFormat.normalise(str(self._values.get(st.serial) or ""))
        duration = self._values.get(st.duration) if st.duration else None
        start = prev_ts if prev_ts is not None else s.ts
        if duration is not None:
            try:
                start = s.ts - max(0.0, float(duration))
            except (TypeError, ValueError):
                pass
        lot = self._values.get(st.lot) if st.lot else None
        job = PartDone(station=st.cfg.id, serial=serial, start_ts=min(start, s.ts), end_ts=s.ts,
                       result=_result(self._values.get(st.result)) if st.result else None,
                       lot=(str(lot).strip() or None) if lot is not None else None)
        if not self._worker.put((time.monotonic() + self.settle_s, job)):
            with self._lock:
                self._stats["missed"] += 1
            log.warning("trace recorder queue full: part %s not recorded", serial)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "StationRecorder":
        if self.stations:
            self._worker.start()
        return self

    def stop(self, flush: bool = True, timeout: float = 10.0) -> None:
        """``flush``: record what is queued (each part after its settle time) before stopping."""
        self._worker.stop(flush=flush, timeout=timeout)

    def _settle_and_record(self, item: tuple[float, PartDone]) -> None:
        due, job = item
        if self._worker.wait_stop(due - time.monotonic()):
            return  # stopping without flush
        self.record(job)

    def record(self, job: PartDone) -> int | None:
        """Validate, snapshot and store one finished part; returns the step id (None: rejected/failed)."""
        st = next(s for s in self.stations if s.cfg.id == job.station)
        problem = self.serial_format.problem(job.serial)
        if problem:
            with self._lock:
                self._rejected.append({"station": job.station, "serial": job.serial, "ts": job.end_ts,
                                       "reason": problem})
            log.warning("trace station %s: part not recorded: %s", job.station, problem)
            return None
        try:
            params = snapshot_params(self.historian, self.plant, st.params, job.start_ts, job.end_ts)
            step_id = self.store.record_step(
                job.serial, step=st.cfg.step, station=st.cfg.id, equipment=st.cfg.equipment,
                start_ts=job.start_ts, end_ts=job.end_ts, line=st.line, product=st.cfg.product,
                operator=self.operator() if self.operator else None, result=job.result, params=params,
                lots={st.cfg.lot_kind: job.lot} if job.lot else None)
        except Exception as exc:  # noqa: BLE001 - a database hiccup must not stop recording
            with self._lock:
                self._stats["errors"] += 1
                self._stats["last_error"] = f"{type(exc).__name__}: {exc}"
            log.exception("trace station %s: part %s not recorded", job.station, job.serial)
            return None
        with self._lock:
            self._stats["recorded"] += 1
            self._stats["last_error"] = None
        for cb in list(self._callbacks):
            try:
                cb(job, step_id)
            except Exception:
                log.exception("trace recorder callback %r failed", cb)
        return step_id

    def stats(self) -> dict:
        """``recorded``, ``missed`` (trigger steps lost), ``errors``, ``last_error``, ``rejected``
        (recent serials refused by the format, with the reason), ``queued``."""
        with self._lock:
            d = dict(self._stats)
            d["rejected"] = list(self._rejected)
        d["queued"] = self._worker.qsize()
        return d
