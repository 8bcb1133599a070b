"""Hands alarm-engine events to the GUI thread, and runs blocking calls off it.

:class:`AlarmBridge` subscribes one callback to :class:`~hmi.alarms.engine.AlarmEngine`.  The engine
calls it on the acquisition (or timer) thread with its lock held, so the callback only puts the event
on a ``queue.SimpleQueue``.  A 10 Hz timer on the GUI thread drains the queue, emits every event
(:attr:`AlarmBridge.sig_event`) and then one fresh :class:`AlarmSnapshot`
(:attr:`AlarmBridge.sig_alarms_changed`); a 1 Hz refresh keeps the values shown current.  Taking a
snapshot is an in-memory read under the engine lock: nothing here waits for a device or a database.

:func:`run_async` runs a blocking call (database, ``guarded_write``) on a worker thread and delivers
its result or exception to a callback on the GUI thread.

Helpers shared by the alarm screens: :func:`state_text`, :func:`format_alarm_value`,
:func:`alarm_line`.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QTimer, Signal

from hmi.alarms.model import AlarmState, most_severe_by_tag
from widgets.locale_format import format_time

log = logging.getLogger(__name__)

__all__ = ["AlarmBridge", "AlarmSnapshot", "run_async", "state_text", "state_word", "format_alarm_value",
           "alarm_line", "wait_for_workers"]

#: alarm state -> words for screens (never the enum name alone); shown through :func:`state_word`
STATE_WORDS = {
    "NORMAL": QT_TRANSLATE_NOOP("AlarmState", "Normal"),
    "UNACK_ACTIVE": QT_TRANSLATE_NOOP("AlarmState", "UNACK ACTIVE"),
    "ACK_ACTIVE": QT_TRANSLATE_NOOP("AlarmState", "ACK ACTIVE"),
    "UNACK_RTN": QT_TRANSLATE_NOOP("AlarmState", "UNACK CLEARED"),
    "SHELVED": QT_TRANSLATE_NOOP("AlarmState", "Shelved"),
    "SUPPRESSED": QT_TRANSLATE_NOOP("AlarmState", "Suppressed (by design)"),
    "OUT_OF_SERVICE": QT_TRANSLATE_NOOP("AlarmState", "Out of service"),
}



def state_word(state) -> str:
    """The words of an alarm state name ("UNACK_ACTIVE" -> "UNACK ACTIVE") in the UI language."""
    s = str(state)
    return QCoreApplication.translate("AlarmState", STATE_WORDS[s]) if s in STATE_WORDS else s


def state_text(view) -> str:
    """"UNACK ACTIVE", "ACK ACTIVE - latched, reset needed", "Shelved until 14:05 by kim", ..."""
    s = str(view.state)
    words = state_word(s)
    if s == "ACK_ACTIVE" and getattr(view, "needs_reset", False):
        return QCoreApplication.translate("AlarmState", "ACK - latched, reset needed")
    if s == "SHELVED" and view.shelved_until:
        until = format_time(view.shelved_until, seconds=False)
        if view.shelved_by:
            return QCoreApplication.translate("AlarmState", "Shelved until {0} by {1}").format(until, view.shelved_by)
        return QCoreApplication.translate("AlarmState", "Shelved until {0}").format(until)
    return words


def _num(v) -> str:
    if v is None:
        return "---"
    if isinstance(v, bool):
        return QCoreApplication.translate("AlarmState", "ON") if v else QCoreApplication.translate("AlarmState", "OFF")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        a = abs(v)
        return f"{v:.0f}" if a >= 1000 else f"{v:.1f}" if a >= 100 else f"{v:.2f}"
    return str(v)


def format_alarm_value(view, unit: str = "") -> str:
    """"101.6 °C (limit 95)", "2.9 °C/min (limit 2)", "2 (alarm state 2)", "no data"."""
    kind = view.kind
    u = f" {unit}" if unit else ""
    if kind == "COMM":
        return QCoreApplication.translate("AlarmState", "no answer")
    if kind == "BADPV":
        return QCoreApplication.translate("AlarmState", "no valid value")
    if view.value is None:
        return QCoreApplication.translate("AlarmState", "no data")
    if kind == "ROC":
        return QCoreApplication.translate("AlarmState", "{0} (rate limit {1}/min)").format(f"{_num(view.value)}{u}", f"{_num(view.limit)}{u}")
    if kind == "DIGITAL":
        return QCoreApplication.translate("AlarmState", "{0} (alarm state {1})").format(_num(view.value), _num(view.limit))
    op = ">=" if kind in ("HI", "HIHI") else "<=" if kind in ("LO", "LOLO") else QCoreApplication.translate("AlarmState", "limit")
    return f"{_num(view.value)}{u} ({op} {_num(view.limit)})"


def alarm_line(view, equipment_name: str = "", unit: str = "") -> str:
    """One-line text of an alarm for the banner: "Press P-01: Bushing temperature high - 82.1 °C (>= 80)"."""
    from hmi.ui.i18n import plant_text, tr_message

    who = plant_text(equipment_name) or view.equipment
    msg = tr_message(view.message)
    head = "" if who and who in msg else f"{who}: "  # "Anomaly on Press P-01: ..." names the machine itself
    return f"{head}{msg}  \u2014  {format_alarm_value(view, plant_text(unit))}"


# ================================================================================ snapshot
@dataclass(frozen=True)
class AlarmSnapshot:
    """The alarm system at one moment (GUI-thread copy).

    ``views``    every alarm (:class:`~hmi.alarms.model.AlarmView`), in definition order.
    ``active``   annunciated alarms, most urgent first (``AlarmEngine.active()``).
    ``counts``   annunciated alarms per priority ``{1: n, 2: n, 3: n, 4: n}``.
    ``unacked``  unacknowledged alarms per priority.
    ``ts``       when it was taken (time.time()).
    """

    views: tuple = ()
    active: tuple = ()
    counts: dict = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    unacked: dict = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    ts: float = 0.0

    @property
    def top(self):
        """The most urgent annunciated alarm, or None."""
        return self.active[0] if self.active else None

    @cached_property
    def worst_by_tag(self) -> dict:
        """Tag key -> its most severe active alarm (:func:`hmi.alarms.model.most_severe_by_tag`), worked out
        once per snapshot for every tile and legend that shows it."""
        return most_severe_by_tag(self.views)

    @cached_property
    def shelved(self) -> int:
        """Alarms shelved at this moment."""
        return sum(1 for v in self.views if v.state == AlarmState.SHELVED)


class AlarmBridge(QObject):
    """Alarm engine (any thread) → GUI thread.

    ``AlarmBridge(engine, parent=None, hz=10, refresh_s=1.0)``; ``engine`` may be None (no alarms:
    the bridge then only ever emits empty snapshots).  ``snapshot`` is the last one emitted.

    Signals
    -------
    sig_event(object)
        one :class:`~hmi.alarms.model.AlarmEvent`, in engine order (raised, cleared, acked, ...).
    sig_alarms_changed(object)
        an :class:`AlarmSnapshot`: after every drain that carried events, and once per ``refresh_s``.
    """

    sig_event = Signal(object)
    sig_alarms_changed = Signal(object)

    def __init__(self, engine, parent: QObject | None = None, *, hz: float = 10.0, refresh_s: float = 1.0):
        super().__init__(parent)
        self.engine = engine
        self.snapshot = AlarmSnapshot(ts=time.time())
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._subscribed = False
        self._timer = QTimer(self, interval=max(1, int(1000 / hz)), timeout=self.drain)
        self._refresh = QTimer(self, interval=max(1, int(refresh_s * 1000)), timeout=self.refresh)

    def start(self) -> "AlarmBridge":
        if self.engine is not None and not self._subscribed:
            self.engine.subscribe(self._on_event)
            self._subscribed = True
        self._timer.start()
        self._refresh.start()
        QTimer.singleShot(0, self, self.refresh)
        return self

    def stop(self) -> None:
        self._timer.stop()
        self._refresh.stop()
        if self._subscribed:
            try:
                self.engine.unsubscribe(self._on_event)
            except Exception:  # noqa: BLE001
                log.exception("alarm engine unsubscribe failed")
            self._subscribed = False

    def _on_event(self, ev) -> None:
        """Engine thread, engine lock held: queue and return."""
        self._queue.put(ev)

    def drain(self) -> list:
        """GUI thread: emit every queued event, then one snapshot if there were any."""
        events = []
        get = self._queue.get_nowait
        while True:
            try:
                events.append(get())
            except queue.Empty:
                break
        for ev in events:
            self.sig_event.emit(ev)
        if events:
            self.refresh()
        return events

    def refresh(self) -> AlarmSnapshot:
        """Take and emit a snapshot now (GUI thread)."""
        eng = self.engine
        if eng is None:
            snap = AlarmSnapshot(ts=time.time())
        else:
            try:
                views = eng.views()
                active = eng.active()
                counts = eng.counts_by_priority()
                unacked = eng.unacked_by_priority()
            except Exception:  # noqa: BLE001 - keep the last snapshot
                log.exception("alarm snapshot failed")
                return self.snapshot
            snap = AlarmSnapshot(tuple(views), tuple(active), counts, unacked, time.time())
        self.snapshot = snap
        self.sig_alarms_changed.emit(snap)
        return snap


# ================================================================================ workers
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_pending = 0
_pending_lock = threading.Lock()


class _Relay(QObject):
    """Lives on the GUI thread; emitted from workers, so delivery is queued."""

    sig_done = Signal(object, object, object, object, object)  # owner, callback, error callback, result, exception


_relay: _Relay | None = None


def _get_relay() -> _Relay:
    global _relay
    if _relay is None:
        _relay = _Relay()
        _relay.sig_done.connect(_deliver)
    return _relay


def _deliver(owner, on_done, on_error, result, exc) -> None:
    global _pending
    try:
        if owner is not None and not shiboken6.isValid(owner):
            return  # the widget that asked is gone: it is never called back
        if exc is None:
            if on_done is not None:
                on_done(result)
        elif on_error is not None:
            on_error(exc)
        else:
            log.error("background task failed: %s", exc, exc_info=exc)
    except RuntimeError as e:  # a receiving widget was deleted meanwhile
        if "already deleted" not in str(e) and "has been deleted" not in str(e):
            raise
    finally:
        with _pending_lock:
            _pending -= 1


def run_async(fn: Callable[..., Any], *args, on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[BaseException], None] | None = None, owner: QObject | None = None,
              **kwargs) -> None:
    """Run ``fn(*args, **kwargs)`` on a worker thread ("ui-worker-N"); then, on the GUI thread,
    ``on_done(result)`` or ``on_error(exception)``.  Call from the GUI thread.

    ``owner``: the QObject that asked (default: the object of a bound-method ``on_done``); when it has
    been deleted by the time the result arrives, neither callback runs (Orange3's rule: the widget
    that asked owns the task, and a deleted widget is never called back)."""
    if owner is None:
        bound = getattr(on_done, "__self__", None) or getattr(on_error, "__self__", None)
        owner = bound if isinstance(bound, QObject) else None
    global _executor, _pending
    relay = _get_relay()
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="ui-worker")
        ex = _executor
    with _pending_lock:
        _pending += 1

    def job():
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to on_error
            relay.sig_done.emit(owner, on_done, on_error, None, exc)
        else:
            relay.sig_done.emit(owner, on_done, on_error, result, None)

    ex.submit(job)


class LatestRead:
    """One background read at a time for a page, and none lost: a request made while a read is in flight is
    remembered, and once that read has delivered, ``reread()`` runs once more (a read started before a save would
    not show what was saved).  Use: ``if not self.reads.begin(): return`` before starting the read; call
    ``self.reads.end()`` last in both of its callbacks."""

    def __init__(self, reread: Callable[[], None]) -> None:
        self.reread = reread
        self.busy = False
        self.again = False

    def begin(self) -> bool:
        if self.busy:
            self.again = True
            return False
        self.busy, self.again = True, False
        return True

    def end(self) -> None:
        self.busy = False
        if self.again:
            self.again = False
            self.reread()


def pending_tasks() -> int:
    """Tasks started with :func:`run_async` whose callback has not run yet."""
    with _pending_lock:
        return _pending


def wait_for_workers(timeout_s: float = 10.0) -> bool:
    """Process events until every :func:`run_async` task has delivered (tests, shutdown)."""
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout_s
    while pending_tasks() > 0:
        if time.monotonic() > deadline:
            return False
        QCoreApplication.processEvents()
        time.sleep(0.005)
    return True
