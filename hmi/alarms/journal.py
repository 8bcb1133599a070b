"""The alarm journal: every :class:`AlarmEvent` persisted to ``alarm_events``. Qt-free.

    journal = AlarmJournal(engine_sql).start()
    alarm_engine.subscribe(journal.record)      # non-blocking: queued, written by a background thread
    ...
    journal.query(t0, t1, equipment="press1", priority=1, text="lube")
    journal.stop()                               # flushes

Rows come back as dicts: ``id, ts`` (float seconds), ``time`` (ISO 8601 UTC), ``alarm_id, tag,
equipment, kind, priority, event, state_after, value, user, comment, message``.
"""
from __future__ import annotations

import csv
import json
import logging
import threading
import time
from collections import deque
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import sqlalchemy as sa

from hmi.alarms.model import AlarmEvent
from hmi.store.schema import alarm_events

__all__ = ["AlarmJournal", "journal_json", "cli_alarms_journal", "JOURNAL_FIELDS"]

log = logging.getLogger(__name__)

JOURNAL_FIELDS = ("id", "ts", "time", "alarm_id", "tag", "equipment", "kind", "priority", "event", "state_after",
                  "value", "user", "comment", "message")


def _row(ev: AlarmEvent) -> dict:
    v = ev.value
    num = txt = None
    if isinstance(v, bool):
        num = 1.0 if v else 0.0
    elif isinstance(v, (int, float)):
        num = float(v)
    elif v is not None:
        txt = str(v)
    return {
        "ts": int(round(ev.ts * 1000)), "alarm_id": ev.alarm_id, "tag": ev.tag,
        "equipment": ev.equipment or ev.tag.split(".", 1)[0], "kind": ev.kind, "priority": int(ev.priority),
        "event": ev.event, "state_after": str(ev.state_after), "value": num, "value_text": txt,
        "user_name": ev.user, "comment": ev.comment, "message": ev.message,
    }


#: Columns of the journal's local spool: the row (as :func:`_row` gives it) as JSON.
SPOOL_COLUMNS = ("row",)


def _iso(ts_ms: int) -> str:
    return datetime.fromtimestamp(ts_ms / 1000.0, tz=timezone.utc).isoformat(timespec="milliseconds")


def _out(r) -> dict:
    m = r._mapping
    return {
        "id": m["id"], "ts": m["ts"] / 1000.0, "time": _iso(m["ts"]), "alarm_id": m["alarm_id"], "tag": m["tag"],
        "equipment": m["equipment"], "kind": m["kind"], "priority": m["priority"], "event": m["event"],
        "state_after": m["state_after"], "value": m["value"] if m["value_text"] is None else m["value_text"],
        "user": m["user_name"], "comment": m["comment"], "message": m["message"],
    }


def query_events(conn_or_engine, t0: float | None = None, t1: float | None = None, *,
                 equipment: str | Iterable[str] | None = None, priority: int | Iterable[int] | None = None,
                 text: str | None = None, alarm_id: str | None = None, event: str | Iterable[str] | None = None,
                 limit: int | None = 10_000, newest_first: bool = True) -> list[dict]:
    """Journal rows with ``t0 <= ts < t1`` (seconds; None = open) matching every given filter.

    ``text`` matches (case-insensitively) the message, alarm id, tag, user or comment.
    """
    t = alarm_events
    q = sa.select(t)
    if t0 is not None:
        q = q.where(t.c.ts >= int(round(t0 * 1000)))
    if t1 is not None:
        q = q.where(t.c.ts < int(round(t1 * 1000)))
    if equipment is not None:
        q = q.where(t.c.equipment == equipment) if isinstance(equipment, str) else \
            q.where(t.c.equipment.in_(list(equipment)))
    if priority is not None:
        q = q.where(t.c.priority == int(priority)) if isinstance(priority, int) else \
            q.where(t.c.priority.in_([int(p) for p in priority]))
    if alarm_id is not None:
        q = q.where(t.c.alarm_id == alarm_id)
    if event is not None:
        q = q.where(t.c.event == event) if isinstance(event, str) else q.where(t.c.event.in_(list(event)))
    if text:
        pat = f"%{text.lower()}%"
        q = q.where(sa.or_(*(sa.func.lower(c).like(pat) for c in
                             (t.c.message, t.c.alarm_id, t.c.tag, t.c.user_name, t.c.comment))))
    q = q.order_by(t.c.ts.desc(), t.c.id.desc()) if newest_first else q.order_by(t.c.ts, t.c.id)
    if limit is not None:
        q = q.limit(int(limit))
    if isinstance(conn_or_engine, sa.Engine):
        with conn_or_engine.connect() as c:
            return [_out(r) for r in c.execute(q)]
    return [_out(r) for r in conn_or_engine.execute(q)]


