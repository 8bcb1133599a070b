"""Historian: buffered writer of samples, reader for trends/latest values/CSV export. Qt-free.

    engine = open_database(sqlite_url(path))
    writer = HistorianWriter(engine, plant.historian); writer.start()
    acquisition.subscribe(writer.sink)            # never blocks the acquisition thread
    ...
    hist = Historian(engine)
    series = hist.query(["press1.force"], t0, t1, max_points=2000)["press1.force"]
    writer.stop()                                 # flushes what is buffered

Storage (see :mod:`hmi.store.schema`): one row per sample in ``samples`` with timestamps as
**integer milliseconds since the epoch (UTC)**; the API speaks float seconds like
:class:`~hmi.equipment.model.Sample`.  Numbers and bools go to ``value`` (bools as 1.0/0.0),
strings to ``value_text``; ``tags.value_type`` remembers the Python type so values are read back
as the type written.  ``rollup_1m`` keeps min/max/mean/count of GOOD numeric values per tag and
minute (plus the worst quality seen), for completed minutes, maintained incrementally.

Threads: :class:`HistorianWriter` owns one writer thread; :class:`Historian` methods open their
own connection per call and may be used from any thread (not the GUI thread: they do I/O).

Database servers (PostgreSQL, shared by several stations): while the server is unreachable the
writer keeps rows in a local durable spool and back-fills them in order, each exactly once, when it
answers again (see :class:`HistorianWriter` and :mod:`hmi.store.spool`).

Processes: ``ProcessHistorianWriter(db_url, cfg)`` (:mod:`hmi.store.writer_process`, also importable
from here) has the same methods and runs a :class:`HistorianWriter` in a child process, so the
database work never holds the acquisition process's GIL (the runtime's default for SQLite files).
"""
from __future__ import annotations

import csv
import heapq
import logging
import math
import threading
import time
from collections import deque
from itertools import chain, repeat
from operator import itemgetter
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import numpy as np
import sqlalchemy as sa

from hmi.config import HistorianConfig
from hmi.equipment.model import Quality, Sample
from hmi.store.schema import ROLLUP_WATERMARK, historian_state, rollup_1m, samples, tags
from hmi.store.spool import Spool, SpoolError, open_writer_spool, server_mark, set_server_mark

log = logging.getLogger(__name__)

MINUTE_MS = 60_000
DAY_S = 86_400.0
_QUALITY_INT = {int(q): int(q) for q in Quality}  # Quality members hash like their ints
_QUALITY_NAME = {int(q): q.name for q in Quality}
_SAMPLE_COLS = ("tag_id", "ts", "value", "value_text", "quality", "error")
#: SQLite: rows per multi-row INSERT statement (largest first; every size is one cached statement).
#: sqlite3 releases the GIL around every sqlite3_step(), i.e. once per statement execution: with
#: a plain executemany (one step per row) a busy acquisition thread makes the writer wait for the
#: GIL after every row (the "convoy effect": 3,000 rows/s instead of 150,000).
_MULTI_ROWS = (1000, 100, 10, 1)
_MULTI_ROWS_OLD = (160, 10, 1)  # SQLite < 3.32: at most 999 host parameters per statement
_tag_of = itemgetter(0)


def _ms(t: float) -> int:
    return int(math.floor(t * 1000.0 + 0.5))


def _minute_floor(ms: int) -> int:
    return ms // MINUTE_MS * MINUTE_MS


def _lit(n: int) -> sa.ColumnElement:
    """An integer rendered inline (identical text in SELECT and GROUP BY on every backend)."""
    return sa.literal_column(str(int(n)), sa.BigInteger)


class Series(NamedTuple):
    """Trend data of one tag, ready to plot.

    ts       float64 seconds since the epoch (UTC); for aggregated points the time of the first
             sample (or minute) in the bucket.
    value    float64 (NaN where no value); for aggregated points the mean of GOOD values.
             Object array of str for string tags.
    vmin     bucket minimum (== value for raw points).
    vmax     bucket maximum (== value for raw points).
    quality  int8 :class:`Quality`; for aggregated points the worst (highest) quality in the bucket.
    source   ``"raw"`` (every stored point), ``"decimated"`` (min/max buckets computed from raw
             rows in SQL) or ``"rollup"`` (buckets computed from per-minute rollups).
    """

    ts: np.ndarray
    value: np.ndarray
    vmin: np.ndarray
    vmax: np.ndarray
    quality: np.ndarray
    source: str


def _empty_series(source: str = "raw", text: bool = False) -> Series:
    v = np.empty(0, dtype=object if text else np.float64)
    return Series(np.empty(0), v, v, v, np.empty(0, dtype=np.int8), source)


def _typed(value, text, vtype):
    if text is not None:
        return text
    if value is None:
        return None
    if vtype == "bool":
        return bool(value)
    if vtype == "int":
        return int(value)
    return float(value)


def _iso(ms: int) -> str:
    sec, milli = divmod(int(ms), 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)) + f".{milli:03d}Z"


