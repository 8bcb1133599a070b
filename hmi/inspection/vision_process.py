"""The station's image work in a child process, so that torch and OpenCV never hold the HMI's GIL. Qt-free.

    vp = VisionProcess("xray1")
    vp.call("inspect", model_path, image_path, device="cpu", threads=1)   # -> dict, see station.inspect_image
    vp.close()

Why a process: importing torch holds the interpreter lock for most of a second (the ``dlopen`` of
libtorch runs under it) and rendering or scoring an image holds it in many short slices; in the HMI's
process both show up as event-loop stalls of the GUI thread (``bench/gui_latency.py`` measured 250-1,080 ms
at start with the station as a thread).  In a child the GUI process never imports torch for inspection.

How it works: one child per station ("spawn", the start method of Windows and of the frozen build; the
entry point calls ``multiprocessing.freeze_support()``), started on the first call.  A call sends
``(op, args, kwargs)`` over a pipe and waits for the answer (the caller's thread waits, releasing the
GIL).  The operations are the functions in :data:`OPERATIONS`, looked up in the child.  An exception in
the child comes back as :class:`VisionProcessError` with its message; a child that dies or does not answer
within ``timeout_s`` is killed, the call raises, and the next call starts a fresh child.  A child that dies
within ``RESTART_QUICK_S`` of its start (a broken install, a script without a ``__main__`` guard) is not
restarted at once: calls fail at once, saying why, for a back-off of 1 s doubling to 60 s.  Calls from
several threads are served one at a time.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import threading
import time
from typing import Any

log = logging.getLogger(__name__)

__all__ = ["VisionProcess", "VisionProcessError", "OPERATIONS"]

#: operation name -> "module:function", imported in the child
OPERATIONS = {
    "inspect": "hmi.inspection.station:inspect_image",
    "render_part": "hmi.inspection.station:render_part",
    "seed_registry": "hmi.inspection.station:seed_registry_at",
    "decode_mark": "vision.marks:decode_file",
    "warm_up": "hmi.inspection.station:warm_engine",
    "ping": "hmi.inspection.vision_process:_ping",
}


class VisionProcessError(RuntimeError):
    """The child could not do the operation (its error message), died or did not answer in time."""


def _ping(delay_s: float = 0.0) -> int:
    """The child's pid, after ``delay_s`` seconds (a health check; tests use the delay)."""
    import os

    time.sleep(float(delay_s))
    return os.getpid()


