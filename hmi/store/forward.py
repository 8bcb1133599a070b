"""Store and forward: the one writer that takes rows from any thread and gets them into the database,
in order, exactly once, whatever the database does meanwhile. Qt-free.

Used by the historian writer (:mod:`hmi.store.historian_writer`), the alarm journal
(:mod:`hmi.alarms.journal`) and, for its bounded in-memory queue, the historian's writer process
(:mod:`hmi.store.writer_process`).

* :class:`ChunkQueue`: rows waiting in memory as chunks ``[first row number, rows]``, oldest first,
  bounded: when full the OLDEST rows are dropped and counted.  ``rows`` is a list, or any chunk object
  with ``len``, slicing and ``as_samples()``.
* :class:`StoreAndForward`: a writer thread over a :class:`ChunkQueue`.  :meth:`~StoreAndForward.append`
  never blocks.  The thread commits batches every ``flush_interval_s`` (or as soon as ``batch_max_rows``
  wait); on a database error the rows go back to the front and are retried with exponential backoff
  (0.25 s .. ``max_backoff_s``), the error logged once per distinct message.
* With a **spool** (database servers, :mod:`hmi.store.spool`): when a write fails the rows in memory go
  to the local durable spool file, and so does every row submitted while it holds rows; the spool is
  back-filled in order when the server answers.  Each transaction also records the stream's last row
  number on the server (:func:`~hmi.store.spool.set_server_mark`), so a commit whose acknowledgement
  was lost is not written twice.  Rows left in the spool at exit are back-filled by the next writer of
  the same stream and database on this machine.

A concrete writer says what a row is: :meth:`~StoreAndForward.commit` (write rows and the mark in one
transaction), :meth:`~StoreAndForward.to_spool` / :meth:`~StoreAndForward.from_spool`, and optionally
:meth:`~StoreAndForward.maintain` (periodic work while the database is healthy: rollups, retention).
"""
from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Sequence

from hmi.store.spool import Spool, SpoolError, server_mark

log = logging.getLogger(__name__)

__all__ = ["ChunkQueue", "StoreAndForward"]


class ChunkQueue:
    """Rows waiting in memory: chunks ``[first row number, rows]``, oldest first; at most ``max_rows``
    (the oldest dropped and counted in :attr:`dropped`).  Not thread-safe: the owner holds its lock."""

    __slots__ = ("chunks", "rows", "seq", "dropped", "max_rows")

    def __init__(self, max_rows: int):
        self.chunks: deque[list] = deque()
        self.rows = 0  # rows waiting
        self.seq = 0  # rows ever appended (dropped included): the next row's number
        self.dropped = 0
        self.max_rows = max(1, int(max_rows))

    def __len__(self) -> int:
        return self.rows

    def append(self, rows) -> None:
        n = len(rows)
        self.chunks.append([self.seq, rows])
        self.seq += n
        self.rows += n
        if self.rows > self.max_rows:
            self.drop_oldest(self.rows - self.max_rows)

    def drop_oldest(self, k: int) -> int:
        dropped = 0
        while k > 0 and self.chunks:
            chunk = self.chunks[0]
            n = len(chunk[1])
            if n <= k:
                self.chunks.popleft()
                k -= n
                dropped += n
            else:
                chunk[1] = chunk[1][k:]
                chunk[0] += k
                dropped += k
                k = 0
        self.rows -= dropped
        self.dropped += dropped
        return dropped

    def take(self, limit: int) -> tuple[list[list], int]:
        """Up to ``limit`` rows from the front (a chunk is split when needed): ``(chunks, rows)``."""
        limit = max(1, limit)
        out, n = [], 0
        while self.chunks and n < limit:
            chunk = self.chunks[0]
            rows = chunk[1]
            room = limit - n
            if len(rows) <= room:
                self.chunks.popleft()
                out.append(chunk)
                n += len(rows)
            else:
                out.append([chunk[0], rows[:room]])
                chunk[0] += room
                chunk[1] = rows[room:]
                n += room
        self.rows -= n
        return out, n

    def take_all(self) -> tuple[list[list], int]:
        out, n = list(self.chunks), self.rows
        self.chunks.clear()
        self.rows = 0
        return out, n

    def put_back(self, chunks: Sequence[list], n: int, *, bounded: bool = True) -> None:
        """Chunks that could not be written go back to the front, in order (then bounded again)."""
        self.chunks.extendleft(reversed(chunks))
        self.rows += n
        if bounded and self.rows > self.max_rows:
            self.drop_oldest(self.rows - self.max_rows)

    def first_seq(self) -> int | None:
        return self.chunks[0][0] if self.chunks else None