# ====================================================================================== reader
class Historian:
    """Reads (and maintains: rollups, retention) the historian tables.

    Safe from any thread except the GUI thread (every call does database I/O on its own
    connection).  ``cfg`` only provides the retention defaults of :meth:`apply_retention`.
    """

    #: spans longer than this are drawn from the per-minute rollups (when a raw view is too big)
    rollup_after_s: float = 6 * 3600.0

    def __init__(self, engine: sa.Engine, cfg: HistorianConfig | None = None):
        self.engine = engine
        self.cfg = cfg or HistorianConfig()

    # ------------------------------------------------------------------------------ lookups
    def tags(self) -> list[str]:
        """Keys of every tag ever written, sorted."""
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(tags.c.key).order_by(tags.c.key)).scalars())

    @staticmethod
    def _lookup(conn: sa.Connection, keys: Iterable[str] | None) -> dict[str, tuple[int, str | None]]:
        q = sa.select(tags.c.key, tags.c.id, tags.c.value_type)
        if keys is not None:
            keys = [keys] if isinstance(keys, str) else list(keys)
            if not keys:
                return {}
            q = q.where(tags.c.key.in_(keys))
        return {k: (i, vt) for k, i, vt in conn.execute(q)}

    # ---------------------------------------------------------------------------------- raw
    def raw(self, tag: str, t0: float, t1: float) -> Series:
        """Every stored point of ``tag`` with ``t0 <= ts <= t1`` (seconds), in time order."""
        with self.engine.connect() as conn:
            info = self._lookup(conn, [tag]).get(tag)
            if info is None:
                return _empty_series()
            rows = conn.execute(self._raw_select(info[0], _ms(t0), _ms(t1))).all()
        return self._raw_series(rows, info[1])

    @staticmethod
    def _raw_select(tag_id: int, lo: int, hi: int) -> sa.Select:
        s = samples.c
        return (sa.select(s.ts, s.value, s.value_text, s.quality)
                .where(s.tag_id == tag_id, s.ts >= lo, s.ts <= hi).order_by(s.ts))

    @staticmethod
    def _raw_series(rows, vtype: str | None) -> Series:
        if not rows:
            return _empty_series(text=vtype == "str")
        ts, val, txt, q = zip(*rows)
        t = np.asarray(ts, dtype=np.float64) / 1000.0
        if vtype == "str" or any(x is not None for x in txt):
            v = np.array([x if x is not None else (None if y is None else str(y)) for x, y in zip(txt, val)],
                         dtype=object)
        else:
            v = np.array(val, dtype=np.float64)  # None -> NaN
        return Series(t, v, v, v, np.asarray(q, dtype=np.int8), "raw")

    # -------------------------------------------------------------------------------- query
    def query(self, tags: Iterable[str], t0: float, t1: float, max_points: int = 2000) -> dict[str, Series]:
        """Plot-ready data of each tag between ``t0`` and ``t1`` (seconds), at most ~``max_points``.

        Chosen automatically per tag:

        * ``raw``: the range holds <= ``max_points`` rows -> every point (vmin = vmax = value);
        * ``decimated``: more rows, span <= :attr:`rollup_after_s` -> ``max_points // 2`` time
          buckets, each with the true min and max of its GOOD values (GROUP BY in SQL, rows never
          reach Python), mean as ``value``;
        * ``rollup``: more rows, longer span -> the same buckets computed from the per-minute
          rollups (plus raw rows newer than the last rollup); bucket width is a whole number of
          minutes.  String tags are never rolled up (their buckets hold the lexical min/max).
        """
        tags = [tags] if isinstance(tags, str) else list(tags)
        lo, hi = _ms(t0), _ms(t1)
        nb = max(1, int(max_points) // 2)
        out: dict[str, Series] = {}
        with self.engine.connect() as conn:
            info = self._lookup(conn, tags)
            for tag in tags:
                if tag not in info or hi < lo:
                    out[tag] = _empty_series()
                    continue
                tag_id, vtype = info[tag]
                rows = conn.execute(self._raw_select(tag_id, lo, hi).limit(max_points + 1)).all()
                if len(rows) <= max_points:
                    out[tag] = self._raw_series(rows, vtype)
                elif vtype == "str":
                    out[tag] = self._decimate_text(conn, tag_id, lo, hi, nb)
                elif (hi - lo) > self.rollup_after_s * 1000.0:
                    out[tag] = self._from_rollup(conn, tag_id, lo, hi, nb)
                else:
                    out[tag] = self._decimate(conn, tag_id, lo, hi, -(-(hi - lo + 1) // nb), lo)
        return out

    @staticmethod
    def _bucket_rows(conn, tag_id: int, lo: int, hi: int, width: int, origin: int):
        """(bucket, first ts, min, max, sum, count of GOOD values, worst quality) from raw rows."""
        s = samples.c
        b = ((s.ts - _lit(origin)) // _lit(width)).label("b")
        good = sa.case((s.quality == 0, s.value))
        q = (sa.select(b, sa.func.min(s.ts), sa.func.min(good), sa.func.max(good), sa.func.sum(good),
                       sa.func.count(good), sa.func.max(s.quality))
             .where(s.tag_id == tag_id, s.ts >= lo, s.ts <= hi).group_by(b).order_by(b))
        return conn.execute(q).all()

    @staticmethod
    def _to_series(buckets, source: str) -> Series:
        if not buckets:
            return _empty_series(source)
        b, t, mn, mx, sm, n, q = zip(*buckets)
        n = np.asarray(n, dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = np.where(n > 0, np.asarray(sm, dtype=np.float64) / n, np.nan)
        return Series(np.asarray(t, dtype=np.float64) / 1000.0, mean, np.array(mn, dtype=np.float64),
                      np.array(mx, dtype=np.float64), np.asarray(q, dtype=np.int8), source)

    def _decimate(self, conn, tag_id: int, lo: int, hi: int, width: int, origin: int) -> Series:
        return self._to_series(self._bucket_rows(conn, tag_id, lo, hi, width, origin), "decimated")

    def _decimate_text(self, conn, tag_id: int, lo: int, hi: int, nb: int) -> Series:
        s = samples.c
        width = -(-(hi - lo + 1) // nb)
        b = ((s.ts - _lit(lo)) // _lit(width)).label("b")
        rows = conn.execute(
            sa.select(b, sa.func.min(s.ts), sa.func.min(s.value_text), sa.func.max(s.value_text),
                      sa.func.max(s.quality))
            .where(s.tag_id == tag_id, s.ts >= lo, s.ts <= hi).group_by(b).order_by(b)).all()
        if not rows:
            return _empty_series("decimated", text=True)
        _, t, mn, mx, q = zip(*rows)
        vmin = np.array(mn, dtype=object)
        return Series(np.asarray(t, dtype=np.float64) / 1000.0, vmin, vmin, np.array(mx, dtype=object),
                      np.asarray(q, dtype=np.int8), "decimated")

    def _from_rollup(self, conn, tag_id: int, lo: int, hi: int, nb: int) -> Series:
        origin = _minute_floor(lo)
        width = max(1, -(-(hi - origin + 1) // (nb * MINUTE_MS))) * MINUTE_MS
        wm = self._watermark(conn)
        merged: dict[int, list] = {}
        if wm is not None and wm > origin:
            r = rollup_1m.c
            b = ((r.ts - _lit(origin)) // _lit(width)).label("b")
            q = (sa.select(b, sa.func.min(r.ts), sa.func.min(r.vmin), sa.func.max(r.vmax),
                           sa.func.sum(r.vavg * r.n), sa.func.sum(r.n), sa.func.max(r.qmax))
                 .where(r.tag_id == tag_id, r.ts >= origin, r.ts <= hi, r.ts < wm).group_by(b).order_by(b))
            for row in conn.execute(q):
                merged[row[0]] = list(row)
        used_rollup = bool(merged)
        tail_lo = max(lo, wm) if wm is not None else lo
        if tail_lo <= hi:  # raw rows not rolled up yet (normally the last minute or so)
            for row in self._bucket_rows(conn, tag_id, tail_lo, hi, width, origin):
                cur = merged.get(row[0])
                if cur is None:
                    merged[row[0]] = list(row)
                    continue
                cur[1] = min(cur[1], row[1])
                cur[2] = row[2] if cur[2] is None else (cur[2] if row[2] is None else min(cur[2], row[2]))
                cur[3] = row[3] if cur[3] is None else (cur[3] if row[3] is None else max(cur[3], row[3]))
                cur[4] = (cur[4] or 0.0) + (row[4] or 0.0)
                cur[5] = (cur[5] or 0) + (row[5] or 0)
                cur[6] = max(cur[6], row[6])
        buckets = [merged[k] for k in sorted(merged)]
        return self._to_series(buckets, "rollup" if used_rollup else "decimated")

    # ------------------------------------------------------------------------------- latest
    def latest(self, tags: Iterable[str] | None = None) -> dict[str, Sample]:
        """Newest stored sample of each tag (all tags when None); unknown tags are left out."""
        s = samples.c
        out: dict[str, Sample] = {}
        with self.engine.connect() as conn:
            for key, (tag_id, vtype) in self._lookup(conn, tags).items():
                row = conn.execute(sa.select(s.ts, s.value, s.value_text, s.quality, s.error)
                                   .where(s.tag_id == tag_id).order_by(s.ts.desc()).limit(1)).first()
                if row is not None:
                    out[key] = Sample(key, row[0] / 1000.0, _typed(row[1], row[2], vtype), Quality(row[3]),
                                      row[4])
        return out

    # ------------------------------------------------------------------------------- export
    def export_csv(self, path: str | Path, tags: Iterable[str] | None, t0: float | None,
                   t1: float | None) -> int:
        """Write samples to a CSV file in long format; returns the number of data rows.

        Header ``timestamp,tag,value,quality``; timestamp ISO 8601 UTC with milliseconds
        (``2026-11-23T10:15:00.250Z``); quality as its name (GOOD/BAD/STALE/COMM_FAIL); bools as
        1/0; empty value when none.  Rows in time order (ties by tag).  ``tags=None``: all tags;
        ``t0``/``t1`` None: unbounded.  Rows are streamed (one cursor per tag, merged), never all
        loaded at once.
        """
        lo = _ms(t0) if t0 is not None else None
        hi = _ms(t1) if t1 is not None else None
        s = samples.c
        count = 0
        with self.engine.connect() as conn, open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["timestamp", "tag", "value", "quality"])
            if conn.dialect.name != "sqlite":
                conn = conn.execution_options(stream_results=True, yield_per=5000)
            streams = []
            for key, (tag_id, vtype) in sorted(self._lookup(conn, tags).items()):
                q = sa.select(s.ts, s.value, s.value_text, s.quality).where(s.tag_id == tag_id)
                if lo is not None:
                    q = q.where(s.ts >= lo)
                if hi is not None:
                    q = q.where(s.ts <= hi)
                streams.append(self._csv_rows(conn.execute(q.order_by(s.ts)), key, vtype))
            for ts, key, value, quality in heapq.merge(*streams):
                w.writerow((_iso(ts), key, value, quality))
                count += 1
        return count

    @staticmethod
    def _csv_rows(result, key: str, vtype: str | None) -> Iterator[tuple]:
        for ts, value, text, q in result:
            if text is not None:
                v = text
            elif value is None:
                v = ""
            elif vtype == "bool":
                v = "1" if value else "0"
            elif vtype == "int":
                v = str(int(value))
            else:
                v = repr(float(value))
            yield ts, key, v, _QUALITY_NAME.get(q, str(q))

    # ------------------------------------------------------------------------------ rollups
    @staticmethod
    def _watermark(conn, lock: bool = False) -> int | None:
        """The rollup watermark; ``lock``: row-locked until the transaction ends (PostgreSQL: the
        rollups of several stations on one database take turns; writers that move it back wait)."""
        q = sa.select(historian_state.c.value).where(historian_state.c.name == ROLLUP_WATERMARK)
        return conn.execute(q.with_for_update() if lock else q).scalar()

    @staticmethod
    def _set_watermark(conn, value: int) -> None:
        set_server_mark(conn, ROLLUP_WATERMARK, value)  # insert or update, one statement

    def rollup_watermark(self) -> float | None:
        """Seconds: every minute starting before it has an up-to-date rollup (None: never rolled up)."""
        with self.engine.connect() as conn:
            wm = self._watermark(conn)
        return None if wm is None else wm / 1000.0

    def rollup(self, until_ts: float) -> int:
        """Compute per-minute rollups of every minute that ends at or before ``until_ts`` (seconds)
        and has not been rolled up yet (incremental, from the watermark); returns rollup rows written.

        Idempotent: the minutes are deleted and recomputed in one transaction.  Rows written later
        for already rolled-up minutes (e.g. a backlog after a database outage) move the watermark
        back (see :class:`HistorianWriter`), so those minutes are recomputed next time.
        """
        hi = _minute_floor(_ms(until_ts))
        s, r = samples.c, rollup_1m.c
        with self.engine.begin() as conn:
            wm = self._watermark(conn, lock=True)
            if wm is None:
                first = conn.execute(sa.select(sa.func.min(
                    sa.select(sa.func.min(s.ts)).where(s.tag_id == tags.c.id).scalar_subquery()))
                    .select_from(tags)).scalar()
                if first is None:
                    self._set_watermark(conn, hi)
                    return 0
                lo = _minute_floor(first)
            else:
                lo = wm
            if lo >= hi:
                return 0
            ids = [{"t": i} for i in conn.execute(sa.select(tags.c.id)).scalars()]
            if ids:
                conn.execute(sa.delete(rollup_1m).where(r.tag_id == sa.bindparam("t"), r.ts >= lo, r.ts < hi),
                             ids)
            minute = (s.ts // _lit(MINUTE_MS)) * _lit(MINUTE_MS)
            good = sa.case((s.quality == 0, s.value))
            written = 0
            if ids:
                # one INSERT .. SELECT per tag (executemany): an index range scan on every backend
                src = (sa.select(s.tag_id, minute, sa.func.min(good), sa.func.max(good), sa.func.avg(good),
                                 sa.func.count(good), sa.func.max(s.quality))
                       .where(s.tag_id == sa.bindparam("t"), s.ts >= lo, s.ts < hi)
                       .group_by(s.tag_id, minute)
                       .having(sa.or_(sa.func.count(good) > 0, sa.func.max(s.quality) > 0)))
                res = conn.execute(sa.insert(rollup_1m).from_select(
                    ["tag_id", "ts", "vmin", "vmax", "vavg", "n", "qmax"], src), ids)
                written = max(res.rowcount or 0, 0)
            self._set_watermark(conn, hi)
            return written

    def rollups(self, tag: str, t0: float, t1: float) -> dict[str, np.ndarray]:
        """Stored per-minute rollups of ``tag`` with minute start in [t0, t1] (for tools and tests):
        arrays ``ts`` (s), ``vmin``, ``vmax``, ``vavg``, ``n``, ``qmax``."""
        r = rollup_1m.c
        with self.engine.connect() as conn:
            info = self._lookup(conn, [tag]).get(tag)
            rows = [] if info is None else conn.execute(
                sa.select(r.ts, r.vmin, r.vmax, r.vavg, r.n, r.qmax)
                .where(r.tag_id == info[0], r.ts >= _ms(t0), r.ts <= _ms(t1)).order_by(r.ts)).all()
        cols = list(zip(*rows)) if rows else [()] * 6
        return {"ts": np.asarray(cols[0], dtype=np.float64) / 1000.0,
                "vmin": np.array(cols[1], dtype=np.float64), "vmax": np.array(cols[2], dtype=np.float64),
                "vavg": np.array(cols[3], dtype=np.float64), "n": np.asarray(cols[4], dtype=np.int64),
                "qmax": np.asarray(cols[5], dtype=np.int8)}

    # ---------------------------------------------------------------------------- retention
    def apply_retention(self, now_ts: float, retention_days: float | None = None,
                        rollup_retention_days: float | None = None) -> dict[str, int]:
        """Delete raw rows older than ``retention_days`` and rollups older than
        ``rollup_retention_days`` before ``now_ts`` (defaults from the config).  Raw rows are rolled
        up first when needed, so no minute is lost from the long-term trend.
        Returns ``{"raw": rows deleted, "rollup": rows deleted}``."""
        days = self.cfg.retention_days if retention_days is None else retention_days
        rdays = self.cfg.rollup_retention_days if rollup_retention_days is None else rollup_retention_days
        raw_cut = _ms(now_ts - days * DAY_S)
        roll_cut = _ms(now_ts - rdays * DAY_S)
        with self.engine.connect() as conn:
            wm = self._watermark(conn)
        if wm is None or wm < _minute_floor(raw_cut):
            self.rollup(raw_cut / 1000.0)
        s, r = samples.c, rollup_1m.c
        with self.engine.begin() as conn:
            ids = [{"t": i} for i in conn.execute(sa.select(tags.c.id)).scalars()]
            if not ids:
                return {"raw": 0, "rollup": 0}
            n_raw = conn.execute(sa.delete(samples).where(s.tag_id == sa.bindparam("t"), s.ts < raw_cut),
                                 ids).rowcount
            n_roll = conn.execute(sa.delete(rollup_1m).where(r.tag_id == sa.bindparam("t"), r.ts < roll_cut),
                                  ids).rowcount
        return {"raw": max(n_raw or 0, 0), "rollup": max(n_roll or 0, 0)}


# ==================================================================================== inserting
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
    if conn.dialect.name == "postgresql" and conn.dialect.driver == "psycopg2":
        _copy_rows(conn, rows)
    elif multi:
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


# ====================================================================================== spool rows
#: Columns of the historian's local spool (:mod:`hmi.store.spool`): the sample as submitted, with
#: ``kind`` (f/i/b/s, NULL for no value) so that a value comes back with its type (and NaN, which
#: SQLite stores as NULL, as NaN).
SPOOL_COLUMNS = ("key", "ts", "kind", "value", "quality", "error")
_KIND_OF = {float: "f", int: "i", bool: "b", str: "s"}


def _spool_row(seq: int, smp) -> tuple:
    """``(seq, key, ts, kind, value, quality, error)`` of a sample (malformed ones stored as given:
    they are skipped and counted when back-filled, as they would have been when written)."""
    try:
        tag, ts, v, q, err = smp
    except (TypeError, ValueError):
        return (seq, None, None, None, None, None, repr(smp))
    kind = _KIND_OF.get(type(v))
    if kind is None and v is not None:
        val, txt, k = HistorianWriter._odd_value(v)
        v, kind = (txt, "s") if k == "str" else (val, {"int": "i", "bool": "b"}.get(k, "f"))
    if kind == "b":
        v = 1 if v else 0
    try:
        q = int(q)
    except (TypeError, ValueError):
        q = None
    return (seq, tag, ts, kind, v, q, err)


def _spool_sample(row: tuple):
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


# ====================================================================================== writer
class HistorianWriter:
    """Buffers samples from the acquisition thread and writes them on its own thread.

    * :meth:`sink` never blocks: it appends to a bounded buffer (``cfg.buffer_max_rows``); when
      full the OLDEST rows are dropped and counted (``stats()["rows_dropped"]``).
    * The writer thread flushes every ``cfg.flush_interval_s``, or as soon as
      ``cfg.batch_max_rows`` are waiting; each transaction writes up to ``batch_max_rows`` rows
      (Core executemany of plain tuples).  On a database error the rows go back to the front of
      the buffer and are retried with exponential backoff (0.25 s .. 30 s); the error is logged
      once per distinct message and shown in ``stats()["last_error"]`` until a write succeeds.
    * The same thread rolls up completed minutes every ``rollup_interval_s`` and applies
      retention about once an hour (first run one minute after start).

    Store and forward (database servers; ``spool``): when a write to the server fails, the rows
    in memory go to a local durable spool file (:mod:`hmi.store.spool`), and so does every row
    submitted while it holds rows; the writer keeps retrying with backoff and back-fills the
    spool in order when the server answers, then writes directly again.  Each transaction also
    records the stream's last row number on the server, so a commit whose acknowledgement was
    lost is not written twice: every sample arrives exactly once.  ``stats()["state"]`` is
    ``connected``, ``buffering`` (server unreachable, rows spooled) or ``backfilling``;
    ``stats()["spooled"]`` the rows in the spool.  Rows left in the spool at exit are back-filled
    by the next writer of the same database on this machine.  ``spool=None`` (default): a spool
    in :func:`~hmi.store.spool.default_spool_dir` for server URLs, none for SQLite; ``False``:
    none; a path or a :class:`~hmi.store.spool.Spool`: that one.
    """

    rollup_interval_s: float = 10.0
    retention_interval_s: float = 3600.0
    first_retention_delay_s: float = 60.0
    max_backoff_s: float = 30.0

    def __init__(self, engine: sa.Engine, cfg: HistorianConfig | None = None, *, spool=None):
        self.engine = engine
        self.cfg = cfg or HistorianConfig()
        self.historian = Historian(engine, self.cfg)
        self._spool = open_writer_spool("historian", engine, spool, SPOOL_COLUMNS)
        #: absolute row number of memory row 0 (rows keep increasing numbers across restarts)
        self._seq_base = self._spool.next_seq_base() if self._spool is not None else 0
        self._moving: list[list] = []  # chunks on their way from memory to the spool
        self._mark_checked = False  # server's row mark read since the last failed write
        self._backfilling = False
        self._cond = threading.Condition()
        self._chunks: deque[list] = deque()  # [first seq, list[Sample]], oldest first
        self._inflight: list[list] = []  # chunks being written
        self._inflight_rows = 0
        self._buffered = 0
        self._seq = 0  # rows ever submitted (dropped included)
        self._io = threading.Lock()  # one write at a time
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._stop_flush = True
        self._stop_deadline = 0.0
        self._flush_req = False
        self._ids: dict[str, list] = {}  # key -> [id, value_type]
        self._written = self._dropped = self._flushes = self._errors = 0
        self._last_flush_ms = 0.0
        self._last_error: str | None = None
        self._logged_error: str | None = None
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
        if not batch:
            return
        self._append(list(batch))

    @property
    def spool(self) -> Spool | None:
        """The local spool (server databases), None without one."""
        return self._spool

    def _append(self, rows) -> None:
        """Queue a chunk: a list of samples, or a column-wise chunk object (``len``, slicing,
        ``convert_rows(writer)``, ``as_samples()``; see :mod:`hmi.store.writer_process`)."""
        with self._cond:
            self._chunks.append([self._seq, rows])
            self._seq += len(rows)
            self._buffered += len(rows)
            if self._buffered > self.cfg.buffer_max_rows:
                self._drop_oldest(self._buffered - self.cfg.buffer_max_rows)
            full = self._buffered >= self.cfg.batch_max_rows
        if full:
            self._wake.set()

    def start(self) -> None:
        """Start the writer thread (no-op when running)."""
        if self._thread is not None and self._thread.is_alive():
            return
        with self._cond:
            self._stopping = False
        self._load_tags()
        self._thread = threading.Thread(target=self._run, name="historian-writer", daemon=True)
        self._thread.start()

    def stop(self, flush: bool = True, timeout: float = 10.0) -> bool:
        """Stop the writer thread, first writing what is buffered when ``flush``: batch after
        batch (retrying failed writes) until the buffer is empty or ``timeout`` s have passed.
        Bounded: returns after about ``timeout`` s plus at most one transaction in progress
        (``batch_max_rows`` rows).  Rows not written stay buffered (a later :meth:`flush` or
        :meth:`stop` may still write them; they are lost only when the process exits) and are
        logged.  Returns True when stopped with nothing left unwritten (or ``flush=False``)."""
        t = self._thread
        if t is None or not t.is_alive():
            ok = self.flush(timeout) if flush else True
            if self._spool is not None:
                return self._spool_at_stop(flush, timeout)
            if not ok:
                log.error("historian: %d rows not written within %.1f s (kept in memory, lost at exit)",
                          self.stats()["buffered"], timeout)
            return ok
        with self._cond:
            self._stopping = True
            self._stop_flush = flush
            self._stop_deadline = time.monotonic() + timeout
        self._wake.set()
        # the thread checks the deadline between transactions: allow one more transaction
        t.join(timeout + max(2.0, 2.0 * self._last_flush_ms / 1000.0))
        with self._cond:
            left = self._buffered + self._inflight_rows
        if t.is_alive():
            log.error("historian writer did not stop within %.1f s (%d rows not written yet; "
                      "it stops after its current transaction)", timeout, left)
            return False
        if self._spool is not None:
            return self._spool_at_stop(flush, timeout)
        if flush and left:
            log.error("historian stopped with %d rows not written within %.1f s (kept in memory, "
                      "lost at exit)", left, timeout)
        return not (flush and left)

    def _spool_at_stop(self, flush: bool, timeout: float) -> bool:
        """Stopped: what is not on the server yet goes to the spool (durable, back-filled by the
        next writer of this database on this machine); True when nothing is left to write."""
        with self._io:
            self._spill()
        self._spool.record_next_seq(self._seq_base + self._seq)
        with self._cond:
            spooled = len(self._spool)
        if flush and spooled:
            log.error("historian stopped with %d rows not written to the server within %.1f s: kept in the "
                      "spool %s, back-filled when a writer of this database runs again",
                      spooled, timeout, self._spool.path)
        return not (flush and spooled)

    def flush(self, timeout: float = 10.0) -> bool:
        """Block until every sample submitted before this call is committed (or dropped by the
        bounded buffer); returns False on timeout.  Works with or without the writer thread."""
        with self._cond:
            target = self._seq
        return self.flush_to(target, timeout)

    def submitted(self) -> int:
        """Rows ever submitted to :meth:`sink` (a target for :meth:`flush_to`)."""
        with self._cond:
            return self._seq

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

    def stats(self) -> dict:
        """``rows_written``, ``rows_dropped``, ``buffered`` (waiting + being written), ``flushes``
        (committed transactions), ``last_flush_ms`` (duration of the last one), ``last_error``
        (message of the current write error, None once a write succeeds), ``errors`` (failed
        writes), ``running``; ``state`` (``connected``, ``buffering``: the server is unreachable and
        rows go to the local spool, ``backfilling``: the spool is being written), ``spooled`` (rows
        in the local spool, part of ``buffered``), ``spool`` (its path, None without one)."""
        with self._cond:
            sp = self._spool
            spooled = len(sp) if sp is not None else 0
            if spooled == 0 and not self._moving:  # rows wait in memory while writes fail
                state = "buffering" if self._last_error is not None else "connected"
            else:
                state = "backfilling" if self._backfilling else "buffering"
            return {
                "state": state,
                "spooled": spooled,
                "spool": str(sp.path) if sp is not None else None,
                "rows_written": self._written,
                "rows_dropped": self._dropped + (sp.dropped if sp is not None else 0),
                "buffered": self._buffered + self._inflight_rows + spooled + sum(len(c[1]) for c in self._moving),
                "flushes": self._flushes,
                "last_flush_ms": self._last_flush_ms,
                "last_error": self._last_error,
                "errors": self._errors,
                "running": self._thread is not None and self._thread.is_alive(),
            }

    # --------------------------------------------------------------------------- buffer
    def _drop_oldest(self, k: int) -> None:  # with self._cond held
        dropped = 0
        while k > 0 and self._chunks:
            chunk = self._chunks[0]
            n = len(chunk[1])
            if n <= k:
                self._chunks.popleft()
                k -= n
                dropped += n
            else:
                chunk[1] = chunk[1][k:]
                chunk[0] += k
                dropped += k
                k = 0
        self._buffered -= dropped
        self._dropped += dropped
        self._cond.notify_all()

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
        if self._chunks:
            return self._chunks[0][0] >= target
        return True

    def _take(self) -> int:  # with self._cond held
        limit = max(1, self.cfg.batch_max_rows)
        n = 0
        while self._chunks and n < limit:
            chunk = self._chunks[0]
            rows = chunk[1]
            room = limit - n
            if len(rows) <= room:
                self._chunks.popleft()
                self._inflight.append(chunk)
                n += len(rows)
            else:
                self._inflight.append([chunk[0], rows[:room]])
                chunk[0] += room
                chunk[1] = rows[room:]
                n += room
        self._buffered -= n
        self._inflight_rows = n
        return n

    # ---------------------------------------------------------------------------- writing
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

    def _convert_chunk(self, chunk: list[Sample]) -> list[tuple] | None:
        """Fast path of :meth:`_convert` for a chunk of float samples of known float tags with
        integer qualities (what the poller sends for a block of analog tags): row tuples built
        column-wise in C, or None when the chunk needs the general path."""
        try:
            keys, tss, vals, qs, errs = zip(*chunk)
        except (TypeError, ValueError):
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
        t0 = tss[0]
        if type(t0) is float and tss.count(t0) == len(tss):  # one read: one timestamp
            ms = repeat(int(t0 * 1000.0 + 0.5))
        else:
            try:
                ms = [int(t * 1000.0 + 0.5) for t in tss]
            except (TypeError, ValueError, OverflowError):
                return None
        return list(zip(map(itemgetter(0), ents), ms, vals, repeat(None), q, errs))

    def _convert(self, batch: list[Sample] | list[list[Sample]], chunked: bool = False):
        """Samples -> row tuples; also the tag type changes to record. Bad samples are skipped.
        ``chunked``: ``batch`` is a list of sample lists (converted column-wise when possible)."""
        if chunked:
            out: list[tuple] = []
            slow: list[Sample] = []
            col_kinds: dict = {}
            for chunk in batch:
                if type(chunk) is not list:  # a column-wise chunk (writer process)
                    res = chunk.convert_rows(self)
                    if res is not None:
                        out.extend(res[0])
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
                    val, txt, kind = self._odd_value(v)
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

    @staticmethod
    def _odd_value(v):
        if isinstance(v, (bool, np.bool_)):
            return (1.0 if v else 0.0), None, "bool"
        if isinstance(v, (int, np.integer)):
            return int(v), None, "int"
        try:
            return float(v), None, "float"
        except (TypeError, ValueError):
            return None, str(v), "str"

    def _commit(self, rows: list[tuple], kinds: dict, mark: int | None) -> None:
        """One transaction: sample rows, the rollup watermark moved back for old rows, tag type
        changes and (with a spool) the stream's row mark ``mark``."""
        with self.engine.begin() as conn:
            if rows:
                insert_sample_rows(conn, rows, self._multi, self._insert_sql)
                oldest = _minute_floor(min(map(itemgetter(1), rows)))
                st = historian_state.c
                conn.execute(sa.update(historian_state)
                             .where(st.name == ROLLUP_WATERMARK, st.value > oldest).values(value=oldest))
            for ent, kind in kinds.values():
                conn.execute(sa.update(tags).where(tags.c.id == ent[0]).values(value_type=kind))
            if mark is not None:
                set_server_mark(conn, self._spool.token, mark)

    def _failed(self, exc: BaseException, n: int) -> None:
        msg = f"{type(exc).__name__}: {str(getattr(exc, 'orig', None) or exc).splitlines()[0]}"
        with self._cond:
            self._errors += 1
            self._last_error = msg
            self._mark_checked = False  # a commit may have arrived without its acknowledgement
        if msg != self._logged_error:
            where = f"kept in the spool {self._spool.path}" if self._spool is not None else "kept"
            log.error("historian write failed, %d rows %s for retry: %s", n, where, msg)
            self._logged_error = msg

    def _succeeded(self, n_rows: int, bad: int, kinds: dict, t: float) -> None:
        for ent, kind in kinds.values():
            ent[1] = kind
        ms = (time.perf_counter() - t) * 1000.0
        with self._cond:
            self._written += n_rows
            self._dropped += bad
            self._flushes += 1
            self._last_flush_ms = ms
            recovered = self._last_error is not None
            self._last_error = None
            self._cond.notify_all()
        if recovered:
            log.warning("historian writes resumed")
            self._logged_error = None

    def _write_batch(self) -> bool:
        """Write up to batch_max_rows buffered rows in one transaction. False on a database error
        (the rows go back to the front of the buffer, or into the spool when there is one)."""
        with self._io:
            with self._cond:
                n = self._take()
                chunks = list(self._inflight)
            if n == 0:
                return True
            t = time.perf_counter()
            mark = None
            if self._spool is not None:
                last = chunks[-1]
                mark = self._seq_base + last[0] + len(last[1]) - 1
            try:
                rows, kinds, bad = self._convert([c[1] for c in chunks], chunked=True)
                self._commit(rows, kinds, mark)
            except Exception as exc:  # database errors (and anything unexpected): keep the rows
                with self._cond:
                    self._chunks.extendleft(reversed(self._inflight))
                    self._buffered += n
                    self._inflight = []
                    self._inflight_rows = 0
                    if self._spool is None and self._buffered > self.cfg.buffer_max_rows:
                        self._drop_oldest(self._buffered - self.cfg.buffer_max_rows)
                    self._cond.notify_all()
                self._failed(exc, n)
                if self._spool is not None:
                    self._spill()
                return False
            with self._cond:
                self._inflight = []
                self._inflight_rows = 0
            self._succeeded(len(rows), bad, kinds, t)
            return True

    # ----------------------------------------------------------------------- the spool
    def _spill(self) -> int:
        """Move every row waiting in memory to the spool, in order (writer side, ``_io`` held)."""
        with self._cond:
            if not self._chunks:
                return 0
            moving = list(self._chunks)
            self._chunks.clear()
            n = self._buffered
            self._buffered = 0
            self._moving = moving
        base = self._seq_base
        try:
            self._spool.append(_spool_row(base + c[0] + i, smp) for c in moving
                               for i, smp in enumerate(c[1] if type(c[1]) is list else c[1].as_samples()))
        except SpoolError as exc:  # local disk full/unwritable: keep them in memory (bounded)
            log.error("historian: %s; %d rows kept in memory", exc, n)
            with self._cond:
                self._chunks.extendleft(reversed(moving))
                self._buffered += n
                self._moving = []
                if self._buffered > self.cfg.buffer_max_rows:
                    self._drop_oldest(self._buffered - self.cfg.buffer_max_rows)
            return 0
        with self._cond:
            self._moving = []
            self._cond.notify_all()
        return n

    def _backfill_batch(self) -> bool:
        """Write the oldest spooled rows (up to batch_max_rows) in one transaction; True when done
        or nothing is spooled, False on a database error (the rows stay spooled)."""
        sp = self._spool
        with self._io:
            if not len(sp):
                return True
            t = time.perf_counter()
            try:
                if not self._mark_checked:  # drop what an unacknowledged commit already wrote
                    with self.engine.connect() as conn:
                        done = server_mark(conn, sp.token)
                    gone = sp.delete_through(done)
                    if gone:
                        log.info("historian: %d spooled rows were already on the server", gone)
                    with self._cond:
                        self._mark_checked = True
                        self._cond.notify_all()
                    if not len(sp):
                        return True
                with self._cond:
                    self._backfilling = True
                rows = sp.head(max(1, self.cfg.batch_max_rows))
                batch = [_spool_sample(r) for r in rows]
                bad0 = batch.count(None)
                db_rows, kinds, bad = self._convert([b for b in batch if b is not None])
                self._commit(db_rows, kinds, rows[-1][0])
            except Exception as exc:
                with self._cond:
                    self._backfilling = False
                self._failed(exc, len(sp))
                return False
            sp.delete_through(rows[-1][0])
            with self._cond:
                if not len(sp):
                    self._backfilling = False
            self._succeeded(len(db_rows), bad + bad0, kinds, t)
            if not len(sp):
                log.warning("historian: spool back-filled, writing directly again")
            return True

    def _step(self) -> bool:
        """One unit of writing: with rows in the spool, its oldest rows are back-filled (newer rows
        wait in memory, or join the spool when a batch of them is waiting); otherwise one batch
        from memory.  False on a database error."""
        sp = self._spool
        if sp is not None and (len(sp) or self._moving):
            with self._cond:
                spill = self._buffered >= self.cfg.batch_max_rows
            if spill:  # newer rows queue behind the spooled ones (order kept), on disk
                with self._io:
                    self._spill()
            return self._backfill_batch()
        return self._write_batch()

    def _pending(self) -> int:  # with self._cond held
        return self._buffered + (len(self._spool) if self._spool is not None else 0)

    # ------------------------------------------------------------------------ the thread
    def _run(self) -> None:
        cfg = self.cfg
        mono = time.monotonic
        now = mono()
        next_flush = now + cfg.flush_interval_s
        next_rollup = now + self.rollup_interval_s
        next_retention = now + self.first_retention_delay_s
        retry_at = 0.0  # while a write is failing: no write attempt before this
        backoff = 0.0
        max_backoff = self.max_backoff_s
        grace = max(5.0, 2.0 * cfg.flush_interval_s)
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
            due = pending > 0 and (pending >= cfg.batch_max_rows or now >= next_flush or requested or stopping)
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
                next_flush = mono() + cfg.flush_interval_s
            elif due and self._spool is not None and len(self._spool) and now >= next_flush:
                with self._io:  # server away: what arrives goes to disk every flush interval
                    self._spill()
                next_flush = mono() + cfg.flush_interval_s
            elif now >= next_flush:
                next_flush = now + cfg.flush_interval_s
            now = mono()
            if backoff == 0.0 and not stopping:
                if now >= next_rollup:
                    next_rollup = now + self.rollup_interval_s
                    try:
                        self.historian.rollup(time.time() - grace)
                    except Exception as exc:
                        log.warning("historian rollup failed (retrying later): %s", exc)
                if now >= next_retention:
                    next_retention = now + self.retention_interval_s
                    try:
                        res = self.historian.apply_retention(time.time())
                        if res["raw"] or res["rollup"]:
                            log.info("historian retention deleted %d raw rows, %d rollups",
                                     res["raw"], res["rollup"])
                    except Exception as exc:
                        log.warning("historian retention failed (retrying in a minute): %s", exc)
                        next_retention = now + 60.0
            if backoff > 0.0:
                wake_at = retry_at  # maintenance waits while writes fail
                if self._spool is not None:  # ... but new rows reach the spool every flush interval
                    wake_at = min(wake_at, next_flush)
            else:
                wake_at = min(next_flush, next_rollup, next_retention)
            if stopping:
                wake_at = min(wake_at, deadline)
            self._wake.wait(max(0.0, wake_at - mono()))
            self._wake.clear()


def __getattr__(name: str):
    if name == "ProcessHistorianWriter":  # lazy: writer_process imports this module
        from hmi.store.writer_process import ProcessHistorianWriter

        return ProcessHistorianWriter
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
