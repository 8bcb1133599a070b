"""Historian writing: samples from the acquisition thread into ``samples``, buffered, in order, exactly
once. Qt-free.

    writer = HistorianWriter(engine, plant.historian); writer.start()
    acquisition.subscribe(writer.sink)            # never blocks the acquisition thread
    ...
    writer.stop()                                 # flushes what is buffered

:class:`HistorianWriter` is a :class:`~hmi.store.forward.StoreAndForward` (bounded buffer, batches,
retry with backoff, the local spool and exactly-once back-fill for database servers) whose rows are
samples; on its thread it also runs the upkeep of :mod:`hmi.store.rollup` while writes succeed.
Reading is :mod:`hmi.store.historian`; :mod:`hmi.store.writer_process` runs this writer in a child
process.
"""
from __future__ import annotations

import logging
import math
import time
from itertools import chain, repeat
from operator import itemgetter

import numpy as np
import sqlalchemy as sa

from hmi.config import HistorianConfig
from hmi.equipment.model import Quality, Sample
from hmi.store.forward import StoreAndForward
from hmi.store.rollup import Rollups, minute_floor
from hmi.store.schema import ROLLUP_WATERMARK, historian_state, samples, tags
from hmi.store.spool import open_writer_spool, set_server_mark

log = logging.getLogger(__name__)

__all__ = ["HistorianWriter", "insert_sample_rows", "SPOOL_COLUMNS", "spool_row", "spool_sample", "odd_value"]

_QUALITY_INT = {int(q): int(q) for q in Quality}  # Quality members hash like their ints
_SAMPLE_COLS = ("tag_id", "ts", "value", "value_text", "quality", "error")


class FlatRows:
    """``samples`` rows already sorted by tag, their columns one after another in one list (``flat``: row i is
    ``flat[6 * i:6 * i + 6]``), as the writer process's column-wise chunks give them: SQLite's multi-row INSERTs
    take slices of it with no tuple per row.  ``min_ms``: the oldest row's time."""

    __slots__ = ("flat", "n", "min_ms")

    def __init__(self, flat: list, n: int, min_ms: int):
        self.flat, self.n, self.min_ms = flat, n, min_ms

    def __len__(self) -> int:
        return self.n

    def rows(self) -> list[tuple]:
        it = iter(self.flat)
        return list(zip(*([it] * len(_SAMPLE_COLS))))
#: SQLite: rows per multi-row INSERT statement (largest first; every size is one cached statement).
#: sqlite3 releases the GIL around every sqlite3_step(), i.e. once per statement execution: with
#: a plain executemany (one step per row) a busy acquisition thread makes the writer wait for the
#: GIL after every row (the "convoy effect": 3,000 rows/s instead of 150,000).
_MULTI_ROWS = (1000, 100, 10, 1)
_MULTI_ROWS_OLD = (160, 10, 1)  # SQLite < 3.32: at most 999 host parameters per statement
_tag_of = itemgetter(0)


def odd_value(v):
    """``(value, text, kind)`` of a value that is not a plain float/int/bool/str (numpy scalars, ...)."""
    if isinstance(v, (bool, np.bool_)):
        return (1.0 if v else 0.0), None, "bool"
    if isinstance(v, (int, np.integer)):
        return int(v), None, "int"
    try:
        return float(v), None, "float"
    except (TypeError, ValueError):
        return None, str(v), "str"


# ---------------------------------------------------------------------------- inserting
#: COPY text format escapes; NUL characters (which PostgreSQL text cannot hold) are left out
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": None})
_COPY_SQL = f"COPY samples ({', '.join(_SAMPLE_COLS)}) FROM STDIN"


def _copy_field(v) -> str:
    if v is None:
        return "\\N"
    t = type(v)
    if t is float:
        if v != v:
            return "NaN"
        return repr(v) if abs(v) != math.inf else ("Infinity" if v > 0 else "-Infinity")
    if t is str:
        return v.translate(_COPY_ESCAPES)
    return str(v)


def _copy_rows(conn: sa.Connection, rows: list[tuple]) -> None:
    """PostgreSQL (psycopg2): the rows through ``COPY samples FROM STDIN`` (text format), several
    times faster than multi-row INSERTs."""
    import io

    f = _copy_field
    text = "".join(f"{a}\t{b}\t{f(c)}\t{f(d)}\t{e}\t{f(g)}\n" for a, b, c, d, e, g in rows)
    cur = conn.connection.cursor()
    try:
        cur.copy_expert(_COPY_SQL, io.StringIO(text))
    finally:
        cur.close()


