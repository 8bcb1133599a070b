"""Historian reading: trends, latest values, CSV export. Qt-free.

    hist = Historian(engine)
    series = hist.query(["press1.force"], t0, t1, max_points=2000)["press1.force"]

The historian in three rooms, none importing another's upper one:

* :mod:`hmi.store.historian`         reading (this module): raw, decimated and rollup-based queries.
* :mod:`hmi.store.historian_writer`  writing: :class:`~hmi.store.historian_writer.HistorianWriter`
  (store and forward, :mod:`hmi.store.forward`), multi-row INSERT / COPY.
* :mod:`hmi.store.rollup`            upkeep: per-minute rollups and retention.

:mod:`hmi.store.writer_process` runs the writer in a child process (the runtime's default for SQLite
files).

Storage (see :mod:`hmi.store.schema`): one row per sample in ``samples`` with timestamps as
**integer milliseconds since the epoch (UTC)**; the API speaks float seconds like
:class:`~hmi.equipment.model.Sample`.  Samples older than ``compress_after_days`` are packed per tag and hour
in ``sample_chunks`` (:mod:`hmi.store.chunks`): every method here reads both as one, exactly.  Long views read the
minute, hour or day rollups, whichever gives at most a few thousand rows.  Numbers and bools go to ``value`` (bools as 1.0/0.0),
strings to ``value_text``; ``tags.value_type`` remembers the Python type so values are read back
as the type written.

:class:`Historian` methods open their own connection per call and may be used from any thread (not
the GUI thread: they do I/O).
"""
from __future__ import annotations

import csv
import heapq
import time
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import numpy as np
import sqlalchemy as sa

from hmi.config import HistorianConfig
from hmi.equipment.model import Quality, Sample
from hmi.store.chunks import CHUNK_MS, chunk_floor, decode_chunk
from hmi.store.rollup import MINUTE_MS, TIERS, lit, minute_floor, read_mark
from hmi.store.schema import from_ms, rollup_1m, sample_chunks, samples, tags, to_ms

__all__ = ["Historian", "Series"]

_QUALITY_NAME = {int(q): q.name for q in Quality}


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


def _merge_bucket(merged: dict[int, list], row: list) -> None:
    """Fold bucket ``row`` [b, first ts, min, max, sum, count of GOOD values, worst quality] into ``merged``."""
    cur = merged.get(row[0])
    if cur is None:
        merged[row[0]] = list(row)
        return
    cur[1] = min(cur[1], row[1])
    cur[2] = row[2] if cur[2] is None else (cur[2] if row[2] is None else min(cur[2], row[2]))
    cur[3] = row[3] if cur[3] is None else (cur[3] if row[3] is None else max(cur[3], row[3]))
    cur[4] = (cur[4] or 0.0) + (row[4] or 0.0)
    cur[5] = (cur[5] or 0) + (row[5] or 0)
    cur[6] = max(cur[6], row[6])


def _iso(ms: int) -> str:
    sec, milli = divmod(int(ms), 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(sec)) + f".{milli:03d}Z"


