"""One worker thread fed by a bounded queue: the shape of every background service of a station. Qt-free.

    worker = QueueWorker("maintenance-scorer", handle=scorer.process, max_queue=1000)
    worker.start()
    worker.put(batch)          # any thread; never blocks: False (and counted) when the queue is full
    worker.stop(flush=True)    # what is queued is handled first (flush=False: dropped)

The maintenance scorer, the trace recorder and the X-ray station run on one each (the historian writer
and the alarm journal, which must not lose rows, are :class:`hmi.store.forward.StoreAndForward` s).
``handle(item)`` runs on the worker thread, items in order; an item that raises is logged and the
worker goes on.  A handler that waits (a settle time) uses :meth:`QueueWorker.wait_stop` so that a stop
without flush is not held up.
"""
from __future__ import annotations

import contextlib
import gc
import logging
import queue
import threading
import time
from typing import Any, Callable, Iterator

log = logging.getLogger(__name__)

__all__ = ["QueueWorker", "foreground", "settle_collector"]

_STOP = object()

# ------------------------------------------------------------------ the cyclic collector of a long-running process
_collector_settled = False


def settle_collector() -> None:
    """Once per process, when a long-running station process (the runtime, the historian writer's child) has
    loaded what it lives with: the cyclic collector stops walking it on every full collection (``gc.freeze``),
    and young objects are collected every 20,000 allocations instead of 700 (a read of 1,000 tags allocates a
    thousand samples).  Measured on 1,000 tags at 20 ms: 0.38 s of CPU in 764 collections over 8 s before,
    0.04 s in 186 after, the largest single cost of the station's own code."""
    global _collector_settled
    if _collector_settled:
        return
    _collector_settled = True
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)

# ------------------------------------------------------------------ foreground bursts
# The GUI thread and these workers share one interpreter lock: while a worker runs Python the GUI gets the
# lock only every few milliseconds, and a 120 ms page build becomes a 250 ms freeze.  During a short burst
# of foreground work (a page built, a language switch) the workers finish the item in hand and wait before
# the next one; acquisition, the historian and the alarms are not workers and go on.
_fg_lock = threading.Lock()
_fg_depth = 0
_fg_clear = threading.Event()
_fg_clear.set()
#: the longest a worker waits for a burst to end (a burst that forgets to end costs no more than this)
FOREGROUND_MAX_PAUSE_S = 1.0


@contextlib.contextmanager
def foreground() -> Iterator[None]:
    """Hold the queue workers back between items while the block runs (nestable, any thread)::

        with foreground():
            page = build_page()
    """
    global _fg_depth
    with _fg_lock:
        _fg_depth += 1
        _fg_clear.clear()
    try:
        yield
    finally:
        with _fg_lock:
            _fg_depth -= 1
            if _fg_depth == 0:
                _fg_clear.set()


def in_foreground() -> bool:
    """True while a :func:`foreground` block runs."""
    return not _fg_clear.is_set()


class QueueWorker:
    """A daemon thread named ``name`` calling ``handle(item)`` for each queued item (see the module doc)."""

    def __init__(self, name: str, handle: Callable[[Any], None], *, max_queue: int = 1000):
        self.name = name
        self._handle = handle
        self._q: queue.Queue = queue.Queue(maxsize=max(1, int(max_queue)))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.dropped = 0  # items refused by put() because the queue was full

    def put(self, item) -> bool:
        """Queue ``item`` without waiting; False (counted in :attr:`dropped`) when the queue is full."""
        try:
            self._q.put_nowait(item)
            return True
        except queue.Full:
            self.dropped += 1
            return False

    def put_wait(self, item, timeout: float | None = None) -> None:
        """Queue ``item``, waiting for room (a task that must not be dropped)."""
        self._q.put(item, timeout=timeout)

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, flush: bool = True, timeout: float = 10.0) -> bool:
        """Stop the thread: ``flush`` handles what is queued first, else it is dropped (an item being
        handled finishes).  Returns True when the thread ended within ``timeout`` s."""
        t = self._thread
        if t is None:
            return True
        deadline = time.monotonic() + timeout
        if not flush:
            self._stop.set()
        try:
            self._q.put(_STOP, timeout=max(0.0, timeout))
        except queue.Full:
            self._stop.set()
        t.join(max(0.0, deadline - time.monotonic()))
        if t.is_alive():
            log.error("%s did not stop within %.1f s", self.name, timeout)
            return False
        self._thread = None
        return True

    def wait_stop(self, seconds: float) -> bool:
        """Sleep up to ``seconds`` on the worker thread; True at once when a stop without flush began."""
        return self._stop.wait(seconds) if seconds > 0 else self._stop.is_set()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until every queued item has been handled (tests, headless runs)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._q.unfinished_tasks == 0:
                return True
            time.sleep(0.01)
        return self._q.unfinished_tasks == 0

    def qsize(self) -> int:
        return self._q.qsize()

    def _run(self) -> None:
        while True:
            item = self._q.get()
            try:
                if item is _STOP:
                    return
                if self._stop.is_set():
                    continue  # stopping without flush: drop what is queued
                if not _fg_clear.is_set():
                    _fg_clear.wait(FOREGROUND_MAX_PAUSE_S)
                try:
                    self._handle(item)
                except Exception:  # noqa: BLE001 - the service keeps running
                    log.exception("%s: an item failed", self.name)
            finally:
                self._q.task_done()
