"""Historian writer in its own process, so database writing never holds the acquisition's GIL.

    writer = ProcessHistorianWriter(sqlite_url(path), plant.historian); writer.start()
    poller.subscribe(writer.sink)                 # O(1): appends the batch to a list
    ...
    writer.flush(timeout=10)                      # request/ack round trip with the child
    writer.stats()                                # same keys as HistorianWriter.stats()
    writer.stop(flush=True, timeout=10)           # bounded

Same public API as :class:`~hmi.store.historian_writer.HistorianWriter` (``sink``, ``start``, ``stop``,
``flush``, ``stats``); the rows end up in the same tables and are read with
:class:`~hmi.store.historian.Historian` as usual.

How it works
------------
* The **child process** (``multiprocessing`` "spawn" start method, the one Windows and PyInstaller
  use) opens its own engine from the URL with :func:`hmi.store.db.open_database` and runs an
  ordinary thread-mode :class:`HistorianWriter` inside itself: batching, multi-row inserts,
  retry with backoff, bounded drop-oldest buffer, rollups and retention all run there.
* In this process :meth:`ProcessHistorianWriter.sink` only appends the batch to a bounded list
  (drop-oldest, counted).  A small **sender thread** wakes every ``send_interval_s`` (or as soon as
  ``send_rows`` rows wait), packs the waiting batches column-wise -- uint32 tag ids (assigned here;
  each new key is sent to the child once), float64 timestamps, float64 values, uint8 qualities,
  plus a side list ``(row, value, error)`` for the rows whose value is not a float (str, bool,
  int, None) or that carry an error -- and sends them over a pipe in messages of up to
  ``max_message_rows`` rows.
* A **supervisor thread** receives the child's stats (every ~0.1 s and with every flush ack),
  flush acks and log records (WARNING and up are re-logged here under their original logger).
  When the child dies unexpectedly the error is logged and shown in ``stats()["last_error"]``
  (``errors`` += 1) and a new child is started (backoff 0.5 s .. 30 s).  **Rows that were in flight
  at the crash (sent to the child, not yet committed) are lost** and counted in ``rows_dropped``;
  rows still waiting in this process are sent to the new child.

``freeze_support``: a frozen (PyInstaller) Windows build must call
``multiprocessing.freeze_support()`` first thing in its entry point, or the child re-runs the app.
"""
from __future__ import annotations

import itertools
import logging
import math
import multiprocessing as mp
import os
import threading
import time
from array import array
from collections import deque
from itertools import repeat
from typing import Any

from hmi.config import HistorianConfig
from hmi.store.forward import ChunkQueue
from hmi.workers import settle_collector

log = logging.getLogger(__name__)

_NAN = float("nan")
_ID_CODE = "I" if array("I").itemsize == 4 else "L"  # uint32 tag ids
_STAT_KEYS = ("rows_written", "rows_dropped", "buffered", "flushes", "last_flush_ms", "last_error",
              "errors", "running")


def _plain(v):
    """A value the child can store with its type (what historian_writer.odd_value accepts)."""
    if v is None or type(v) in (str, bool, int, float):
        return v
    import numpy as np

    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, np.integer)):
        return int(v)
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)


