"""The alarm engine: evaluates samples against the alarm definitions and runs the ISA-18.2 state
machine of every alarm. Qt-free.

    engine = AlarmEngine(plant)                  # clock=time.time (inject a fake one in tests)
    engine.subscribe(journal.record)             # every AlarmEvent, synchronously
    poller.subscribe(engine.process)             # acquisition thread: samples in
    ... every ~0.5 s: engine.tick()              # on/off delays, shelving expiry
    engine.acknowledge("press1.bushing_temp.hi", "kim")   # GUI thread

Evaluation
----------
* Only GOOD samples drive process alarms; BAD / STALE / COMM_FAIL samples hold the alarm where it is
  (no clear on bad data).  Any COMM_FAIL sample of an equipment's tag raises that equipment's
  communication alarm ``<equipment>.comm`` (kind COMM); any other quality clears it.
* A tag with process alarms also has an instrument-fault alarm ``<tag>.badpv`` (kind BADPV): a BAD sample
  (the device answers, the value is invalid: a sensor dropout reads NaN) raises it after 5 s, a GOOD one
  clears it.  Its alarms are blind meanwhile, and the operator is told so instead of seeing nothing.
* HI/HIHI: condition when value >= limit, gone when value < limit - deadband.
  LO/LOLO: condition when value <= limit, gone when value > limit + deadband.
  ROC: rate = (value - value at least ``window_s`` ago) / elapsed * 60, evaluated once the history
  spans half the window; condition when rate (rise), -rate (fall) or |rate| (both) >= rate_per_min,
  gone below rate_per_min - deadband.
  DIGITAL: condition when value == state.
* The condition must persist ``on_delay_s`` before the alarm is raised and be gone ``off_delay_s``
  before it clears (timed with sample timestamps, and by :meth:`AlarmEngine.tick`).  Deadband and
  delays together keep a noisy value sitting on a limit from chattering.

State machine (see :mod:`hmi.alarms.model` for the states)
----------------------------------------------------------
    NORMAL --raise--> UNACK_ACTIVE --ack--> ACK_ACTIVE --clear--> NORMAL
    UNACK_ACTIVE --clear--> UNACK_RTN --ack--> NORMAL;  UNACK_RTN --raise--> UNACK_ACTIVE
    latching: ACK_ACTIVE --clear--> ACK_ACTIVE (latched) --reset--> NORMAL
              UNACK_RTN --ack--> ACK_ACTIVE (latched) --reset--> NORMAL
              UNACK_RTN --reset--> UNACK_RTN (unlatched) --ack--> NORMAL
    any --shelve--> SHELVED --unshelve / expiry--> (what the condition says: raised again if active)
    any --suppress by design--> SUPPRESSED --> (what the condition says)
    any --out of service--> OUT_OF_SERVICE --return to service--> (what the condition says)
Precedence when several apply: OUT_OF_SERVICE > SHELVED > SUPPRESSED.  Entering one of them drops
any pending acknowledgement/latch (the alarm is no longer annunciated).  Leaving them emits the
``unshelved``/``unsuppressed``/``in_service`` event, then ``raised`` when the condition is active.

Thread-safety: one re-entrant lock; subscribers are called with it held, in event order.
"""
from __future__ import annotations

import logging
import threading
from operator import itemgetter
import time
from collections import deque
from typing import Callable, Iterable

from hmi.alarms.model import (ANNUNCIATED, BADPV, COMM, UNACKED, AlarmError, AlarmEvent, AlarmState, AlarmSubscriber,
                              AlarmView)
from hmi.config import COMM_FAILURE, AlarmConfig, PlantConfig
from hmi.equipment.model import Quality, Sample
from hmi.messages import QT_TRANSLATE_NOOP

__all__ = ["AlarmEngine", "DEFAULT_MAX_SHELVE_S"]

log = logging.getLogger(__name__)

#: Longest allowed shelving (ISA-18.2: shelving is always time-limited).
DEFAULT_MAX_SHELVE_S = 24 * 3600.0

