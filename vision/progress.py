"""Cancel/progress token for background work (Qt-free).

A long-running function takes ``progress: Progress | None``; it calls ``progress.update(fraction,
message, **info)`` now and then and ``progress.check()`` (raises :class:`Cancelled`) at safe points.
A GUI wraps the callback into a Qt signal; tests and the CLI use it directly.
"""
from __future__ import annotations

import threading
from typing import Any, Callable


class Cancelled(Exception):
    """Raised inside the worker when its Progress token was cancelled."""


class Progress:
    """Thread-safe cancel flag + progress callback ``callback(fraction, message, info_dict)``."""

    def __init__(self, callback: Callable[[float, str, dict], Any] | None = None):
        self._callback = callback
        self._cancel = threading.Event()
        self.fraction = 0.0
        self.message = ""
        self.info: dict = {}

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def update(self, fraction: float, message: str = "", **info) -> None:
        self.fraction = float(min(max(fraction, 0.0), 1.0))
        self.message = message
        self.info = info
        if self._callback is not None:
            self._callback(self.fraction, message, info)

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled("cancelled by the user")


def check(progress: "Progress | None") -> None:
    if progress is not None:
        progress.check()


def update(progress: "Progress | None", fraction: float, message: str = "", **info) -> None:
    if progress is not None:
        progress.update(fraction, message, **info)