def insert_sample_rows(conn: sa.Connection, rows: list[tuple], multi: list[tuple[int, str]] | None = None,
                       insert_sql: str | None = None) -> None:
    """Insert ``samples`` rows ``(tag_id, ts_ms, value, value_text, quality, error)`` the fastest
    way the backend offers: PostgreSQL with psycopg2: COPY; SQLite: multi-row INSERTs (``multi``:
    ``(rows per statement, SQL)``, largest first, see :class:`HistorianWriter`), rows grouped by
    tag (stable: a tag's rows keep their order), which makes the (tag_id, ts) index updates local
    and keeps statement executions (GIL releases) few; else one executemany."""
    if not rows:
        return
    if isinstance(rows, FlatRows):
        if not multi or conn.dialect.name == "postgresql":
            rows = rows.rows()
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg2":
        _copy_rows(conn, rows)
    elif multi:
        if isinstance(rows, FlatRows):  # sorted by tag already
            flat = tuple(rows.flat)  # statements' parameters are tuples (one C pass)
        else:
            rows.sort(key=_tag_of)
            flat = tuple(chain.from_iterable(rows))
        ncol = len(_SAMPLE_COLS)
        n, i = len(rows), 0
        for per, sql in multi:
            k = (n - i) // per
            if k:
                w = per * ncol
                base = i * ncol
                conn.exec_driver_sql(sql, [flat[base + j * w:base + (j + 1) * w] for j in range(k)])
                i += k * per
    elif insert_sql is not None:
        conn.exec_driver_sql(insert_sql, rows)
    else:
        conn.execute(sa.insert(samples), [dict(zip(_SAMPLE_COLS, r)) for r in rows])


# ---------------------------------------------------------------------------- spool rows
#: Columns of the historian's local spool (:mod:`hmi.store.spool`): the sample as submitted, with
#: ``kind`` (f/i/b/s, NULL for no value) so that a value comes back with its type (and NaN, which
#: SQLite stores as NULL, as NaN).
SPOOL_COLUMNS = ("key", "ts", "kind", "value", "quality", "error")
_KIND_OF = {float: "f", int: "i", bool: "b", str: "s"}


def spool_row(seq: int, smp) -> tuple:
    """``(seq, key, ts, kind, value, quality, error)`` of a sample (malformed ones stored as given:
    they are skipped and counted when back-filled, as they would have been when written)."""
    try:
        tag, ts, v, q, err = smp
    except (TypeError, ValueError):
        return (seq, None, None, None, None, None, repr(smp))
    kind = _KIND_OF.get(type(v))
    if kind is None and v is not None:
        val, txt, k = odd_value(v)
        v, kind = (txt, "s") if k == "str" else (val, {"int": "i", "bool": "b"}.get(k, "f"))
    if kind == "b":
        v = 1 if v else 0
    try:
        q = int(q)
    except (TypeError, ValueError):
        q = None
    return (seq, tag, ts, kind, v, q, err)


def spool_sample(row: tuple):
    _seq, key, ts, kind, v, q, err = row
    if key is None or q is None:
        return None  # malformed when submitted
    if kind == "f":
        v = float("nan") if v is None else float(v)
    elif kind == "i":
        v = int(v)
    elif kind == "b":
        v = bool(v)
    elif kind == "s":
        v = str(v)
    else:
        v = None
    return Sample(key, ts, v, Quality(q) if q in _QUALITY_INT else q, err)