_NORMAL, _UA, _AA, _URTN = AlarmState.NORMAL, AlarmState.UNACK_ACTIVE, AlarmState.ACK_ACTIVE, AlarmState.UNACK_RTN
_SHELVED, _SUPP, _OOS = AlarmState.SHELVED, AlarmState.SUPPRESSED, AlarmState.OUT_OF_SERVICE

# kind codes (ints: cheaper to compare on the hot path)
_HI, _LO, _ROC, _DIG, _COMM, _BADPV = 1, 2, 3, 4, 5, 6
_KIND_CODE = {"HI": _HI, "HIHI": _HI, "LO": _LO, "LOLO": _LO, "ROC": _ROC, "DIGITAL": _DIG, COMM: _COMM,
              BADPV: _BADPV}
_SIGNAL = (_COMM, _BADPV)  # about the signal: no process value, the error text as detail
#: an invalid value must persist this long before its instrument-fault alarm is raised (seconds)
BADPV_ON_DELAY_S = 5.0
_DIR_CODE = {"rise": 1, "fall": -1, "both": 0}
_GOOD, _COMM_FAIL, _BAD = int(Quality.GOOD), int(Quality.COMM_FAIL), int(Quality.BAD)
_QUALITY_OF = itemgetter(3)  # a Sample's quality (GOOD is the lowest)


class _Alarm:
    """Definition and run-time state of one alarm (engine-private; guarded by the engine lock)."""

    __slots__ = (
        # definition
        "id", "tag", "equipment", "kind", "code", "priority", "message", "cause", "action", "latching",
        "limit", "deadband", "on_delay", "off_delay", "window", "direction", "state_value", "sup_tag",
        "sup_equals",
        # run time
        "raw", "cond", "pending_since", "acked", "latched", "shelved_until", "shelved_by", "reason", "oos",
        "suppressed", "value", "raised_at", "acked_at", "acked_by", "hist", "detail",
    )

    def __init__(self, alarm_id: str, tag: str, equipment: str, kind: str, priority: int, message: str,
                 cause: str, action: str, *, latching: bool = False, limit: float | None = None,
                 deadband: float = 0.0, on_delay: float = 0.0, off_delay: float = 0.0, window: float = 60.0,
                 direction: str = "both", state_value=None, sup_tag: str | None = None, sup_equals=None):
        self.id, self.tag, self.equipment, self.kind = alarm_id, tag, equipment, kind
        self.code = _KIND_CODE[kind]
        self.priority, self.message, self.cause, self.action = priority, message, cause, action
        self.latching = latching
        self.limit, self.deadband = limit, deadband
        self.on_delay, self.off_delay = on_delay, off_delay
        self.window, self.direction = window, _DIR_CODE[direction]
        self.state_value = state_value
        self.sup_tag, self.sup_equals = sup_tag, sup_equals
        self.raw = False
        self.cond = False
        self.pending_since: float | None = None
        self.acked = True
        self.latched = False
        self.shelved_until: float | None = None
        self.shelved_by: str | None = None
        self.reason: str | None = None
        self.oos = False
        self.suppressed = False
        self.value = None
        self.raised_at: float | None = None
        self.acked_at: float | None = None
        self.acked_by: str | None = None
        self.hist: deque | None = deque() if self.code == _ROC else None
        self.detail: str | None = None  # COMM / BADPV: the last communication error or decode error

    @classmethod
    def from_config(cls, a: AlarmConfig) -> "_Alarm":
        limit = a.limit if a.kind not in ("ROC", "DIGITAL") else (a.rate_per_min if a.kind == "ROC" else None)
        sup = a.suppressed_by_design
        return cls(a.id, a.tag, a.equipment_id, a.kind, a.priority, a.message or f"{a.tag} {a.kind}", a.cause,
                   a.action, latching=a.latching, limit=limit, deadband=a.deadband, on_delay=a.on_delay_s,
                   off_delay=a.off_delay_s, window=a.window_s, direction=a.direction, state_value=a.state,
                   sup_tag=sup.tag if sup else None, sup_equals=sup.equals if sup else None)

    def masked(self) -> bool:
        return self.oos or self.shelved_until is not None or self.suppressed

    def state(self) -> AlarmState:
        if self.oos:
            return _OOS
        if self.shelved_until is not None:
            return _SHELVED
        if self.suppressed:
            return _SUPP
        if self.cond:
            return _AA if self.acked else _UA
        if self.latched:
            return _AA if self.acked else _URTN
        return _NORMAL if self.acked else _URTN

    def view(self) -> AlarmView:
        return AlarmView(
            alarm_id=self.id, tag=self.tag, equipment=self.equipment, kind=self.kind, priority=self.priority,
            state=self.state(), message=self.message, cause=self.cause, action=self.action, value=self.value,
            limit=self.limit if self.code != _DIG else self.state_value, condition=self.cond,
            latching=self.latching, latched=self.latched, raised_at=self.raised_at, acked_at=self.acked_at,
            acked_by=self.acked_by, shelved_until=self.shelved_until, shelved_by=self.shelved_by,
            reason=self.reason,
        )