def _child_main(conn, name: str) -> None:
    """The child's loop: answer ``(op, args, kwargs)`` with ``("ok", result)`` or ``("error", message)``."""
    import importlib

    logging.basicConfig(level=logging.WARNING, format=f"%(asctime)s {name} %(levelname)s %(name)s: %(message)s")
    funcs: dict[str, Any] = {}
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        op, args, kwargs = msg
        try:
            fn = funcs.get(op)
            if fn is None:
                mod, _, attr = OPERATIONS[op].partition(":")
                fn = funcs[op] = getattr(importlib.import_module(mod), attr)
            reply = ("ok", fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - the parent gets the message, the child goes on
            reply = ("error", f"{type(exc).__name__}: {exc}" if not str(exc).startswith(type(exc).__name__)
                     else str(exc))
        try:
            conn.send(reply)
        except (OSError, ValueError, TypeError) as exc:  # an unpicklable result: say so
            conn.send(("error", f"result of {op} not sendable: {exc}"))


class VisionProcess:
    """A child process doing the operations of :data:`OPERATIONS` for the calling thread (see the module doc).

    ``name``       the child's process name (``lineside-vision-<name>``).
    ``timeout_s``  the longest one call may take before the child is killed (the first call also loads
                   torch and the model).
    """

    RESTART_QUICK_S = 10.0
    MAX_BACKOFF_S = 60.0

    def __init__(self, name: str = "vision", *, timeout_s: float = 120.0):
        self.name = f"lineside-vision-{name}"
        self.timeout_s = float(timeout_s)
        self._lock = threading.Lock()
        self._proc = None
        self._conn = None
        self.starts = 0
        self.failures = 0
        self._started_at = 0.0
        self._backoff_s = 0.0
        self._retry_at = 0.0
        self._last_failure = ""

    # ------------------------------------------------------------------ child lifecycle
    def _ensure(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            return
        if self._proc is not None:  # died between calls
            self._failed(f"{self.name} ended between calls (exit code {self._proc.exitcode})")
            self._reap(kill=True)
        wait = self._retry_at - time.monotonic()
        if wait > 0:
            raise VisionProcessError(f"{self._last_failure}; next start in {wait:.0f} s")
        ctx = mp.get_context("spawn")
        parent, child = ctx.Pipe(duplex=True)
        proc = ctx.Process(target=_child_main, name=self.name, args=(child, self.name), daemon=True)
        proc.start()
        child.close()
        self._proc, self._conn = proc, parent
        self._started_at = time.monotonic()
        self.starts += 1
        log.info("%s started (pid %s)", self.name, proc.pid)

    def _reap(self, kill: bool = False) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        if conn is not None:
            try:
                if not kill:
                    conn.send(None)
            except (OSError, ValueError):
                pass
        if proc is not None:
            if not kill:
                proc.join(5.0)
            if proc.is_alive():
                proc.kill()
            proc.join(5.0)
        if conn is not None:
            conn.close()

    def _failed(self, why: str) -> None:
        """Count a failure; a child that died soon after its start is restarted only after a back-off."""
        self.failures += 1
        self._last_failure = why
        quick = time.monotonic() - self._started_at < self.RESTART_QUICK_S
        self._backoff_s = min(max(1.0, 2 * self._backoff_s), self.MAX_BACKOFF_S) if quick else 0.0
        self._retry_at = time.monotonic() + self._backoff_s
        log.warning("%s%s", why, f"; next start in {self._backoff_s:.0f} s" if self._backoff_s else "")

    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None and self._proc.is_alive() else None

    def close(self) -> None:
        """Stop the child (it finishes the call in progress; killed after 5 s)."""
        with self._lock:
            self._reap()

    # ------------------------------------------------------------------ calls
    def call(self, op: str, *args, timeout_s: float | None = None, **kwargs) -> Any:
        """Do ``op(*args, **kwargs)`` in the child and return its result; :class:`VisionProcessError` when
        the operation raised there, the child died or it did not answer within ``timeout_s``."""
        if op not in OPERATIONS:
            raise ValueError(f"unknown vision operation {op!r}")
        limit = self.timeout_s if timeout_s is None else float(timeout_s)
        with self._lock:
            try:
                self._ensure()
            except VisionProcessError:
                raise
            except Exception as exc:  # noqa: BLE001 - e.g. out of resources
                self._failed(f"cannot start {self.name}: {exc}")
                raise VisionProcessError(self._last_failure) from None
            conn, proc = self._conn, self._proc
            try:
                conn.send((op, args, kwargs))
                deadline = time.monotonic() + limit
                while not conn.poll(0.2):
                    if not proc.is_alive():
                        raise VisionProcessError(f"{self.name} ended (exit code {proc.exitcode}) during {op}")
                    if time.monotonic() >= deadline:
                        raise VisionProcessError(f"{self.name} did not answer {op} within {limit:g} s")
                status, value = conn.recv()
            except VisionProcessError as exc:
                self._failed(str(exc))
                self._reap(kill=True)
                raise
            except (EOFError, OSError) as exc:
                proc.join(2.0)
                code = proc.exitcode
                self._reap(kill=True)
                self._failed(f"{self.name} ended (exit code {code}) during {op}" if code is not None
                             else f"{self.name} lost during {op}: {exc or type(exc).__name__}")
                raise VisionProcessError(self._last_failure) from None
        if status != "ok":
            raise VisionProcessError(value)
        return value

    def __enter__(self) -> "VisionProcess":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