class AlarmJournal:
    """Persists :class:`AlarmEvent` rows from a background writer thread.

    ``record(event)`` only appends to an in-memory queue (safe from any thread, never blocks on the
    database).  The writer inserts queued events every ``flush_interval_s`` in one transaction; when
    the database is unavailable the events stay queued (up to ``max_queue``; older ones are dropped
    and counted in :meth:`stats`) and are retried with backoff (up to ``max_backoff_s``).

    Store and forward (database servers; ``spool``, see :mod:`hmi.store.spool`): while the server
    is away the events go to a local durable spool file instead, and are back-filled in order,
    each exactly once, when it answers again (also by the next start when the program exits
    meanwhile).  ``spool=None``: a default spool for server URLs, none for SQLite; ``False``: none;
    a path: that file.  :meth:`stats` tells ``state`` (connected/buffering/backfilling) and
    ``spooled``.
    """

    max_backoff_s: float = 30.0
    spool_batch: int = 1000

    def __init__(self, engine: sa.Engine, *, flush_interval_s: float = 0.5, max_queue: int = 100_000,
                 spool=None):
        from hmi.store.spool import open_writer_spool

        self.engine = engine
        self.flush_interval_s = flush_interval_s
        self._q: deque[tuple[int, AlarmEvent]] = deque()  # (row number, event), oldest first
        self._max_queue = max_queue
        self._cv = threading.Condition()
        self._write_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = False
        self._recorded = 0  # events accepted
        self._written = 0  # events written (or dropped)
        self._dropped = 0
        self._failures = 0
        self.last_error: str | None = None
        self._spool = open_writer_spool("journal", engine, spool, SPOOL_COLUMNS)
        self._seq_base = self._spool.next_seq_base() if self._spool is not None else 0
        self._mark_checked = False
        self._backfilling = False

    @property
    def spool(self):
        """The local spool (server databases), None without one."""
        return self._spool

    # ------------------------------------------------------------------ writing
    def record(self, event: AlarmEvent) -> None:
        """Queue one event (non-blocking; usable directly as an AlarmEngine subscriber)."""
        with self._cv:
            if len(self._q) >= self._max_queue:
                self._q.popleft()
                self._dropped += 1
                self._written += 1
            self._q.append((self._seq_base + self._recorded, event))
            self._recorded += 1
            if len(self._q) >= 1000:
                self._cv.notify_all()

    __call__ = record

    def _commit(self, rows: list[dict], mark: int | None) -> None:
        """One transaction: the rows and (with a spool) the stream's row mark on the server."""
        with self.engine.begin() as c:
            c.execute(sa.insert(alarm_events), rows)
            if mark is not None:
                from hmi.store.spool import set_server_mark

                set_server_mark(c, self._spool.token, mark)

    def _failed(self, exc: BaseException, n: int) -> None:
        self._failures += 1
        self._mark_checked = False  # a commit may have arrived without its acknowledgement
        msg = str(getattr(exc, "orig", None) or exc).strip().splitlines()
        self.last_error = msg[0] if msg else type(exc).__name__
        where = f"in the spool {self._spool.path}" if self._spool is not None else "kept"
        log.warning("alarm journal: write failed (%s); %d events %s", self.last_error, n, where)

    def _spill(self) -> int:
        """Queue -> spool (events keep their order and row numbers). Needs ``_write_lock``."""
        with self._cv:
            batch = list(self._q)
            self._q.clear()
        if not batch:
            return 0
        try:
            self._spool.append((seq, json.dumps(_row(ev), separators=(",", ":"))) for seq, ev in batch)
        except Exception as exc:  # SpoolError: local disk full/unwritable -> keep them in memory
            log.error("alarm journal: %s; %d events kept in memory", exc, len(batch))
            with self._cv:
                self._q.extendleft(reversed(batch))
            return 0
        return len(batch)

    def _backfill(self) -> bool:
        """Spooled events to the server, oldest first. True when the spool is empty. Needs
        ``_write_lock``."""
        from hmi.store.spool import server_mark

        sp = self._spool
        did = False
        while len(sp):
            try:
                if not self._mark_checked:
                    with self.engine.connect() as c:
                        gone = sp.delete_through(server_mark(c, sp.token))
                    self._mark_checked = True
                    if gone:
                        with self._cv:
                            self._written += gone
                            self._cv.notify_all()
                    continue
                self._backfilling = True
                rows = sp.head(self.spool_batch)
                self._commit([json.loads(r[1]) for r in rows], rows[-1][0])
            except Exception as exc:
                self._backfilling = False
                self._failed(exc, len(sp))
                return False
            sp.delete_through(rows[-1][0])
            did = True
            self.last_error = None
            if not len(sp):
                self._backfilling = False
            with self._cv:
                self._written += len(rows)
                self._cv.notify_all()
        if did:
            log.warning("alarm journal: spool back-filled, writing directly again")
        self._backfilling = False
        self.last_error = None
        return True

    def _write_pending(self) -> bool:
        """Write everything queued now (after what is spooled). True when all was written."""
        with self._write_lock:
            if self._spool is not None and len(self._spool) and not self._backfill():
                self._spill()
                return False
            with self._cv:
                batch = list(self._q)
                self._q.clear()
            if not batch:
                return True
            try:
                self._commit([_row(e) for _s, e in batch], batch[-1][0] if self._spool is not None else None)
            except Exception as exc:  # database down / locked: keep the events, retry later
                with self._cv:
                    self._q.extendleft(reversed(batch))
                    while len(self._q) > self._max_queue:
                        self._q.popleft()
                        self._dropped += 1
                        self._written += 1
                self._failed(exc, len(batch))
                if self._spool is not None:
                    self._spill()
                return False
            self.last_error = None
            with self._cv:
                self._written += len(batch)
                self._cv.notify_all()
            return True

    def _run(self) -> None:
        backoff = 0.0
        retry_at = 0.0
        while True:
            with self._cv:
                if self._stop:
                    break
                self._cv.wait(self.flush_interval_s)
                stopping = self._stop
            if stopping or time.monotonic() >= retry_at:
                if self._write_pending():
                    backoff = 0.0
                else:
                    backoff = min(max(self.flush_interval_s, backoff * 2.0), self.max_backoff_s)
                    retry_at = time.monotonic() + backoff
            elif self._spool is not None:  # server away: new events reach the disk meanwhile
                with self._write_lock:
                    self._spill()
            if stopping:
                break

    def start(self) -> "AlarmJournal":
        if self._thread is None or not self._thread.is_alive():
            self._stop = False
            self._thread = threading.Thread(target=self._run, name="alarm-journal", daemon=True)
            self._thread.start()
        return self

    def stop(self, flush: bool = True, timeout: float = 10.0) -> None:
        with self._cv:
            self._stop = True
            self._cv.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if flush:
            self._write_pending()
        if self._spool is not None:
            with self._write_lock:
                self._spill()
            self._spool.record_next_seq(self._seq_base + self._recorded)
            if len(self._spool):
                log.error("alarm journal stopped with %d events not on the server: kept in the spool %s, "
                          "back-filled when a journal of this database runs again", len(self._spool),
                          self._spool.path)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every event recorded before this call is written. True when done in time."""
        with self._cv:
            target = self._recorded
        if self._thread is None or not self._thread.is_alive():
            self._write_pending()  # one attempt in the caller's thread
            return self._written >= target
        deadline = time.monotonic() + timeout
        with self._cv:
            self._cv.notify_all()
            while self._written < target:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cv.wait(min(left, 0.05))
                self._cv.notify_all()
        return True

    def stats(self) -> dict:
        """``queued`` (in memory), ``recorded``, ``written``, ``dropped``, ``failures``,
        ``last_error``; ``state`` (``connected``; ``buffering``: the database is away, events wait
        (in the spool with a server); ``backfilling``), ``spooled`` (events in the local spool),
        ``spool`` (its path, None without one)."""
        sp = self._spool
        spooled = len(sp) if sp is not None else 0
        with self._cv:
            if self._backfilling and spooled:
                state = "backfilling"
            elif spooled or self.last_error is not None:
                state = "buffering"
            else:
                state = "connected"
            return {"queued": len(self._q), "recorded": self._recorded, "written": self._written - self._dropped,
                    "dropped": self._dropped + (sp.dropped if sp is not None else 0), "failures": self._failures,
                    "last_error": self.last_error, "state": state, "spooled": spooled,
                    "spool": str(sp.path) if sp is not None else None}

    # ------------------------------------------------------------------ reading
    def query(self, t0: float | None = None, t1: float | None = None, *, equipment=None, priority=None,
              text: str | None = None, alarm_id: str | None = None, event=None, limit: int | None = 10_000,
              newest_first: bool = True) -> list[dict]:
        """Journal rows (dicts, newest first by default); see :func:`query_events` for the filters."""
        return query_events(self.engine, t0, t1, equipment=equipment, priority=priority, text=text,
                            alarm_id=alarm_id, event=event, limit=limit, newest_first=newest_first)

    def export_csv(self, path: str | Path, t0: float | None = None, t1: float | None = None, **filters) -> int:
        """Write the matching rows (oldest first, no limit unless given) as CSV; returns the row count."""
        filters.setdefault("limit", None)
        filters.setdefault("newest_first", False)
        rows = self.query(t0, t1, **filters)
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(JOURNAL_FIELDS))
            w.writeheader()
            for r in rows:
                w.writerow({k: ("" if r[k] is None else r[k]) for k in JOURNAL_FIELDS})
        return len(rows)


def journal_json(db_url: str, t0: float | None = None, t1: float | None = None, **filters) -> list[dict]:
    """Journal rows between ``t0`` and ``t1`` (seconds since epoch, None = open), oldest first, as
    JSON-ready dicts: for ``lineside alarms journal --db URL --json``.  Raises StoreError."""
    from hmi.store.db import open_database

    engine = open_database(db_url)
    try:
        filters.setdefault("limit", None)
        filters.setdefault("newest_first", False)
        return query_events(engine, t0, t1, **filters)
    finally:
        engine.dispose()


def cli_alarms_journal(db_url: str, t0: float | None = None, t1: float | None = None) -> list[dict]:
    """CLI entry point for ``lineside alarms journal --db URL --json`` (same as :func:`journal_json`)."""
    return journal_json(db_url, t0, t1)