class StoreAndForward:
    """A bounded, ordered, exactly-once writer thread (see the module doc).

    ``name``    the stream (``historian``, ``journal``): log texts, thread name.
    ``engine``  the database (SQLAlchemy engine).
    ``spool``   a :class:`~hmi.store.spool.Spool` or None (see :func:`~hmi.store.spool.open_writer_spool`).
    """

    max_backoff_s: float = 30.0

    def __init__(self, name: str, engine, *, batch_max_rows: int, buffer_max_rows: int, flush_interval_s: float,
                 spool: Spool | None = None):
        self.name = name
        self.engine = engine
        self.batch_max_rows = max(1, int(batch_max_rows))
        self.flush_interval_s = float(flush_interval_s)
        self._spool = spool
        #: absolute row number of memory row 0 (rows keep increasing numbers across restarts)
        self._seq_base = spool.next_seq_base() if spool is not None else 0
        self._queue = ChunkQueue(buffer_max_rows)
        self._cond = threading.Condition()
        self._moving: list[list] = []  # chunks on their way from memory to the spool
        self._inflight: list[list] = []  # chunks being written
        self._inflight_rows = 0
        self._mark_checked = False  # server's row mark read since the last failed write
        self._backfilling = False
        self._io = threading.Lock()  # one write at a time
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._stop_flush = True
        self._stop_deadline = 0.0
        self._flush_req = False
        self._written = self._bad = self._flushes = self._errors = 0
        self._last_flush_ms = 0.0
        self._last_error: str | None = None
        self._logged_error: str | None = None

    # ------------------------------------------------------------------ what a row is (subclasses)
    def commit(self, chunks: list, mark: int | None) -> tuple[int, int]:
        """Write the rows of ``chunks`` (each a list of items, or a chunk object) and, when ``mark`` is
        not None, the stream's row mark (:func:`~hmi.store.spool.set_server_mark`) in ONE transaction.
        Returns ``(rows written, malformed rows skipped)``; raises on a database error."""
        raise NotImplementedError

    def to_spool(self, seq: int, item) -> tuple:
        """The spool row of ``item`` (``seq`` first, then the spool's columns)."""
        raise NotImplementedError

    def from_spool(self, row: tuple):
        """The item of a spool row; None for a row that was malformed when submitted."""
        raise NotImplementedError

    def maintain(self, now: float) -> float:
        """Periodic work while writes succeed (e.g. rollups); returns when it is next due (monotonic)."""
        return float("inf")

    def on_started(self) -> None:
        """Called on the writer thread's start (e.g. load caches)."""

    # ------------------------------------------------------------------ public API
    @property
    def spool(self) -> Spool | None:
        """The local spool (server databases), None without one."""
        return self._spool

    def append(self, rows) -> None:
        """Queue a chunk of rows (any thread; O(1), never waits for the database)."""
        if not len(rows):
            return
        with self._cond:
            dropped = self._queue.dropped
            self._queue.append(rows)
            full = self._queue.rows >= self.batch_max_rows
            if self._queue.dropped != dropped:  # dropping may complete a flush
                self._cond.notify_all()
        if full:
            self._wake.set()

    def start(self) -> None:
        """Start the writer thread (no-op when running)."""
        if self._thread is not None and self._thread.is_alive():
            return
        with self._cond:
            self._stopping = False
        self.on_started()
        self._thread = threading.Thread(target=self._run, name=f"{self.name}-writer", daemon=True)
        self._thread.start()

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, flush: bool = True, timeout: float = 10.0) -> bool:
        """Stop the writer thread, first writing what is buffered when ``flush``: batch after batch
        (retrying failed writes) until nothing is left or ``timeout`` s have passed.  Bounded: returns
        after about ``timeout`` s plus at most one transaction in progress.  Rows not written stay
        buffered (or, with a spool, go to the spool) and are logged.  True when stopped with nothing
        left unwritten (or ``flush=False``)."""
        t = self._thread
        if t is None or not t.is_alive():
            ok = self.flush(timeout) if flush else True
            if self._spool is not None:
                return self._spool_at_stop(flush, timeout)
            if not ok:
                log.error("%s: %d rows not written within %.1f s (kept in memory, lost at exit)", self.name,
                          self.stats_core()["buffered"], timeout)
            return ok
        with self._cond:
            self._stopping = True
            self._stop_flush = flush
            self._stop_deadline = time.monotonic() + timeout
        self._wake.set()
        # the thread checks the deadline between transactions: allow one more transaction
        t.join(timeout + max(2.0, 2.0 * self._last_flush_ms / 1000.0))
        with self._cond:
            left = self._queue.rows + self._inflight_rows
        if t.is_alive():
            log.error("%s writer did not stop within %.1f s (%d rows not written yet; it stops after its "
                      "current transaction)", self.name, timeout, left)
            return False
        if self._spool is not None:
            return self._spool_at_stop(flush, timeout)
        if flush and left:
            log.error("%s stopped with %d rows not written within %.1f s (kept in memory, lost at exit)",
                      self.name, left, timeout)
        return not (flush and left)

    def flush(self, timeout: float = 10.0) -> bool:
        """Block until every row submitted before this call is committed (or dropped by the bounded
        buffer); False on timeout.  Works with or without the writer thread."""
        return self.flush_to(self.submitted(), timeout)

    def submitted(self) -> int:
        """Rows ever submitted (a target for :meth:`flush_to`)."""
        with self._cond:
            return self._queue.seq

    def is_flushed(self, target: int) -> bool:
        """Every one of the first ``target`` rows ever submitted is committed or dropped."""
        with self._cond:
            return self._done_before(target)

    def flush_to(self, target: int, timeout: float = 10.0) -> bool:
        """:meth:`flush` of the first ``target`` rows ever submitted (see :meth:`submitted`)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            if self._done_before(target):
                return True
        t = self._thread
        if t is not None and t.is_alive():
            with self._cond:
                self._flush_req = True
                self._wake.set()
                return self._cond.wait_for(lambda: self._done_before(target), timeout)
        backoff = 0.0
        while True:  # no writer thread: write in the caller's thread
            with self._cond:
                if self._done_before(target):
                    return True
            if self._step():
                backoff = 0.0
                continue
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            backoff = min(max(0.05, backoff * 2), self.max_backoff_s)
            time.sleep(min(backoff, left))

    def stats_core(self) -> dict:
        """``state`` (``connected``; ``buffering``: the database is unreachable, rows wait (in the spool
        with a server); ``backfilling``: the spool is being written), ``spooled`` (rows in the spool),
        ``spool`` (its path), ``written``, ``dropped`` (overflow, malformed), ``buffered`` (waiting in
        memory + being written + spooled), ``queued`` (in memory), ``submitted``, ``flushes``,
        ``last_flush_ms``, ``last_error`` (None once a write succeeds), ``errors``, ``running``."""
        with self._cond:
            sp = self._spool
            spooled = len(sp) if sp is not None else 0
            if spooled == 0 and not self._moving:  # rows wait in memory while writes fail
                state = "buffering" if self._last_error is not None else "connected"
            else:
                state = "backfilling" if self._backfilling else "buffering"
            moving = sum(len(c[1]) for c in self._moving)
            return {
                "state": state, "spooled": spooled, "spool": str(sp.path) if sp is not None else None,
                "written": self._written,
                "dropped": self._queue.dropped + self._bad + (sp.dropped if sp is not None else 0),
                "buffered": self._queue.rows + self._inflight_rows + spooled + moving,
                "queued": self._queue.rows + self._inflight_rows, "submitted": self._queue.seq,
                "flushes": self._flushes, "last_flush_ms": self._last_flush_ms,
                "last_error": self._last_error, "errors": self._errors,
                "running": self._thread is not None and self._thread.is_alive(),
            }

    # ------------------------------------------------------------------ buffer
    def _done_before(self, target: int) -> bool:  # with self._cond held
        sp = self._spool
        if sp is not None:
            first = sp.first_seq
            if first is not None and first - self._seq_base < target:
                return False
            if self._moving and self._moving[0][0] < target:
                return False
        if self._inflight:
            return self._inflight[0][0] >= target
        first = self._queue.first_seq()
        return first is None or first >= target

    def _pending(self) -> int:  # with self._cond held
        return self._queue.rows + (len(self._spool) if self._spool is not None else 0)

    # ------------------------------------------------------------------ writing
    def _failed(self, exc: BaseException, n: int) -> None:
        msg = f"{type(exc).__name__}: {str(getattr(exc, 'orig', None) or exc).splitlines()[0]}"
        with self._cond:
            self._errors += 1
            self._last_error = msg
            self._mark_checked = False  # a commit may have arrived without its acknowledgement
        if msg != self._logged_error:
            where = f"kept in the spool {self._spool.path}" if self._spool is not None else "kept"
            log.error("%s write failed, %d rows %s for retry: %s", self.name, n, where, msg)
            self._logged_error = msg

    def _succeeded(self, n_rows: int, bad: int, t: float) -> None:
        ms = (time.perf_counter() - t) * 1000.0
        with self._cond:
            self._written += n_rows
            self._bad += bad
            self._flushes += 1
            self._last_flush_ms = ms
            recovered = self._last_error is not None
            self._last_error = None
            self._cond.notify_all()
        if recovered:
            log.warning("%s writes resumed", self.name)
            self._logged_error = None

    def _write_batch(self) -> bool:
        """Write up to ``batch_max_rows`` rows from memory in one transaction.  False on a database
        error (the rows go back to the front of the queue, or into the spool when there is one)."""
        with self._io:
            with self._cond:
                chunks, n = self._queue.take(self.batch_max_rows)
                self._inflight, self._inflight_rows = chunks, n
            if n == 0:
                return True
            t = time.perf_counter()
            mark = None
            if self._spool is not None:
                last = chunks[-1]
                mark = self._seq_base + last[0] + len(last[1]) - 1
            try:
                written, bad = self.commit([c[1] for c in chunks], mark)
            except Exception as exc:  # database errors (and anything unexpected): keep the rows
                with self._cond:
                    self._queue.put_back(chunks, n, bounded=self._spool is None)
                    self._inflight, self._inflight_rows = [], 0
                    self._cond.notify_all()
                self._failed(exc, n)
                if self._spool is not None:
                    self._spill()
                return False
            with self._cond:
                self._inflight, self._inflight_rows = [], 0
            self._succeeded(written, bad, t)
            return True

    # ------------------------------------------------------------------ the spool
    def _spill(self) -> int:
        """Move every row waiting in memory to the spool, in order (``_io`` held)."""
        with self._cond:
            moving, n = self._queue.take_all()
            if not n:
                return 0
            self._moving = moving
        base = self._seq_base
        try:
            self._spool.append(self.to_spool(base + c[0] + i, item) for c in moving
                               for i, item in enumerate(c[1] if type(c[1]) is list else c[1].as_samples()))
        except SpoolError as exc:  # local disk full/unwritable: keep them in memory (bounded)
            log.error("%s: %s; %d rows kept in memory", self.name, exc, n)
            with self._cond:
                self._queue.put_back(moving, n)
                self._moving = []
            return 0
        with self._cond:
            self._moving = []
            self._cond.notify_all()
        return n

    def _spool_at_stop(self, flush: bool, timeout: float) -> bool:
        """Stopped: what is not on the server yet goes to the spool (durable, back-filled by the next
        writer of this stream on this machine); True when nothing is left to write."""
        with self._io:
            self._spill()
        self._spool.record_next_seq(self._seq_base + self.submitted())
        spooled = len(self._spool)
        if flush and spooled:
            log.error("%s stopped with %d rows not written to the server within %.1f s: kept in the spool %s, "
                      "back-filled when a writer of this database runs again", self.name, spooled, timeout,
                      self._spool.path)
        return not (flush and spooled)

    def _backfill_batch(self) -> bool:
        """Write the oldest spooled rows (up to ``batch_max_rows``) in one transaction; True when done or
        nothing is spooled, False on a database error (the rows stay spooled)."""
        sp = self._spool
        with self._io:
            if not len(sp):
                return True
            t = time.perf_counter()
            try:
                if not self._mark_checked:  # drop what an unacknowledged commit already wrote
                    gone = sp.delete_through(self.server_mark())
                    if gone:
                        log.info("%s: %d spooled rows were already on the server", self.name, gone)
                    with self._cond:
                        self._written += gone
                        self._mark_checked = True
                        self._cond.notify_all()
                    if not len(sp):
                        return True
                with self._cond:
                    self._backfilling = True
                rows = sp.head(self.batch_max_rows)
                items = [self.from_spool(r) for r in rows]
                bad0 = items.count(None)
                written, bad = self.commit([[i for i in items if i is not None]], rows[-1][0])
            except Exception as exc:
                with self._cond:
                    self._backfilling = False
                self._failed(exc, len(sp))
                return False
            sp.delete_through(rows[-1][0])
            with self._cond:
                if not len(sp):
                    self._backfilling = False
            self._succeeded(written, bad + bad0, t)
            if not len(sp):
                log.warning("%s: spool back-filled, writing directly again", self.name)
            return True

    def server_mark(self) -> int | None:
        """The last row number of this stream the server has committed (None: none yet)."""
        with self.engine.connect() as conn:
            return server_mark(conn, self._spool.token)

    def _step(self) -> bool:
        """One unit of writing: with rows in the spool, its oldest rows are back-filled (newer rows wait
        in memory, or join the spool when a batch of them is waiting); otherwise one batch from memory.
        False on a database error."""
        sp = self._spool
        if sp is not None and (len(sp) or self._moving):
            with self._cond:
                spill = self._queue.rows >= self.batch_max_rows
            if spill:  # newer rows queue behind the spooled ones (order kept), on disk
                with self._io:
                    self._spill()
            return self._backfill_batch()
        return self._write_batch()

    # ------------------------------------------------------------------ the thread
    def _run(self) -> None:
        mono = time.monotonic
        now = mono()
        next_flush = now + self.flush_interval_s
        next_maintain = now
        retry_at = 0.0  # while a write is failing: no write attempt before this
        backoff = 0.0
        max_backoff = self.max_backoff_s
        while True:
            now = mono()
            with self._cond:
                pending = self._pending()
                stopping, stop_flush, deadline = self._stopping, self._stop_flush, self._stop_deadline
                requested = self._flush_req
                if pending == 0 and not self._moving:
                    self._flush_req = False
            if stopping:
                if not stop_flush or pending == 0 or now >= deadline:
                    return
                if max_backoff > 0.5:  # stopping: retry soon, within the stop timeout
                    max_backoff = 0.5
                    backoff = min(backoff, max_backoff)
                    retry_at = min(retry_at, now)
            due = pending > 0 and (pending >= self.batch_max_rows or now >= next_flush or requested or stopping)
            if due and now >= retry_at:
                while True:
                    if stopping and mono() >= deadline:
                        break  # bounded stop: what is left stays buffered (logged by stop())
                    if not self._step():
                        backoff = min(max(0.25, backoff * 2.0), max_backoff)
                        retry_at = mono() + backoff
                        break
                    backoff, retry_at = 0.0, 0.0
                    with self._cond:
                        if self._pending() == 0:
                            self._flush_req = False
                            break
                next_flush = mono() + self.flush_interval_s
            elif due and self._spool is not None and len(self._spool) and now >= next_flush:
                with self._io:  # server away: what arrives goes to disk every flush interval
                    self._spill()
                next_flush = mono() + self.flush_interval_s
            elif now >= next_flush:
                next_flush = now + self.flush_interval_s
            now = mono()
            if backoff == 0.0 and not stopping and now >= next_maintain:
                next_maintain = self.maintain(now)
            if backoff > 0.0:
                wake_at = retry_at  # maintenance waits while writes fail
                if self._spool is not None:  # ... but new rows reach the spool every flush interval
                    wake_at = min(wake_at, next_flush)
            else:
                wake_at = min(next_flush, next_maintain)
            if stopping:
                wake_at = min(wake_at, deadline)
            self._wake.wait(max(0.0, wake_at - mono()))
            self._wake.clear()

