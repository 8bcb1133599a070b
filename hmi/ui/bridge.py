"""Hands acquisition data from the runtime's thread to the GUI thread.

One sink is subscribed to the runtime; it only puts each batch on a ``queue.SimpleQueue``
(never blocks the acquisition thread). A 25 Hz timer on the GUI thread drains the queue and emits
everything drained in one :attr:`SampleBridge.sig_samples`; once a second it emits the device
status (:attr:`sig_status`) and the historian statistics (:attr:`sig_stats`). Both are in-memory
reads on the runtime; nothing here waits for a device or the database.
"""
from __future__ import annotations

import logging
import queue

from PySide6.QtCore import QObject, QTimer, Signal
from hmi.services import Connector, LiveData, connect

log = logging.getLogger(__name__)


class SampleBridge(QObject):
    """Acquisition thread → GUI thread.

    Signals
    -------
    sig_samples(list)
        ``list[Sample]``: every sample that arrived since the last tick (at most 25 per second),
        in arrival order. Not emitted when nothing arrived.
    sig_status(dict)
        ``dict[equipment_id, DeviceStatus]`` from ``runtime.device_status()``, once a second.
    sig_stats(dict)
        ``runtime.historian_stats()`` (rows_written, rows_dropped, buffered, ...), once a second;
        ``{}`` without a historian.

    ``latest``: ``dict[tag key, Sample]``, the newest sample per tag seen so far (seeded from
    ``runtime.latest()`` on :meth:`start`; those seeded samples are also the first ``sig_samples``).
    """

    sig_samples = Signal(list)
    sig_status = Signal(dict)
    sig_stats = Signal(dict)

    CONNECTORS = (Connector("live", LiveData),)

    def __init__(self, runtime, parent: QObject | None = None, *, hz: float = 25.0, status_period_s: float = 1.0):
        super().__init__(parent)
        self.runtime = connect(self, runtime).live
        self.latest: dict = {}
        self.status: dict = {}
        self.stats: dict = {}
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._subscribed = False
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, int(1000 / hz)))
        self._timer.timeout.connect(self.drain)
        self._status_timer = QTimer(self)
        self._status_timer.setInterval(max(1, int(status_period_s * 1000)))
        self._status_timer.timeout.connect(self.poll_status)

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> "SampleBridge":
        if not self._subscribed:
            try:
                seed = self.runtime.latest()
            except Exception:  # noqa: BLE001 - a runtime hiccup must not stop the GUI
                log.exception("runtime.latest() failed")
                seed = {}
            self.latest.update(seed)
            if seed:
                # the pages hear the values read before the window opened too: a value that never changes (an
                # OPC UA subscription sends it once) would otherwise stay unknown on screen until it changed
                self._queue.put(list(seed.values()))
            self.runtime.subscribe(self._sink)
            self._subscribed = True
        self._timer.start()
        self._status_timer.start()
        QTimer.singleShot(0, self, self.poll_status)
        return self

    def stop(self) -> None:
        self._timer.stop()
        self._status_timer.stop()
        if self._subscribed:
            try:
                self.runtime.unsubscribe(self._sink)
            except Exception:  # noqa: BLE001
                log.exception("runtime.unsubscribe() failed")
            self._subscribed = False

    # ------------------------------------------------------------------ threads
    def _sink(self, batch) -> None:
        """Called on the acquisition thread: queue and return."""
        self._queue.put(batch)

    def drain(self) -> list:
        """GUI thread: take everything queued, update ``latest``, emit one ``sig_samples``."""
        out: list = []
        get = self._queue.get_nowait
        while True:
            try:
                out.extend(get())
            except queue.Empty:
                break
        if out:
            latest = self.latest
            for s in out:
                latest[s.tag] = s
            self.sig_samples.emit(out)
        return out

    def poll_status(self) -> None:
        try:
            self.status = dict(self.runtime.device_status())
        except Exception:  # noqa: BLE001
            log.exception("runtime.device_status() failed")
        else:
            self.sig_status.emit(self.status)
        try:
            self.stats = dict(self.runtime.historian_stats() or {})
        except Exception:  # noqa: BLE001
            log.exception("runtime.historian_stats() failed")
        else:
            self.sig_stats.emit(self.stats)


def group_for_plot(samples, keys) -> dict:
    """Per tag in ``keys``: ``(ts, values)`` float arrays from a sample batch, ready for
    :meth:`widgets.trend_plot.TrendPlot.append`. A sample that is not GOOD (or not a number)
    becomes NaN so the plot shows a gap, never a made-up value."""
    import numpy as np

    from hmi.equipment.model import Quality

    grouped: dict[str, tuple[list, list]] = {}
    for s in samples:
        if s.tag not in keys:
            continue
        ts, vs = grouped.setdefault(s.tag, ([], []))
        ts.append(s.ts)
        v = s.value
        vs.append(float(v) if s.quality == Quality.GOOD and isinstance(v, (int, float)) else np.nan)
    return {tag: (np.fromiter(ts, float, len(ts)), np.fromiter(vs, float, len(vs)))
            for tag, (ts, vs) in grouped.items()}
