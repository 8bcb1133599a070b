"""How late the GUI thread answers: an event-loop latency probe, logged and shown in the status bar.

A precise timer asks for a tick every ``period_ms``; how much later than that each tick arrives is the time
the GUI thread was busy with something else (a long slot, a big repaint).  The probe keeps the last
``window`` lateness values and logs every stall longer than ``stall_ms``.

    probe = LatencyProbe(parent)         # starts at once
    probe.stats()  -> {"p50_ms": .., "p99_ms": .., "max_ms": .., "stalls": .., "ticks": ..}
    probe.sig_stall.connect(...)         # payload: the stall in milliseconds

Signals: ``sig_stall(float)``, a stall longer than ``stall_ms`` just ended (milliseconds).
"""
from __future__ import annotations

import logging
import time
from collections import deque

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal

__all__ = ["LatencyProbe"]

log = logging.getLogger(__name__)


class LatencyProbe(QObject):
    sig_stall = Signal(float)

    def __init__(self, parent: QObject | None = None, *, period_ms: int = 50, window: int = 72_000,
                 stall_ms: float = 250.0):
        super().__init__(parent)
        self.period_ms = int(period_ms)
        self.stall_ms = float(stall_ms)
        self.note_ms = float(stall_ms)  # lateness at least this long is kept in stall_log() (a bench lowers it)
        self._late: deque = deque(maxlen=int(window))
        self._max = 0.0
        self._stalls = 0
        self._stall_log: deque = deque(maxlen=200)
        self._last: float | None = None
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.period_ms)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last is not None:
            late = max(0.0, (now - self._last) * 1000.0 - self.period_ms)
            self._late.append(late)
            if late > self._max:
                self._max = late
            if late >= self.note_ms:
                self._stall_log.append((now, late))
            if late >= self.stall_ms:
                self._stalls += 1
                log.warning("GUI thread stalled for %.0f ms", late)
                self.sig_stall.emit(late)
        self._last = now

    def reset(self) -> None:
        """Forget what was measured (a bench starts its measurement here)."""
        self._late.clear()
        self._max = 0.0
        self._stalls = 0
        self._stall_log.clear()
        self._last = None

    def last_tick(self) -> float | None:
        """``perf_counter`` of the last tick (None before the first): how long the loop has been away now."""
        return self._last

    def stall_log(self) -> list[tuple[float, float]]:
        """The last stalls (lateness of ``note_ms`` or more) as ``(perf_counter at their end, milliseconds)``,
        oldest first."""
        return list(self._stall_log)

    def stats(self) -> dict:
        """Lateness of the GUI thread over the window: median, 99th percentile and worst (ms), stalls."""
        a = np.fromiter(self._late, dtype=float) if self._late else np.zeros(0)
        return {"ticks": int(a.size), "p50_ms": round(float(np.median(a)), 1) if a.size else None,
                "p99_ms": round(float(np.quantile(a, 0.99)), 1) if a.size else None,
                "max_ms": round(self._max, 1), "stalls": self._stalls, "stall_ms": self.stall_ms}

    def stop(self) -> None:
        self._timer.stop()