class ProcessHistorianWriter:
    """A :class:`~hmi.store.historian_writer.HistorianWriter` running in a child process.

    ``db_url``   SQLAlchemy URL of a database the child can open itself (an SQLite *file*,
                 PostgreSQL, ...; not an in-memory SQLite).
    ``cfg``      :class:`HistorianConfig` (batch size, flush interval, buffer bound, retention).

    Buffers: up to ``cfg.buffer_max_rows`` rows wait here (while the child starts or restarts,
    or when it reads slower than samples arrive) and up to as many in the child; both drop the
    OLDEST rows when full and count them in ``rows_dropped``.
    """

    send_interval_s: float = 0.05
    send_rows: int = 8192
    max_message_rows: int = 32768
    max_restart_backoff_s: float = 30.0
    #: attributes set on the child's HistorianWriter (rollup_interval_s, retention_interval_s,
    #: first_retention_delay_s, max_backoff_s); tests shorten them
    child_options: dict[str, float] = {}

    def __init__(self, db_url: str, cfg: HistorianConfig | None = None):
        self.db_url = str(db_url)
        self.cfg = cfg or HistorianConfig()
        self.child_options = dict(type(self).child_options)
        self._lock = threading.Condition()
        #: sample lists waiting to be packed, oldest first; bounded (drop-oldest, counted)
        self._queue = ChunkQueue(self.cfg.buffer_max_rows)
        self._packing = 0  # rows taken by the sender, not sent yet
        self._dropped = 0  # dropped here besides the queue's overflow: malformed, lost in a crash
        self._errors = 0
        self._error: str | None = None  # this side's error (child died / cannot start)
        self._clear_error_on_write = False
        self._marks: list[int] = []  # flush tokens not sent yet
        self._sent_marks: list[int] = []  # flush tokens sent to the current child
        self._acks: dict[int, bool] = {}
        self._waiting: set[int] = set()
        self._tokens = itertools.count(1)
        self._kick = threading.Event()
        self._quit = threading.Event()  # wakes the supervisor's restart backoff
        # the current child
        self._proc = None
        self._data = None  # our end of the data pipe (send)
        self._ctl = None  # our end of the control pipe (recv)
        self._conn_id = 0  # changes when a child starts or is gone
        self._ready = False
        self._sent = 0  # rows sent to the current child
        self._child: dict[str, Any] = {}  # its last stats
        self._keys_known = 0  # keys the current child knows (prefix of _keys)
        # totals of children that are gone
        self._base_written = self._base_dropped = self._base_flushes = self._base_errors = 0
        self._last_flush_ms = 0.0
        self.restarts = 0
        #: rows not written by the last stop() (None before any stop)
        self.unwritten_at_stop: int | None = None
        # key -> local id (sender thread only)
        self._key_ids: dict[str, int] = {}
        self._keys: list[str] = []
        self._stopping = False
        self._stop_flush = True
        self._stop_deadline = 0.0
        self._sender: threading.Thread | None = None
        self._supervisor: threading.Thread | None = None

    # ------------------------------------------------------------------------- public API
    def sink(self, batch) -> None:
        """Queue samples for writing (acquisition thread; O(1), never waits for the child)."""
        if not batch:
            return
        with self._lock:
            self._queue.append(list(batch))
            kick = self._queue.rows >= self.send_rows
        if kick and not self._kick.is_set():
            self._kick.set()

    def start(self) -> None:
        """Start the child process and the sender/supervisor threads (returns at once; samples
        wait here until the child is ready).  No-op when running."""
        if self._supervisor is not None and self._supervisor.is_alive():
            return
        with self._lock:
            self._stopping = False
        self._quit.clear()
        self._supervisor = threading.Thread(target=self._supervise, name="historian-process", daemon=True)
        self._sender = threading.Thread(target=self._send_loop, name="historian-sender", daemon=True)
        self._supervisor.start()
        self._sender.start()

    def wait_ready(self, timeout: float = 30.0) -> bool:
        """Block until a child process is up with its database open (for benchmarks and tests)."""
        with self._lock:
            return self._lock.wait_for(lambda: self._ready, timeout)

    def stop(self, flush: bool = True, timeout: float = 10.0) -> bool:
        """Stop the child, first having it write what is buffered when ``flush`` (here and there)
        until done or ``timeout`` s have passed.  Bounded: returns after about ``timeout`` s plus
        one transaction in progress (a child that does not exit by then is killed).  Rows not
        written are logged, counted in ``unwritten_at_stop``; those that were in the child are lost
        (``rows_dropped``), those still waiting here stay buffered (a later start() sends them).
        Returns True when stopped with nothing left unwritten (or ``flush=False``)."""
        sup, snd = self._supervisor, self._sender
        if sup is None or not sup.is_alive():
            with self._lock:
                left = self._queue.rows + self._packing
            self.unwritten_at_stop = left if flush else 0
            if flush and left:
                log.error("historian: %d rows not written (writer process not running; kept in memory, "
                          "lost at exit)", left)
            return not (flush and left)
        t0 = time.monotonic()
        with self._lock:
            self._stopping = True
            self._stop_flush = flush
            self._stop_deadline = t0 + timeout
            self._lock.notify_all()
        self._kick.set()
        self._quit.set()
        grace = max(2.0, 2.0 * self._last_flush_ms / 1000.0)
        if snd is not None:
            snd.join(max(0.0, t0 + timeout + grace - time.monotonic()))
        sup.join(max(0.0, t0 + timeout + grace - time.monotonic()))
        if sup.is_alive():  # the child did not exit in time: kill it
            proc = self._proc
            if proc is not None and proc.is_alive():
                log.error("historian writer process did not stop within %.1f s: killing it", timeout)
                proc.kill()
            sup.join(5.0)
        with self._lock:
            left = self._queue.rows + self._packing
            lost = self._lost_at_stop
        self.unwritten_at_stop = (left + lost) if flush else 0
        if flush and (left or lost):
            log.error("historian stopped with %d rows not written within %.1f s (%d lost with the writer "
                      "process, %d kept in memory, lost at exit)", left + lost, timeout, lost, left)
        return not (flush and (left or lost))

    def flush(self, timeout: float = 10.0) -> bool:
        """Block until every sample submitted before this call is committed (or dropped) by the
        child: the request follows the data through the pipe and the child acknowledges it once
        committed.  False on timeout, when the child died meanwhile (rows lost), or when the
        writer is not running and rows wait."""
        with self._lock:
            if self._all_done():
                return True
            sup = self._supervisor
            if sup is None or not sup.is_alive() or self._stopping:
                return False
            token = next(self._tokens)
            self._marks.append(token)
            self._waiting.add(token)
        self._kick.set()
        with self._lock:
            self._lock.wait_for(lambda: token in self._acks, timeout)
            self._waiting.discard(token)
            if token in self._marks:
                self._marks.remove(token)
            return self._acks.pop(token, False)

    def stats(self) -> dict:
        """Same keys as :meth:`HistorianWriter.stats` (committed by the child, reported back
        every ~0.1 s): ``rows_written``, ``rows_dropped`` (overflow here or there, malformed,
        lost in a crash), ``buffered`` (waiting here + in the pipe + in the child), ``flushes``,
        ``last_flush_ms``, ``last_error``, ``errors``, ``running``; plus ``restarts`` (children
        restarted after a crash) and ``writer`` (``"process"``)."""
        with self._lock:
            c = self._child
            cw, cd = c.get("rows_written", 0), c.get("rows_dropped", 0)
            sup = self._supervisor
            return {
                "rows_written": self._base_written + cw,
                "rows_dropped": self._dropped + self._queue.dropped + self._base_dropped + cd,
                "buffered": self._queue.rows + self._packing + max(0, self._sent - cw - cd),
                "flushes": self._base_flushes + c.get("flushes", 0),
                "last_flush_ms": c.get("last_flush_ms") or self._last_flush_ms,
                "last_error": self._error or c.get("last_error"),
                "errors": self._errors + self._base_errors + c.get("errors", 0),
                "running": sup is not None and sup.is_alive() and not self._stopping,
                "restarts": self.restarts,
                "writer": "process",
            }

    # --------------------------------------------------------------------------- buffer
    _lost_at_stop = 0

    def _all_done(self) -> bool:  # with self._lock held
        c = self._child
        return (self._queue.rows == 0 and self._packing == 0
                and self._sent - c.get("rows_written", 0) - c.get("rows_dropped", 0) <= 0)

    def _fail(self, tokens) -> None:  # with self._lock held: these flush requests failed
        for t in tokens:
            if t in self._waiting:
                self._acks[t] = False
        self._lock.notify_all()

    # --------------------------------------------------------------------------- sending
    def _ids(self, keys) -> list[int]:
        """Local ids of ``keys``, new keys get the next ids (sent to the child with the data)."""
        kid = self._key_ids
        out = []
        for k in keys:
            i = kid.get(k)
            if i is None:
                if type(k) is not str:
                    raise TypeError(f"tag key {k!r} is not a str")
                i = kid[k] = len(self._keys)
                self._keys.append(k)
            out.append(i)
        return out

    def _pack(self, chunks: list[list]) -> tuple[tuple, int, int]:
        """Column-wise message of the samples in ``chunks``; also its row count and the number
        of malformed samples skipped."""
        ids, tss, vals, qs = array(_ID_CODE), array("d"), array("d"), bytearray()
        extra: list[tuple] = []
        bad = 0
        kid_get = self._key_ids.get
        for rows in chunks:
            n = len(rows)
            try:  # fast path: a block of float samples without errors (what the poller sends)
                keys, t, v, q, e = zip(*rows)
                ent = list(map(kid_get, keys))
                if None in ent:
                    ent = self._ids(keys)
                if e.count(None) != n or set(map(type, v)) != {float}:
                    raise TypeError
                t, q = array("d", t), bytes(q)
            except Exception:  # noqa: BLE001 - mixed, odd or malformed: one by one
                bad += self._pack_slow(rows, ids, tss, vals, qs, extra)
                continue
            ids.extend(ent)
            tss.extend(t)
            vals.extend(v)
            qs.extend(q)
        new_keys = self._keys[self._keys_known:]
        self._keys_known = len(self._keys)
        msg = ("data", new_keys, ids.tobytes(), tss.tobytes(), vals.tobytes(), bytes(qs), extra)
        return msg, len(ids), bad

    def _pack_slow(self, rows, ids, tss, vals, qs, extra) -> int:
        bad = 0
        for smp in rows:
            try:
                tag, t, v, q, e = smp
                i = self._key_ids.get(tag)
                if i is None:
                    i = self._ids((tag,))[0]
                t, q = float(t), int(q)
                if not 0 <= q <= 255 or math.isnan(t):
                    raise ValueError(f"quality {q}")
                if type(v) is float and e is None:
                    x = v
                else:
                    x = _NAN
                    extra.append((len(ids), _plain(v), None if e is None else str(e)))
            except Exception as exc:  # noqa: BLE001 - malformed sample: skip it, never block
                bad += 1
                if bad == 1:
                    log.error("historian: skipping malformed sample %r: %s", smp, exc)
                continue
            ids.append(i)
            tss.append(t)
            vals.append(x)
            qs.append(q)
        return bad

    def _send_loop(self) -> None:
        while True:
            self._kick.wait(self.send_interval_s)
            self._kick.clear()
            with self._lock:
                stopping, stop_flush, deadline = self._stopping, self._stop_flush, self._stop_deadline
                if stopping and not stop_flush:
                    break
                if not self._ready:
                    sup = self._supervisor
                    if stopping and (time.monotonic() >= deadline or sup is None or not sup.is_alive()):
                        break
                    self._lock.wait(0.05)
                    continue
                taken, self._packing = self._queue.take_all()
                chunks = [c[1] for c in taken]
                marks, self._marks = self._marks, []
                conn, conn_id = self._data, self._conn_id
                if self._keys_known_id != conn_id:  # a new child: send every key again
                    self._keys_known, self._keys_known_id = 0, conn_id
            if not self._send(chunks, marks, conn, conn_id) or stopping:
                if stopping:
                    break
        self._send_stop()

    _keys_known_id = -1

    def _send(self, chunks: list, marks: list[int], conn, conn_id: int) -> bool:
        """Pack and send ``chunks`` then the flush requests ``marks``; False when the child is
        gone (the rows of the failed messages are lost and counted)."""
        i = 0
        while i < len(chunks):
            j, n = i, 0
            while j < len(chunks) and n < self.max_message_rows:
                n += len(chunks[j])
                j += 1
            try:
                msg, rows, bad = self._pack(chunks[i:j])
            except Exception:  # noqa: BLE001 - never let the sender die
                log.exception("historian: packing %d samples failed (dropped)", n)
                msg, rows, bad = None, 0, n
            ok = True
            if msg is not None:
                try:
                    conn.send(msg)
                except (OSError, EOFError, ValueError, AttributeError):
                    ok = False
            with self._lock:
                self._packing -= n
                self._dropped += bad
                if ok and self._conn_id == conn_id:
                    self._sent += rows
                else:  # the child is gone: these rows are lost
                    self._dropped += rows
                    self._keys_known_id = -1
                    ok = False
            if not ok:
                with self._lock:
                    for chunk in chunks[j:]:
                        self._packing -= len(chunk)
                        self._dropped += len(chunk)
                    self._fail(marks)
                return False
            i = j
        for t in marks:
            try:
                conn.send(("flush", t))
            except (OSError, EOFError, ValueError, AttributeError):
                with self._lock:
                    self._fail([t2 for t2 in marks if t2 not in self._sent_marks])
                return False
            with self._lock:
                if self._conn_id != conn_id:
                    self._fail([t])
                else:
                    self._sent_marks.append(t)
        return True

    def _send_stop(self) -> None:
        """Last act of the sender: tell the child to stop (a child not ready yet: without
        flushing, as soon as it reads; the supervisor tells one that starts later)."""
        with self._lock:
            conn, ready = self._data, self._ready
            remaining = max(0.0, self._stop_deadline - time.monotonic())
            flush = self._stop_flush and ready
            self._stop_conn_id = self._conn_id if conn is not None else -1
        if conn is not None:
            try:
                conn.send(("stop", flush, remaining))
            except (OSError, EOFError, ValueError, AttributeError):
                pass

    _stop_conn_id = -1

    # ------------------------------------------------------------------------- the child
    def _supervise(self) -> None:
        backoff = 0.0
        while True:
            with self._lock:
                if self._stopping and (not self._stop_flush or self._queue.rows + self._packing == 0
                                       or time.monotonic() >= self._stop_deadline):
                    break
            started = time.monotonic()
            if self._spawn():
                self._watch()
            with self._lock:
                if self._stopping:
                    break
            backoff = 0.0 if time.monotonic() - started > 30.0 else min(max(0.5, 2 * backoff),
                                                                         self.max_restart_backoff_s)
            self._quit.wait(backoff)
        with self._lock:
            self._lock.notify_all()

    def _spawn(self) -> bool:
        ctx = mp.get_context("spawn")
        try:
            data_r, data_w = ctx.Pipe(duplex=False)
            ctl_r, ctl_w = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=child_main, name="lineside-historian", daemon=True,
                               args=(self.db_url, self.cfg, data_r, ctl_w, dict(self.child_options)))
            proc.start()
        except Exception as exc:  # noqa: BLE001 - e.g. out of resources: retried with backoff
            msg = f"cannot start the historian writer process: {type(exc).__name__}: {exc}"
            log.error("%s", msg)
            with self._lock:
                self._error = msg
                self._errors += 1
            return False
        data_r.close()
        ctl_w.close()
        with self._lock:
            self._proc, self._data, self._ctl = proc, data_w, ctl_r
            self._conn_id += 1
            self._ready = False
            self._sent = 0
            self._child = {}
            self._sent_marks = []
            self._lost_at_stop = 0
        log.info("historian writer process started (pid %s)", proc.pid)
        return True

    def _watch(self) -> None:
        proc, ctl = self._proc, self._ctl
        snd = self._sender
        while True:
            if (self._stopping and snd is not None and not snd.is_alive()
                    and self._stop_conn_id != self._conn_id):  # started after the sender quit
                self._stop_conn_id = self._conn_id
                try:
                    self._data.send(("stop", False, 0.0))
                except (OSError, EOFError, ValueError, AttributeError):
                    pass
            try:
                if ctl.poll(0.25):
                    self._handle(ctl.recv())
                    continue
            except (EOFError, OSError):
                break
            if proc.exitcode is not None:
                try:
                    while ctl.poll(0):
                        self._handle(ctl.recv())
                except (EOFError, OSError):
                    pass
                break
        proc.join(5.0)
        if proc.exitcode is None:
            proc.kill()
            proc.join(5.0)
        self._gone(proc)

    def _handle(self, msg) -> None:
        kind = msg[0]
        with self._lock:
            if kind in ("stats", "ack", "bye"):
                st = msg[-1]
                self._child = st
                if st.get("last_flush_ms"):
                    self._last_flush_ms = st["last_flush_ms"]
                if self._clear_error_on_write and st.get("flushes", 0) > 0:
                    self._error = None
                    self._clear_error_on_write = False
                if kind == "ack":
                    token, ok = msg[1], msg[2]
                    if token in self._sent_marks:
                        self._sent_marks.remove(token)
                    if token in self._waiting:
                        self._acks[token] = ok
                self._lock.notify_all()
            elif kind == "ready":
                self._ready = True
                if self._error and self._error.startswith("cannot"):
                    self._error = None
                self._lock.notify_all()
            elif kind == "fatal":
                self._error = msg[1]
                self._errors += 1
                log.error("historian writer process: %s", msg[1])
                self._lock.notify_all()
        if kind == "log":
            _, level, name, text = msg
            logging.getLogger(name).log(level, "[writer process] %s", text)

    def _gone(self, proc) -> None:
        """The child exited: bank its counters, count what it had not written as lost."""
        with self._lock:
            c = self._child
            w, d = c.get("rows_written", 0), c.get("rows_dropped", 0)
            lost = max(0, self._sent - w - d)
            self._base_written += w
            self._base_dropped += d + lost
            self._base_flushes += c.get("flushes", 0)
            self._base_errors += c.get("errors", 0)
            self._child = {}
            self._sent = 0
            self._ready = False
            self._conn_id += 1
            self._fail(self._sent_marks)
            self._sent_marks = []
            expected = self._stopping
            if expected:
                self._lost_at_stop = lost
            elif not (self._error and self._error.startswith("cannot")):
                self._errors += 1
                self.restarts += 1
                self._error = (f"historian writer process exited unexpectedly (exit code {proc.exitcode}); "
                               f"{lost} rows in flight lost; restarting it")
                self._clear_error_on_write = True
            else:
                self.restarts += 1
            self._lock.notify_all()
            data, ctl = self._data, self._ctl
            self._data = self._ctl = None
        for c in (data, ctl):
            try:
                c.close()
            except OSError:
                pass
        if not expected:
            log.error("%s", self._error or "historian writer process exited; restarting it")