# ---------------------------------------------------------------------------- the writer
class HistorianWriter(StoreAndForward):
    """Buffers samples from the acquisition thread and writes them on its own thread.

    * :meth:`sink` never blocks: it appends to a bounded buffer (``cfg.buffer_max_rows``); when
      full the OLDEST rows are dropped and counted (``stats()["rows_dropped"]``).
    * The writer thread flushes every ``cfg.flush_interval_s``, or as soon as ``cfg.batch_max_rows``
      are waiting; each transaction writes up to ``batch_max_rows`` rows.  On a database error the
      rows are retried with exponential backoff (0.25 s .. 30 s); the error is logged once per
      distinct message and shown in ``stats()["last_error"]`` until a write succeeds.
    * The same thread rolls up completed minutes every ``rollup_interval_s`` and applies retention
      about once an hour (first run one minute after start).
    * Store and forward (database servers): see :mod:`hmi.store.forward`.  ``spool=None`` (default):
      a spool in :func:`~hmi.store.spool.default_spool_dir` for server URLs, none for SQLite;
      ``False``: none; a path or a :class:`~hmi.store.spool.Spool`: that one.
    """

    rollup_interval_s: float = 10.0
    #: how often, and for how long at most, samples past ``compress_after_days`` are packed (the rest next time)
    compact_interval_s: float = 60.0
    compact_budget_s: float = 2.0
    retention_interval_s: float = 3600.0
    first_retention_delay_s: float = 60.0

    def __init__(self, engine: sa.Engine, cfg: HistorianConfig | None = None, *, spool=None):
        self.cfg = cfg or HistorianConfig()
        super().__init__("historian", engine, batch_max_rows=self.cfg.batch_max_rows,
                         buffer_max_rows=self.cfg.buffer_max_rows, flush_interval_s=self.cfg.flush_interval_s,
                         spool=open_writer_spool("historian", engine, spool, SPOOL_COLUMNS))
        self.upkeep = Rollups(engine, self.cfg)
        self._next_rollup = self._next_retention = self._next_compact = 0.0
        self._ids: dict[str, list] = {}  # key -> [id, value_type]
        self._insert = sa.insert(samples)
        comp = self._insert.compile(dialect=engine.dialect, column_keys=list(_SAMPLE_COLS))
        positional = bool(comp.positional) and tuple(comp.positiontup or ()) == _SAMPLE_COLS
        self._insert_sql = str(comp) if positional else None
        # SQLite: one multi-row INSERT per up to 1,000 rows (see _MULTI_ROWS)
        self._multi: list[tuple[int, str]] = []
        if self._insert_sql is not None and engine.dialect.name == "sqlite":
            import sqlite3

            head, sep, _ = self._insert_sql.partition(" VALUES ")
            if sep:
                sizes = _MULTI_ROWS if sqlite3.sqlite_version_info >= (3, 32) else _MULTI_ROWS_OLD
                one = "(" + ", ".join("?" * len(_SAMPLE_COLS)) + ")"
                self._multi = [(k, f"{head} VALUES {', '.join([one] * k)}") for k in sizes]

    # ------------------------------------------------------------------------- public API
    def sink(self, batch: list[Sample]) -> None:
        """Queue samples for writing (acquisition thread; O(1), never waits for the database)."""
        if batch:
            self.append(list(batch))

    def stats(self) -> dict:
        """``rows_written``, ``rows_dropped``, ``buffered`` (waiting + being written + spooled), ``flushes``
        (committed transactions), ``last_flush_ms`` (duration of the last one), ``last_error`` (message of
        the current write error, None once a write succeeds), ``errors`` (failed writes), ``running``;
        ``state`` (``connected``, ``buffering``: the server is unreachable and rows go to the local
        spool, ``backfilling``: the spool is being written), ``spooled`` (rows in the local spool),
        ``spool`` (its path, None without one)."""
        st = self.stats_core()
        return {"state": st["state"], "spooled": st["spooled"], "spool": st["spool"],
                "rows_written": st["written"], "rows_dropped": st["dropped"], "buffered": st["buffered"],
                "flushes": st["flushes"], "last_flush_ms": st["last_flush_ms"], "last_error": st["last_error"],
                "errors": st["errors"], "running": st["running"]}

    # ------------------------------------------------------------------------- StoreAndForward
    def on_started(self) -> None:
        self._load_tags()
        now = time.monotonic()
        self._next_rollup = now + self.rollup_interval_s
        self._next_compact = now + self.first_retention_delay_s
        self._next_retention = now + self.first_retention_delay_s

    def to_spool(self, seq: int, item) -> tuple:
        return spool_row(seq, item)

    def from_spool(self, row: tuple):
        return spool_sample(row)

    def commit(self, chunks: list, mark: int | None) -> tuple[int, int]:
        """One transaction: sample rows, the rollup watermark moved back for old rows, tag type changes
        and (with a spool) the stream's row mark ``mark``."""
        rows, kinds, bad = self._convert(chunks, chunked=True)
        with self.engine.begin() as conn:
            if rows:
                insert_sample_rows(conn, rows, self._multi, self._insert_sql)
                oldest = minute_floor(rows.min_ms if isinstance(rows, FlatRows) else min(map(itemgetter(1), rows)))
                st = historian_state.c
                conn.execute(sa.update(historian_state)
                             .where(st.name == ROLLUP_WATERMARK, st.value > oldest).values(value=oldest))
            for ent, kind in kinds.values():
                conn.execute(sa.update(tags).where(tags.c.id == ent[0]).values(value_type=kind))
            if mark is not None:
                set_server_mark(conn, self.spool.token, mark)
        for ent, kind in kinds.values():
            ent[1] = kind
        return len(rows), bad

    def maintain(self, now: float) -> float:
        """Rollups every ``rollup_interval_s``, packing every ``compact_interval_s`` and retention every
        ``retention_interval_s`` (writer thread)."""
        if now >= self._next_rollup:
            self._next_rollup = now + self.rollup_interval_s
            try:
                self.upkeep.rollup(time.time() - max(5.0, 2.0 * self.cfg.flush_interval_s))
            except Exception as exc:
                log.warning("historian rollup failed (retrying later): %s", exc)
        if now >= self._next_compact:
            self._next_compact = now + self.compact_interval_s
            try:
                packed = self.upkeep.compact(time.time(), budget_s=self.compact_budget_s)
                if packed:
                    log.info("historian packed %d samples older than %g days", packed, self.cfg.compress_after_days)
            except Exception as exc:
                log.warning("historian packing failed (retrying later): %s", exc)
        if now >= self._next_retention:
            self._next_retention = now + self.retention_interval_s
            try:
                res = self.upkeep.apply_retention(time.time())
                if res["raw"] or res["rollup"]:
                    log.info("historian retention deleted %d raw rows, %d rollups", res["raw"], res["rollup"])
            except Exception as exc:
                log.warning("historian retention failed (retrying in a minute): %s", exc)
                self._next_retention = now + 60.0
        return min(self._next_rollup, self._next_compact, self._next_retention)

    # ---------------------------------------------------------------------------- converting
    def _load_tags(self) -> None:
        try:
            with self.engine.connect() as conn:
                for key, i, vt in conn.execute(sa.select(tags.c.key, tags.c.id, tags.c.value_type)):
                    self._ids.setdefault(key, [i, vt])
        except sa.exc.SQLAlchemyError as exc:  # the writer retries later
            log.warning("historian: cannot load tags yet: %s", exc)

    def _resolve(self, key: str) -> list:
        sel = sa.select(tags.c.id, tags.c.value_type).where(tags.c.key == key)
        try:
            with self.engine.begin() as conn:
                row = conn.execute(sel).first()
                if row is None:
                    row = (conn.execute(sa.insert(tags).values(key=key)).inserted_primary_key[0], None)
        except sa.exc.IntegrityError:  # inserted meanwhile by another process
            with self.engine.connect() as conn:
                row = conn.execute(sel).one()
        ent = [row[0], row[1]]
        self._ids[key] = ent
        return ent

    def _resolve_many(self, keys: set) -> None:
        """Tag ids of many new keys in one transaction (a new plant's first batch)."""
        keys = sorted(k for k in keys if isinstance(k, str))
        if not keys:
            return
        sel = sa.select(tags.c.key, tags.c.id, tags.c.value_type)
        try:
            with self.engine.begin() as conn:
                known = {}
                for i in range(0, len(keys), 500):
                    known.update({k: [i_, vt] for k, i_, vt in conn.execute(sel.where(tags.c.key.in_(keys[i:i + 500])))})
                new = [{"key": k} for k in keys if k not in known]
                if new:
                    conn.execute(sa.insert(tags), new)
                    for i in range(0, len(new), 500):
                        part = [d["key"] for d in new[i:i + 500]]
                        known.update({k: [i_, vt] for k, i_, vt in conn.execute(sel.where(tags.c.key.in_(part)))})
        except sa.exc.SQLAlchemyError as exc:  # e.g. inserted meanwhile by another process
            log.debug("historian: resolving %d new tags at once failed (one by one instead): %s", len(keys), exc)
            return
        for k, ent in known.items():
            self._ids.setdefault(k, ent)

    def tag_entries(self, keys: list[str]) -> list[list]:
        """``[tag id, value type]`` of each key (new keys get a row in ``tags``); the entries are the
        writer's cache: a column-wise chunk (:class:`~hmi.store.writer_process.ColumnChunk`) reads ids
        and records type changes through them."""
        ids = self._ids
        missing = {k for k in keys if k not in ids}
        if len(missing) > 1:
            self._resolve_many(missing)
        return [ids.get(k) or self._resolve(k) for k in keys]

    def _convert_chunk(self, chunk: list[Sample]) -> list[tuple] | None:
        """Fast path of :meth:`_convert` for one read of a block: float samples of known float tags with
        integer qualities and one timestamp (what the poller sends for a block of analog tags): row
        tuples built column-wise in C, or None when the chunk needs the general path (which is faster
        for rows of many timestamps, e.g. a back-fill from the spool)."""
        try:
            if chunk[0][1] != chunk[-1][1]:  # cheap first look: rows of several reads
                return None
            keys, tss, vals, qs, errs = zip(*chunk)
        except (TypeError, ValueError, IndexError):
            return None
        t0 = tss[0]
        if type(t0) is not float or tss.count(t0) != len(tss):
            return None
        types = set(map(type, vals))
        if types != {float} or None in (ents := list(map(self._ids.get, keys))):
            return None
        if list(map(itemgetter(1), ents)).count("float") != len(ents):
            return None  # a type change to record
        try:
            q = list(map(_QUALITY_INT.__getitem__, qs))
        except (KeyError, TypeError):
            return None
        try:
            ms = int(t0 * 1000.0 + 0.5)
        except (ValueError, OverflowError):
            return None
        return list(zip(map(itemgetter(0), ents), repeat(ms), vals, repeat(None), q, errs))

    def _convert(self, batch: list[Sample] | list[list[Sample]], chunked: bool = False):
        """Samples -> row tuples; also the tag type changes to record. Bad samples are skipped.
        ``chunked``: ``batch`` is a list of sample lists (converted column-wise when possible)."""
        if chunked:
            if batch and all(type(c) is not list for c in batch):  # column-wise chunks only (writer process)
                res = type(batch[0]).flat_rows(batch, self.tag_entries)
                if res is not None:
                    return res[0], res[1], 0
            out: list[tuple] = []
            slow: list[Sample] = []
            col_kinds: dict = {}
            for chunk in batch:
                if type(chunk) is not list:  # a column-wise chunk (writer process)
                    res = type(chunk).flat_rows([chunk], self.tag_entries)
                    if res is not None:
                        out.extend(res[0].rows())
                        col_kinds.update(res[1])
                        continue
                    chunk = chunk.as_samples()
                rows = self._convert_chunk(chunk) if len(chunk) > 1 else None
                if rows is None:
                    slow.extend(chunk)
                else:
                    out.extend(rows)
            if not slow:
                return out, col_kinds, 0
            rows, kinds, bad = self._convert(slow)
            out.extend(rows)
            col_kinds.update(kinds)
            return out, col_kinds, bad
        ids = self._ids
        try:
            missing = {smp[0] for smp in batch if smp[0] not in ids}
        except Exception:  # noqa: BLE001 - malformed samples: found and skipped below
            missing = set()
        if len(missing) > 1:
            self._resolve_many(missing)
        qmap = _QUALITY_INT
        out: list[tuple] = []
        append = out.append
        kinds: dict[str, tuple[list, str]] = {}
        bad = 0
        for smp in batch:
            try:
                tag, ts, v, q, err = smp
                ent = ids.get(tag)
                if ent is None:
                    ent = self._resolve(tag)
                tv = type(v)
                if tv is float:
                    val, txt, kind = v, None, "float"
                elif v is None:
                    val = txt = kind = None
                elif tv is bool:
                    val, txt, kind = (1.0 if v else 0.0), None, "bool"
                elif tv is int:
                    val, txt, kind = v, None, "int"
                elif tv is str:
                    val, txt, kind = None, v, "str"
                else:
                    val, txt, kind = odd_value(v)
                if kind is not None and kind != ent[1]:
                    kinds[tag] = (ent, kind)
                append((ent[0], int(ts * 1000.0 + 0.5), val, txt, qmap[q], err))
            except sa.exc.SQLAlchemyError:
                raise
            except Exception as exc:  # malformed sample: skip it, never block the queue
                bad += 1
                if bad == 1:
                    log.error("historian: skipping malformed sample %r: %s", smp, exc)
        return out, kinds, bad