class Historian:
    """Reads the historian tables (writing: :mod:`hmi.store.historian_writer`; rollups and retention:
    :mod:`hmi.store.rollup`).

    Safe from any thread except the GUI thread (every call does database I/O on its own connection).
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

    def count(self) -> int:
        """Samples stored (every tag, every time; raw and packed)."""
        with self.engine.connect() as conn:
            raw = conn.execute(sa.select(sa.func.count()).select_from(samples)).scalar() or 0
            packed = conn.execute(sa.select(sa.func.coalesce(sa.func.sum(sample_chunks.c.n), 0))).scalar() or 0
            return int(raw) + int(packed)

    # ------------------------------------------------------------------------------ packed tier
    @staticmethod
    def _block_query(column, tag_id: int, lo: int | None, hi: int | None):
        """``column`` of the packed blocks of a tag that may hold samples in [lo, hi] (None: unbounded), oldest
        first."""
        c = sample_chunks.c
        q = sa.select(column).where(c.tag_id == tag_id)
        if lo is not None:
            q = q.where(c.t0 >= chunk_floor(lo))
        if hi is not None:
            q = q.where(c.t0 <= hi)
        return q.order_by(c.t0)

    @classmethod
    def _blocks(cls, conn, tag_id: int, lo: int | None, hi: int | None):
        """The packed blocks of a tag that may hold samples in [lo, hi], oldest first, decoded one at a time."""
        for (data,) in conn.execute(cls._block_query(sample_chunks.c.data, tag_id, lo, hi)):
            yield decode_chunk(data)

    @staticmethod
    def _packed_count(conn, tag_id: int, lo: int, hi: int) -> int:
        c = sample_chunks.c
        return int(conn.execute(sa.select(sa.func.coalesce(sa.func.sum(c.n), 0))
                                .where(c.tag_id == tag_id, c.t0 >= chunk_floor(lo), c.t0 <= hi)).scalar() or 0)

    def _packed_rows(self, conn, tag_id: int, lo: int | None, hi: int | None) -> list[tuple]:
        """(ts, value, value_text, quality) of the packed samples in [lo, hi], in time order."""
        out = []
        for ch in self._blocks(conn, tag_id, lo, hi):
            for t, v, x, q, _e in ch.rows():
                if (lo is None or t >= lo) and (hi is None or t <= hi):
                    out.append((t, v, x, q))
        return out

    def _rows(self, conn, tag_id: int, lo: int, hi: int) -> list[tuple]:
        """Every sample of a tag in [lo, hi], raw and packed, in time order."""
        rows = conn.execute(self._raw_select(tag_id, lo, hi)).all()
        packed = self._packed_rows(conn, tag_id, lo, hi)
        if not packed:
            return rows
        return list(heapq.merge(packed, [tuple(r) for r in rows], key=lambda r: r[0]))

    def _packed_buckets(self, conn, tag_id: int, lo: int, hi: int, width: int, origin: int) -> list[list]:
        """The same buckets as :meth:`_bucket_rows`, from the packed samples in [lo, hi] (numpy)."""
        out: dict[int, list] = {}
        for ch in self._blocks(conn, tag_id, lo, hi):
            keep = (ch.ts >= lo) & (ch.ts <= hi)
            if not keep.any():
                continue
            ts, v, q = ch.ts[keep], ch.value[keep], ch.quality[keep]
            b = (ts - origin) // width
            starts = np.flatnonzero(np.r_[True, b[1:] != b[:-1]])
            good = (q == 0) & ~np.isnan(v)
            gv = np.where(good, v, np.nan)
            with np.errstate(invalid="ignore"):
                mins = np.fmin.reduceat(gv, starts)
                maxs = np.fmax.reduceat(gv, starts)
                sums = np.add.reduceat(np.where(good, v, 0.0), starts)
            counts = np.add.reduceat(good.astype(np.int64), starts)
            qmax = np.maximum.reduceat(q, starts)
            for i, st in enumerate(starts):
                row = [int(b[st]), int(ts[st]), None if counts[i] == 0 else float(mins[i]),
                       None if counts[i] == 0 else float(maxs[i]), float(sums[i]), int(counts[i]), int(qmax[i])]
                _merge_bucket(out, row)
        return [out[k] for k in sorted(out)]

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
        """Every stored point of ``tag`` with ``t0 <= ts <= t1`` (seconds), in time order (raw and packed)."""
        with self.engine.connect() as conn:
            info = self._lookup(conn, [tag]).get(tag)
            if info is None:
                return _empty_series()
            rows = self._rows(conn, info[0], to_ms(t0), to_ms(t1))
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
        lo, hi = to_ms(t0), to_ms(t1)
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
                packed = self._packed_count(conn, tag_id, lo, hi) if len(rows) <= max_points else 0
                if packed and len(rows) + packed <= max_points * 2:
                    rows = self._rows(conn, tag_id, lo, hi)  # exact: a block may reach past the range
                    packed = 0
                if len(rows) + packed == 0 and vtype != "str":
                    rolled = self._from_rollup(conn, tag_id, lo, hi, nb)  # past the samples' retention
                    out[tag] = rolled if len(rolled.ts) else self._raw_series([], vtype)
                elif len(rows) + packed <= max_points:
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
        b = ((s.ts - lit(origin)) // lit(width)).label("b")
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

    def _all_buckets(self, conn, tag_id: int, lo: int, hi: int, width: int, origin: int) -> dict[int, list]:
        """Buckets of every sample in [lo, hi], raw (in SQL) and packed (numpy), merged."""
        merged: dict[int, list] = {}
        for row in self._bucket_rows(conn, tag_id, lo, hi, width, origin):
            _merge_bucket(merged, list(row))
        for row in self._packed_buckets(conn, tag_id, lo, hi, width, origin):
            _merge_bucket(merged, row)
        return merged

    def _decimate(self, conn, tag_id: int, lo: int, hi: int, width: int, origin: int) -> Series:
        merged = self._all_buckets(conn, tag_id, lo, hi, width, origin)
        return self._to_series([merged[k] for k in sorted(merged)], "decimated")

    def _decimate_text(self, conn, tag_id: int, lo: int, hi: int, nb: int) -> Series:
        width = -(-(hi - lo + 1) // nb)
        buckets: dict[int, list] = {}
        for t, _v, x, q in self._rows(conn, tag_id, lo, hi):  # strings: rare, a few per change
            b = (t - lo) // width
            cur = buckets.get(b)
            if cur is None:
                buckets[b] = [t, x, x, q]
                continue
            if x is not None:
                cur[1] = x if cur[1] is None else min(cur[1], x)
                cur[2] = x if cur[2] is None else max(cur[2], x)
            cur[3] = max(cur[3], q)
        if not buckets:
            return _empty_series("decimated", text=True)
        rows = [buckets[k] for k in sorted(buckets)]
        t, mn, mx, q = zip(*rows)
        vmin = np.array(mn, dtype=object)
        return Series(np.asarray(t, dtype=np.float64) / 1000.0, vmin, vmin, np.array(mx, dtype=object),
                      np.asarray(q, dtype=np.int8), "decimated")

    @staticmethod
    def _tier_for(conn, tag_id: int, width: int, lo: int) -> int:
        """Index in :data:`~hmi.store.rollup.TIERS` of the coarsest tier whose unit fits ``width``; a coarser one
        where the finer tier's retention has dropped the start of the view and the coarser one still has it."""
        k = max(i for i, (_t, unit, _n) in enumerate(TIERS) if unit <= max(width, TIERS[0][1]))
        firsts = {}
        for i in range(k, len(TIERS)):
            t = TIERS[i][0]
            first = conn.execute(sa.select(sa.func.min(t.c.ts)).where(t.c.tag_id == tag_id)).scalar()
            if first is not None and first <= lo:
                return i  # the finest tier that still reaches back to the start of the view
            if first is not None:
                firsts[i] = first
        if not firsts:
            return k
        best, slack = min(firsts.values()), TIERS[max(firsts)][1]  # else the finest reaching about as far back
        return min(i for i, f in firsts.items() if f - best < slack)

    def _from_rollup(self, conn, tag_id: int, lo: int, hi: int, nb: int) -> Series:
        """Buckets from the rollup tiers: the coarsest that fits the bucket width for the rolled-up past, each finer
        tier for the part newer than the coarser one's watermark, the samples for the part not rolled up yet."""
        want = -(-(hi - lo + 1) // nb)
        k = self._tier_for(conn, tag_id, want, lo)
        unit = TIERS[k][1]
        origin = lo // unit * unit
        width = max(1, -(-want // unit)) * unit
        merged: dict[int, list] = {}
        start = origin
        used_rollup = False
        for table, _unit, mark_name in reversed(TIERS[:k + 1]):  # coarse to fine
            wm = read_mark(conn, mark_name)
            if wm is None or wm <= start:
                continue
            r = table.c
            b = ((r.ts - lit(origin)) // lit(width)).label("b")
            q = (sa.select(b, sa.func.min(r.ts), sa.func.min(r.vmin), sa.func.max(r.vmax),
                           sa.func.sum(r.vavg * r.n), sa.func.sum(r.n), sa.func.max(r.qmax))
                 .where(r.tag_id == tag_id, r.ts >= start, r.ts <= hi, r.ts < wm).group_by(b).order_by(b))
            for row in conn.execute(q):
                _merge_bucket(merged, list(row))
                used_rollup = True
            start = max(start, wm)
        tail_lo = max(lo, start)
        if tail_lo <= hi:  # samples not rolled up yet (normally the last minute or so)
            for row in self._all_buckets(conn, tag_id, tail_lo, hi, width, origin).values():
                _merge_bucket(merged, row)
        buckets = [merged[k] for k in sorted(merged)]
        return self._to_series(buckets, "rollup" if used_rollup else "decimated")

    # ------------------------------------------------------------------------------- latest
    def latest(self, tags: Iterable[str] | None = None) -> dict[str, Sample]:
        """Newest stored sample of each tag (all tags when None); unknown tags are left out."""
        s, c = samples.c, sample_chunks.c
        out: dict[str, Sample] = {}
        with self.engine.connect() as conn:
            for key, (tag_id, vtype) in self._lookup(conn, tags).items():
                row = conn.execute(sa.select(s.ts, s.value, s.value_text, s.quality, s.error)
                                   .where(s.tag_id == tag_id).order_by(s.ts.desc()).limit(1)).first()
                if row is None:  # every sample of the tag is packed: the newest block's last one
                    data = conn.execute(sa.select(c.data).where(c.tag_id == tag_id).order_by(c.t0.desc())
                                        .limit(1)).scalar()
                    row = list(decode_chunk(data).rows())[-1] if data is not None else None
                if row is not None:
                    out[key] = Sample(key, from_ms(row[0]), _typed(row[1], row[2], vtype), Quality(row[3]),
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
        lo = to_ms(t0) if t0 is not None else None
        hi = to_ms(t1) if t1 is not None else None
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
                raw = conn.execute(q.order_by(s.ts))
                packed = self._packed_stream(conn, tag_id, lo, hi)
                streams.append(self._csv_rows(heapq.merge(packed, raw, key=lambda r: r[0]), key, vtype))
            for ts, key, value, quality in heapq.merge(*streams):
                w.writerow((_iso(ts), key, value, quality))
                count += 1
        return count

    def _packed_stream(self, conn, tag_id: int, lo: int | None, hi: int | None) -> Iterator[tuple]:
        """The packed samples of a tag in [lo, hi] as (ts, value, value_text, quality), block by block."""
        c = sample_chunks.c
        # a block at a time: never all in memory
        starts = list(conn.execute(self._block_query(c.t0, tag_id, lo, hi)).scalars())
        for t0 in starts:
            data = conn.execute(sa.select(c.data).where(c.tag_id == tag_id, c.t0 == t0)).scalar()
            for t, v, x, qq, _e in decode_chunk(data).rows():
                if (lo is None or t >= lo) and (hi is None or t <= hi):
                    yield t, v, x, qq

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

    def rollups(self, tag: str, t0: float, t1: float) -> dict[str, np.ndarray]:
        """Stored per-minute rollups of ``tag`` with minute start in [t0, t1] (for tools and tests):
        arrays ``ts`` (s), ``vmin``, ``vmax``, ``vavg``, ``n``, ``qmax``."""
        r = rollup_1m.c
        with self.engine.connect() as conn:
            info = self._lookup(conn, [tag]).get(tag)
            rows = [] if info is None else conn.execute(
                sa.select(r.ts, r.vmin, r.vmax, r.vavg, r.n, r.qmax)
                .where(r.tag_id == info[0], r.ts >= to_ms(t0), r.ts <= to_ms(t1)).order_by(r.ts)).all()
        cols = list(zip(*rows)) if rows else [()] * 6
        return {"ts": np.asarray(cols[0], dtype=np.float64) / 1000.0,
                "vmin": np.array(cols[1], dtype=np.float64), "vmax": np.array(cols[2], dtype=np.float64),
                "vavg": np.array(cols[3], dtype=np.float64), "n": np.asarray(cols[4], dtype=np.int64),
                "qmax": np.asarray(cols[5], dtype=np.int8)}