# ============================================================================ child process
class _PipeLogHandler(logging.Handler):
    def __init__(self, send):
        super().__init__(logging.WARNING)
        self._send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._send(("log", record.levelno, record.name, self.format(record)))
        except Exception:  # noqa: BLE001
            pass


class ColumnChunk:
    """Float rows of one message, column-wise, as a chunk of the child's HistorianWriter buffer
    (``len``, slicing, ``flat_rows``; ``as_samples`` for the general path)."""

    __slots__ = ("keys", "idx", "ts", "val", "q")

    def __init__(self, keys: list[str], idx, ts, val, q):
        self.keys, self.idx, self.ts, self.val, self.q = keys, idx, ts, val, q

    def __len__(self) -> int:
        return len(self.idx)

    def __getitem__(self, s):
        if not isinstance(s, slice):
            raise TypeError("ColumnChunk supports slices only")
        return ColumnChunk(self.keys, self.idx[s], self.ts[s], self.val[s], self.q[s])

    def as_samples(self) -> list[tuple]:
        keys = self.keys
        return list(zip(map(keys.__getitem__, self.idx.tolist()), self.ts.tolist(), self.val.tolist(),
                        self.q.tolist(), repeat(None)))

    @staticmethod
    def flat_rows(chunks: list["ColumnChunk"], tag_entries):
        """The rows of several chunks at once, for one insert: a :class:`~hmi.store.historian_writer.FlatRows`
        (every row's six columns one after another, sorted by tag, stable) built column-wise in C without a
        tuple per row, with the tag type changes to record; None: use the general path (odd qualities or
        timestamps)."""
        import numpy as np

        from hmi.store.historian_writer import FlatRows

        if len(chunks) == 1:
            c = chunks[0]
            idx, ts, val, q = c.idx, c.ts, c.val, c.q
        else:
            idx, ts, val, q = (np.concatenate([getattr(c, a) for c in chunks]) for a in ("idx", "ts", "val", "q"))
        n = len(idx)
        if n == 0 or int(q.max()) > 3 or not np.isfinite(ts).all():
            return None
        used = np.unique(idx)
        keys = [chunks[0].keys[i] for i in used.tolist()]
        ents = tag_entries(keys)
        kinds = {k: (e, "float") for k, e in zip(keys, ents) if e[1] != "float"}
        lut = np.zeros(int(used[-1]) + 1, dtype=np.int64)
        lut[used] = [e[0] for e in ents]
        tag = lut[idx]
        order = np.argsort(tag, kind="stable")
        ms = (ts[order] * 1000.0 + 0.5).astype(np.int64)
        table = np.empty((n, 6), dtype=object)  # Python ints and floats (what the driver binds), None
        table[:, 0] = tag[order].tolist()
        table[:, 1] = ms.tolist()
        table[:, 2] = val[order].tolist()
        table[:, 4] = q[order].tolist()
        return FlatRows(table.ravel().tolist(), n, int(ms.min())), kinds