class AlarmEngine:
    """Evaluates samples against ``plant``'s alarm definitions (plus one communication alarm per
    equipment) and keeps every alarm's ISA-18.2 state.  See the module documentation.

    ``clock``         time source for operator actions and :meth:`tick` (``time.time``).
    ``max_shelve_s``  longest allowed shelving.
    """

    def __init__(self, plant: PlantConfig, clock: Callable[[], float] = time.time, *,
                 max_shelve_s: float = DEFAULT_MAX_SHELVE_S):
        self.plant = plant
        self.clock = clock
        self.max_shelve_s = max_shelve_s
        self._lock = threading.RLock()
        self._subs: list[AlarmSubscriber] = []
        self._alarms: dict[str, _Alarm] = {}
        self._by_tag: dict[str, tuple[_Alarm, ...]] = {}  # process alarms of each tag
        self._by_sup_tag: dict[str, tuple[_Alarm, ...]] = {}  # alarms suppressed by design by a tag's value
        self._comm_of_tag: dict[str, _Alarm] = {}  # tag key -> its equipment's COMM alarm
        self._bad_of_tag: dict[str, _Alarm] = {}  # tag key -> its instrument-fault alarm (tags with alarms)
        self._pending: set[_Alarm] = set()  # waiting out an on/off delay
        self._shelved: set[_Alarm] = set()
        by_tag: dict[str, list[_Alarm]] = {}
        by_sup: dict[str, list[_Alarm]] = {}
        for eq in plant.equipment:
            ca = eq.comm_alarm
            if ca.enabled:
                comm = _Alarm(f"{eq.id}.comm", eq.id, eq.id, COMM, ca.priority,
                              ca.message or COMM_FAILURE.format(eq.name), ca.cause, ca.action,
                              on_delay=ca.on_delay_s)
                self._alarms[comm.id] = comm
                for t in eq.tags:
                    self._comm_of_tag[t.key] = comm
            for t in eq.tags:
                if t.alarms:
                    what = (t.description or t.name).strip()
                    bad = _Alarm(f"{t.key}.badpv", t.key, eq.id, BADPV, min(c.priority for c in t.alarms),
                                 f"Sensor fault: {what} ({eq.name}) gives no valid value",
                                 "Sensor, transmitter or wiring fault: the controller answers but the value is "
                                 "invalid, so this tag's alarms cannot act",
                                 f"Check the {what.lower()} sensor and its wiring; watch the machine by other means "
                                 "until it reads again", on_delay=BADPV_ON_DELAY_S)
                    self._alarms[bad.id] = bad
                    self._bad_of_tag[t.key] = bad
                for cfg in t.alarms:
                    a = _Alarm.from_config(cfg)
                    self._alarms[a.id] = a
                    by_tag.setdefault(a.tag, []).append(a)
                    if a.sup_tag:
                        by_sup.setdefault(a.sup_tag, []).append(a)
        self._by_tag = {k: tuple(v) for k, v in by_tag.items()}
        self._by_sup_tag = {k: tuple(v) for k, v in by_sup.items()}
        self._link_alarms = tuple({id(a): a for a in (*self._comm_of_tag.values(), *self._bad_of_tag.values())}
                                  .values())
        self._valued = frozenset(self._by_tag) | frozenset(self._by_sup_tag)

    def add_alarm(self, cfg: AlarmConfig) -> str:
        """Register an alarm on a tag the plant configuration does not define (a virtual tag such as
        ``press1.anomaly`` fed by the maintenance scorer through :meth:`process`).  Returns its id;
        an id that exists already is left as it is."""
        with self._lock:
            if cfg.id in self._alarms:
                return cfg.id
            a = _Alarm.from_config(cfg)
            self._alarms[a.id] = a
            self._by_tag = {**self._by_tag, a.tag: (*self._by_tag.get(a.tag, ()), a)}
            if a.sup_tag:
                self._by_sup_tag = {**self._by_sup_tag, a.sup_tag: (*self._by_sup_tag.get(a.sup_tag, ()), a)}
            self._valued = frozenset(self._by_tag) | frozenset(self._by_sup_tag)
            return a.id

    # ------------------------------------------------------------------ subscribers
    def subscribe(self, callback: AlarmSubscriber) -> None:
        """Receive every :class:`AlarmEvent` synchronously (must not block: queue it)."""
        with self._lock:
            self._subs = [*self._subs, callback]

    def unsubscribe(self, callback: AlarmSubscriber) -> None:
        with self._lock:
            self._subs = [s for s in self._subs if s is not callback]

    def _emit(self, a: _Alarm, event: str, ts: float, user: str | None = None, comment: str | None = None,
              value=...) -> None:
        ev = AlarmEvent(ts, a.id, a.tag, a.kind, a.priority, event, a.state(), a.value if value is ... else value,
                        user, comment, a.message, a.equipment)
        for cb in self._subs:
            try:
                cb(ev)
            except Exception:  # a broken subscriber must not stop alarm evaluation
                log.exception("alarm subscriber %r failed", cb)

    # ------------------------------------------------------------------ evaluation (hot path)
    def process(self, samples: list[Sample]) -> None:
        """Evaluate a batch of samples (acquisition thread; fast, never blocks on I/O)."""
        by_tag, by_sup, comm_of, bad_of = self._by_tag, self._by_sup_tag, self._comm_of_tag, self._bad_of_tag
        with self._lock:
            # the common case, a block read fine while no link or sensor alarm is up: only the samples of tags with
            # value alarms (or suppressing one) can change anything (the same result as the full loop below)
            if samples and max(map(_QUALITY_OF, samples)) == _GOOD and not any(
                    a.raw or a.pending_since is not None for a in self._link_alarms):
                valued = self._valued
                for tag, ts, value, _q, _err in ([s for s in samples if s[0] in valued] if valued else ()):
                    if value is not None:
                        self._on_value(tag, value, ts)
                return
            for tag, ts, value, q, err in samples:
                comm = comm_of.get(tag)
                bad = bad_of.get(tag)
                if bad is not None:
                    if q == _BAD:
                        if not bad.raw or bad.pending_since is not None or not bad.cond:
                            bad.raw = True
                            bad.detail = err
                            self._filter(bad, True, ts, None, err)
                    elif q == _GOOD and (bad.raw or bad.pending_since is not None):
                        bad.raw = False
                        self._filter(bad, False, ts, None, None)
                if q == _GOOD:
                    if value is not None and (tag in by_tag or tag in by_sup):
                        self._on_value(tag, value, ts)
                    if comm is not None and (comm.raw or comm.pending_since is not None):
                        comm.raw = False
                        self._filter(comm, False, ts, None, None)
                elif q == _COMM_FAIL:
                    if comm is not None and (not comm.raw or comm.pending_since is not None or not comm.cond):
                        comm.raw = True
                        comm.detail = err
                        self._filter(comm, True, ts, None, err)
                elif comm is not None and (comm.raw or comm.pending_since is not None):
                    comm.raw = False  # BAD / STALE: the link is up
                    self._filter(comm, False, ts, None, None)

    def _on_value(self, tag: str, value, ts: float) -> None:
        """A GOOD value of ``tag``: its alarms evaluated, the alarms it suppresses by design set (lock held)."""
        alarms = self._by_tag.get(tag)
        if alarms is not None:
            for a in alarms:
                self._evaluate(a, value, ts)
        sups = self._by_sup_tag.get(tag)
        if sups is not None:
            for a in sups:
                flag = value == a.sup_equals
                if flag != a.suppressed:
                    self._set_suppressed(a, flag, ts)

    def _evaluate(self, a: _Alarm, v, ts: float) -> None:
        a.value = v
        code = a.code
        if code == _HI:
            raw = v >= (a.limit - a.deadband if a.raw else a.limit)
        elif code == _LO:
            raw = v <= (a.limit + a.deadband if a.raw else a.limit)
        elif code == _DIG:
            raw = v == a.state_value
        else:  # ROC
            h = a.hist
            h.append((ts, v))
            horizon = ts - a.window
            while len(h) > 2 and h[1][0] <= horizon:  # keep one point at or before the window start
                h.popleft()
            t0, v0 = h[0]
            span = ts - t0
            if span < 0.5 * a.window:
                raw = a.raw  # not enough history yet: hold
            else:
                rate = (v - v0) * 60.0 / span
                if a.direction:
                    rate *= a.direction
                elif rate < 0:
                    rate = -rate
                raw = rate >= (a.limit - a.deadband if a.raw else a.limit)
        a.raw = raw
        if raw != a.cond or a.pending_since is not None:
            self._filter(a, raw, ts, v, None)

    def _filter(self, a: _Alarm, raw: bool, ts: float, value, comment) -> None:
        """Apply on/off delays; change the alarm condition when the delay has run out."""
        if raw == a.cond:
            if a.pending_since is not None:
                a.pending_since = None
                self._pending.discard(a)
            return
        delay = a.on_delay if raw else a.off_delay
        if a.pending_since is None:
            if delay > 0:
                a.pending_since = ts
                self._pending.add(a)
                return
        elif ts - a.pending_since < delay:
            return
        else:
            ts = a.pending_since + delay  # the moment the delay ran out
            a.pending_since = None
            self._pending.discard(a)
        self._set_condition(a, raw, ts, value, comment)

    def _set_condition(self, a: _Alarm, cond: bool, ts: float, value, comment) -> None:
        a.cond = cond
        if a.masked():
            return  # evaluated silently; leaving the mask resynchronises
        if cond:
            a.acked = False
            a.latched = a.latching
            a.raised_at = ts
            a.acked_at = a.acked_by = None
            self._emit(a, "raised", ts, comment=comment, value=value if a.code not in _SIGNAL else None)
        else:
            self._emit(a, "cleared", ts, value=value if a.code not in _SIGNAL else None)

    def _set_suppressed(self, a: _Alarm, flag: bool, ts: float) -> None:
        was_masked = a.masked()
        a.suppressed = flag
        if flag:
            if not was_masked:
                self._drop_annunciation(a)
            self._emit(a, "suppressed", ts)
        else:
            self._leave_mask(a, "unsuppressed", ts, None, None)

    # ------------------------------------------------------------------ timers
    def tick(self, now: float | None = None) -> None:
        """Run out on/off delays and shelving at ``now`` (default: the clock). Call every ~0.5 s."""
        now = self.clock() if now is None else now
        with self._lock:
            due = []
            for a in list(self._pending):
                if a.pending_since is None:
                    self._pending.discard(a)
                    continue
                at = a.pending_since + (a.off_delay if a.cond else a.on_delay)
                if at <= now:
                    due.append((at, a.id, a))
            for at, _id, a in sorted(due):  # in time order: the events carry the moment each delay ran out
                a.pending_since = None
                self._pending.discard(a)
                self._set_condition(a, not a.cond, at, a.value if a.code not in _SIGNAL else None,
                                    a.detail if a.code in _SIGNAL and not a.cond else None)
            for a in list(self._shelved):
                if a.shelved_until is not None and a.shelved_until <= now:
                    self._unshelve(a, now, None, "shelving expired")

    # ------------------------------------------------------------------ operator actions
    def _get(self, alarm_id: str) -> _Alarm:
        a = self._alarms.get(alarm_id)
        if a is None:
            raise AlarmError(f"unknown alarm {alarm_id!r}")
        return a

    def acknowledge(self, alarm_id: str, user: str, comment: str | None = None) -> bool:
        """Acknowledge one alarm. False when it had nothing to acknowledge."""
        with self._lock:
            a = self._get(alarm_id)
            if a.state() not in UNACKED:
                return False
            now = self.clock()
            a.acked, a.acked_at, a.acked_by = True, now, user
            self._emit(a, "acked", now, user, comment)
            return True

    def acknowledge_all(self, alarm_ids: Iterable[str] | None, user: str, comment: str | None = None) -> list[str]:
        """Acknowledge several alarms (``None``: every unacknowledged one). Returns the ids acknowledged."""
        with self._lock:
            ids = [a.id for a in self._alarms.values() if a.state() in UNACKED] if alarm_ids is None else alarm_ids
            return [i for i in ids if self.acknowledge(i, user, comment)]

    def shelve(self, alarm_id: str, user: str, duration_s: float, reason: str) -> None:
        """Shelve for ``duration_s`` (0 < d <= max_shelve_s); a reason is required.
        Shelving a shelved alarm sets a new expiry."""
        if not reason or not reason.strip():
            raise AlarmError(QT_TRANSLATE_NOOP("AlarmEngine", "shelving needs a reason"))
        if not 0 < duration_s <= self.max_shelve_s:
            raise AlarmError(QT_TRANSLATE_NOOP("AlarmEngine", "shelving time must be between 0 and {0} h").format(
                f"{self.max_shelve_s / 3600:g}"))
        with self._lock:
            a = self._get(alarm_id)
            if a.oos:
                raise AlarmError(QT_TRANSLATE_NOOP("AlarmEngine", "{0} is out of service").format(alarm_id))
            now = self.clock()
            if not a.masked():
                self._drop_annunciation(a)
            a.shelved_until, a.shelved_by, a.reason = now + duration_s, user, reason.strip()
            self._shelved.add(a)
            self._emit(a, "shelved", now, user, reason.strip())

    def unshelve(self, alarm_id: str, user: str, comment: str | None = None) -> bool:
        """End shelving now. False when the alarm was not shelved."""
        with self._lock:
            a = self._get(alarm_id)
            if a.shelved_until is None:
                return False
            self._unshelve(a, self.clock(), user, comment)
            return True

    def _unshelve(self, a: _Alarm, now: float, user: str | None, comment: str | None) -> None:
        a.shelved_until = a.shelved_by = None
        if not a.oos:
            a.reason = None
        self._shelved.discard(a)
        self._leave_mask(a, "unshelved", now, user, comment)

    def set_out_of_service(self, alarm_id: str, user: str, reason: str) -> bool:
        """Take an alarm out of service (a reason is required). False when it already was."""
        if not reason or not reason.strip():
            raise AlarmError(QT_TRANSLATE_NOOP("AlarmEngine", "taking an alarm out of service needs a reason"))
        with self._lock:
            a = self._get(alarm_id)
            if a.oos:
                return False
            if not a.masked():
                self._drop_annunciation(a)
            if a.shelved_until is not None:  # out of service replaces shelving
                a.shelved_until = a.shelved_by = None
                self._shelved.discard(a)
            a.oos, a.reason = True, reason.strip()
            self._emit(a, "out_of_service", self.clock(), user, reason.strip())
            return True

    def return_to_service(self, alarm_id: str, user: str, comment: str | None = None) -> bool:
        """Return an out-of-service alarm to service. False when it was in service."""
        with self._lock:
            a = self._get(alarm_id)
            if not a.oos:
                return False
            a.oos, a.reason = False, None
            self._leave_mask(a, "in_service", self.clock(), user, comment)
            return True

    def reset(self, alarm_id: str, user: str, comment: str | None = None) -> bool:
        """Reset a latched alarm whose condition is gone. False when it was not latched.
        Raises :class:`AlarmError` for a non-latching alarm or while the condition is still active."""
        with self._lock:
            a = self._get(alarm_id)
            if not a.latching:
                raise AlarmError(QT_TRANSLATE_NOOP("AlarmEngine", "{0} is not a latching alarm").format(alarm_id))
            if not a.latched or a.masked():
                return False
            if a.cond:
                raise AlarmError(QT_TRANSLATE_NOOP(
                    "AlarmEngine", "{0}: the condition is still active; it can be reset once it clears"
                ).format(alarm_id))
            a.latched = False
            self._emit(a, "reset", self.clock(), user, comment)
            return True

    # ------------------------------------------------------------------ mask helpers
    @staticmethod
    def _drop_annunciation(a: _Alarm) -> None:
        a.acked, a.latched = True, False

    def _leave_mask(self, a: _Alarm, event: str, ts: float, user: str | None, comment: str | None) -> None:
        """Emit ``event``; when no mask is left, return to what the condition says."""
        raise_now = not a.masked() and a.cond
        if raise_now:
            a.acked, a.latched, a.raised_at = False, a.latching, ts
            a.acked_at = a.acked_by = None
        self._emit(a, event, ts, user, comment)
        if raise_now:
            if a.code in _SIGNAL:
                self._emit(a, "raised", ts, comment=a.detail, value=None)
            else:
                self._emit(a, "raised", ts)

    # ------------------------------------------------------------------ views
    def get(self, alarm_id: str) -> AlarmView:
        with self._lock:
            return self._get(alarm_id).view()

    def state(self, alarm_id: str) -> AlarmState:
        with self._lock:
            return self._get(alarm_id).state()

    def ids(self) -> list[str]:
        return list(self._alarms)

    def views(self, states: Iterable[AlarmState] | None = None) -> list[AlarmView]:
        """Every alarm (or those in ``states``), in definition order."""
        wanted = None if states is None else frozenset(states)
        with self._lock:
            return [a.view() for a in self._alarms.values() if wanted is None or a.state() in wanted]

    def active(self) -> list[AlarmView]:
        """Annunciated alarms (UNACK_ACTIVE, ACK_ACTIVE, UNACK_RTN), most urgent first:
        priority, then unacknowledged before acknowledged, then newest first."""
        views = self.views(ANNUNCIATED)
        views.sort(key=lambda v: (v.priority, v.state not in UNACKED, -(v.raised_at or 0.0)))
        return views

    def shelved(self) -> list[AlarmView]:
        return self.views((_SHELVED,))

    def suppressed(self) -> list[AlarmView]:
        return self.views((_SUPP,))

    def out_of_service(self) -> list[AlarmView]:
        return self.views((_OOS,))

    def counts_by_priority(self) -> dict[int, int]:
        """Annunciated alarms per priority, ``{1: n, 2: n, 3: n, 4: n}``."""
        return self._count_by_priority(ANNUNCIATED)

    def unacked_by_priority(self) -> dict[int, int]:
        """Alarms waiting for an acknowledgement per priority."""
        return self._count_by_priority(UNACKED)

    def _count_by_priority(self, states) -> dict[int, int]:
        counts = {1: 0, 2: 0, 3: 0, 4: 0}
        with self._lock:
            for a in self._alarms.values():
                if a.state() in states:
                    counts[a.priority] = counts.get(a.priority, 0) + 1
        return counts
