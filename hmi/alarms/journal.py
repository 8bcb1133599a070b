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
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

import sqlalchemy as sa

from hmi.alarms.model import AlarmEvent
from hmi.store.forward import StoreAndForward
from hmi.store.schema import alarm_events, from_ms, in_window, to_ms
from hmi.store.spool import set_server_mark

__all__ = ["AlarmJournal", "journal_json", "JOURNAL_FIELDS"]

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
        "ts": to_ms(ev.ts), "alarm_id": ev.alarm_id, "tag": ev.tag,
        "equipment": ev.equipment or ev.tag.split(".", 1)[0], "kind": ev.kind, "priority": int(ev.priority),
        "event": ev.event, "state_after": str(ev.state_after), "value": num, "value_text": txt,
        "user_name": ev.user, "comment": ev.comment, "message": ev.message,
    }


#: Columns of the journal's local spool: the row (as :func:`_row` gives it) as JSON.
SPOOL_COLUMNS = ("row",)


def _iso(ts_ms: int) -> str:
    return datetime.fromtimestamp(from_ms(ts_ms), tz=timezone.utc).isoformat(timespec="milliseconds")


def _out(r) -> dict:
    m = r._mapping
    return {
        "id": m["id"], "ts": from_ms(m["ts"]), "time": _iso(m["ts"]), "alarm_id": m["alarm_id"], "tag": m["tag"],
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
    q = in_window(sa.select(t), t.c.ts, t0, t1)
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


class AlarmJournal(StoreAndForward):
    """Persists :class:`AlarmEvent` rows from a background writer thread.

    ``record(event)`` only appends to an in-memory queue (safe from any thread, never blocks on the
    database).  The writer inserts queued events every ``flush_interval_s``; when the database is
    unavailable the events stay queued (up to ``max_queue``; older ones are dropped and counted in
    :meth:`stats`) and are retried with backoff (up to ``max_backoff_s``).

    Store and forward (database servers; ``spool``, see :mod:`hmi.store.forward`): while the server is
    away the events go to a local durable spool file instead, and are back-filled in order, each exactly
    once, when it answers again (also by the next start when the program exits meanwhile).
    ``spool=None``: a default spool for server URLs, none for SQLite; ``False``: none; a path: that
    file.  :meth:`stats` tells ``state`` (connected/buffering/backfilling) and ``spooled``.
    """

    def __init__(self, engine: sa.Engine, *, flush_interval_s: float = 0.5, max_queue: int = 100_000,
                 spool=None, batch_max_rows: int = 1000):
        from hmi.store.spool import open_writer_spool

        super().__init__("alarm journal", engine, batch_max_rows=batch_max_rows, buffer_max_rows=max_queue,
                         flush_interval_s=flush_interval_s,
                         spool=open_writer_spool("journal", engine, spool, SPOOL_COLUMNS))

    # ------------------------------------------------------------------ writing
    def record(self, event: AlarmEvent) -> None:
        """Queue one event (non-blocking; usable directly as an AlarmEngine subscriber)."""
        self.append([event])

    __call__ = record

    def commit(self, chunks: list, mark: int | None) -> tuple[int, int]:
        """One transaction: the events and (with a spool) the stream's row mark on the server."""
        rows = [r if isinstance(r, dict) else _row(r) for chunk in chunks for r in chunk]
        with self.engine.begin() as c:
            if rows:
                c.execute(sa.insert(alarm_events), rows)
            if mark is not None:
                set_server_mark(c, self.spool.token, mark)
        return len(rows), 0

    def to_spool(self, seq: int, item) -> tuple:
        return (seq, json.dumps(_row(item), separators=(",", ":")))

    def from_spool(self, row: tuple):
        return json.loads(row[1])  # the row dict, inserted as it is

    def start(self) -> "AlarmJournal":
        super().start()
        return self

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every event recorded before this call is written; True when done in time.  Not
        started: one attempt in the caller's thread (False when the database refuses)."""
        if self.running():
            return super().flush(timeout)
        target = self.submitted()
        while not self.is_flushed(target):
            if not self._step():
                return False
        return True

    @property
    def last_error(self) -> str | None:
        """The current write error (None once a write succeeds)."""
        return self.stats_core()["last_error"]

    def stats(self) -> dict:
        """``queued`` (in memory), ``recorded``, ``written``, ``dropped``, ``failures``, ``last_error``;
        ``state`` (``connected``; ``buffering``: the database is away, events wait (in the spool with a
        server); ``backfilling``), ``spooled`` (events in the local spool), ``spool`` (its path)."""
        st = self.stats_core()
        return {"queued": st["queued"], "recorded": st["submitted"], "written": st["written"],
                "dropped": st["dropped"], "failures": st["errors"], "last_error": st["last_error"],
                "state": st["state"], "spooled": st["spooled"], "spool": st["spool"]}

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