def _unpack(msg, keys: list[str]) -> tuple[ColumnChunk | None, list[tuple]]:
    """A data message: its plain float rows as a :class:`ColumnChunk` and the rows of the side
    list (typed values, errors) as ``(tag, ts, value, quality, error)`` tuples."""
    import numpy as np

    _, new_keys, ids_b, ts_b, vals_b, q_b, extra = msg
    keys.extend(new_keys)
    idx = np.frombuffer(ids_b, dtype=np.uint32)
    ts = np.frombuffer(ts_b, dtype=np.float64)
    val = np.frombuffer(vals_b, dtype=np.float64)
    q = np.frombuffer(q_b, dtype=np.uint8)
    special = []
    if extra:
        keep = np.ones(len(idx), dtype=bool)
        for i, v, e in extra:
            special.append((keys[int(idx[i])], float(ts[i]), v, int(q[i]), e))
            keep[i] = False
        idx, ts, val, q = idx[keep], ts[keep], val[keep], q[keep]
    return (ColumnChunk(keys, idx, ts, val, q) if len(idx) else None), special


def child_main(db_url: str, cfg: HistorianConfig, data, ctl, options: dict) -> None:
    """Entry point of the writer process (spawned; module-level so it can be imported)."""
    import signal

    try:  # Ctrl+C reaches the whole process group: the parent decides when we stop
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except (ValueError, OSError):
        pass
    send_lock = threading.Lock()

    def send(msg) -> None:
        with send_lock:
            try:
                ctl.send(msg)
            except (OSError, EOFError, ValueError):
                pass

    root = logging.getLogger()
    root.addHandler(_PipeLogHandler(send))
    if root.level > logging.WARNING or root.level == logging.NOTSET:
        root.setLevel(logging.WARNING)

    try:
        from hmi.store.db import open_database
        from hmi.store.historian_writer import HistorianWriter

        engine = open_database(db_url)
    except Exception as exc:  # noqa: BLE001 - StoreError and anything else: reported, parent retries
        send(("fatal", f"cannot open the historian database: {exc}"))
        return
    writer = HistorianWriter(engine, cfg)
    for k, v in (options or {}).items():
        setattr(writer, k, v)
    settle_collector()  # the modules and the engine live as long as the child; rows come in thousands
    received = [0]

    def send_stats(kind: str, *head) -> None:
        with send_lock:  # snapshot under the lock: the parent never sees stats go backwards
            st = writer.stats()
            st["received"] = received[0]
            try:
                ctl.send((kind, *head, st))
            except (OSError, EOFError, ValueError):
                pass

    flushes: "deque[tuple[int, int]]" = deque()
    flush_ev = threading.Event()
    done = threading.Event()

    def flusher() -> None:
        while not done.is_set():
            flush_ev.wait(0.1)
            flush_ev.clear()
            while flushes:
                token, target = flushes[0]
                ok = writer.flush_to(target, 3600.0)
                flushes.popleft()
                send_stats("ack", token, ok)

    def reporter() -> None:
        last = None
        while not done.wait(0.1):
            st = writer.stats()
            snap = (st["rows_written"], st["rows_dropped"], st["buffered"], st["errors"], st["last_error"],
                    received[0])
            if snap != last:
                last = snap
                send_stats("stats")

    writer.start()
    threads = [threading.Thread(target=flusher, name="historian-flush-acks", daemon=True),
               threading.Thread(target=reporter, name="historian-stats", daemon=True)]
    for t in threads:
        t.start()
    send(("ready", os.getpid()))
    keys: list[str] = []
    try:
        while True:
            try:
                msg = data.recv()
            except (EOFError, OSError):  # the parent is gone: write what we have, then quit
                writer.stop(flush=True, timeout=10.0)
                break
            kind = msg[0]
            if kind == "data":
                cols, special = _unpack(msg, keys)
                if cols is not None:
                    writer.append(cols)
                if special:
                    writer.append(special)
                received[0] += (len(cols) if cols is not None else 0) + len(special)
            elif kind == "flush":
                flushes.append((msg[1], writer.submitted()))
                flush_ev.set()
            elif kind == "stop":
                ok = writer.stop(flush=bool(msg[1]), timeout=float(msg[2]))
                done.set()
                for token, target in list(flushes):  # flush requests still waiting: answer them
                    send_stats("ack", token, writer.is_flushed(target))
                send_stats("bye", ok)
                break
    finally:
        done.set()
        engine.dispose()
