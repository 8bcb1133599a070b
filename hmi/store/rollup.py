"""Historian upkeep: rollup tiers, the compressed tier and retention. Qt-free.

``rollup_1m`` keeps min/max/mean/count of GOOD numeric values per tag and minute (plus the worst quality
seen) for completed minutes, maintained incrementally from a watermark; ``rollup_1h`` and ``rollup_1d`` are
computed from the tier below in the same transaction, each from its own watermark.  :meth:`Rollups.compact`
packs samples older than ``compress_after_days`` into hourly blocks (:mod:`hmi.store.chunks`), a bounded amount
per call; rows written later for an hour already packed unpack it again before its minutes are recomputed, so no
rollup misses a sample.  Retention deletes samples (raw and packed) and each rollup tier past its age (raw rows
are rolled up first, so no minute is lost from the long-term trend).  The historian writer runs all of it on its
thread while writes succeed; reading is :mod:`hmi.store.historian`.

    upkeep = Rollups(engine, plant.historian)
    upkeep.rollup(time.time() - 5)
    upkeep.compact(time.time(), budget_s=2.0)
    upkeep.apply_retention(time.time())
"""
from __future__ import annotations

import sqlalchemy as sa

from hmi.config import HistorianConfig
from hmi.store.db import StoreError
import time

from hmi.store.chunks import CHUNK_MS, chunk_floor, decode_chunk, encode_rows
from hmi.store.schema import (ROLLUP_1D_WATERMARK, ROLLUP_1H_WATERMARK, ROLLUP_WATERMARK, from_ms, historian_state,
                              rollup_1d, rollup_1h, rollup_1m, sample_chunks, samples, tags, to_ms)
from hmi.store.spool import set_server_mark

__all__ = ["Rollups", "read_watermark", "read_mark", "MINUTE_MS", "HOUR_MS", "DAY_MS", "DAY_S", "minute_floor",
           "lit", "guard_retention", "RetentionChange", "TIERS", "CHUNKED_UNTIL"]

MINUTE_MS = 60_000
HOUR_MS = 3_600_000
DAY_MS = 86_400_000
DAY_S = 86_400.0
#: the rollup tiers, finest first: (table, unit in ms, its watermark's name)
TIERS = ((rollup_1m, MINUTE_MS, ROLLUP_WATERMARK), (rollup_1h, HOUR_MS, ROLLUP_1H_WATERMARK),
         (rollup_1d, DAY_MS, ROLLUP_1D_WATERMARK))
#: every packed block ends before it (ms): rows older than it may sit in ``sample_chunks``
CHUNKED_UNTIL = "chunked_until"


def minute_floor(ms_: int) -> int:
    return ms_ // MINUTE_MS * MINUTE_MS


def lit(n: int) -> sa.ColumnElement:
    """An integer rendered inline (identical text in SELECT and GROUP BY on every backend)."""
    return sa.literal_column(str(int(n)), sa.BigInteger)


def read_watermark(conn, lock: bool = False) -> int | None:
    """The rollup watermark (ms); ``lock``: row-locked until the transaction ends (PostgreSQL: the
    rollups of several stations on one database take turns; writers that move it back wait)."""
    q = sa.select(historian_state.c.value).where(historian_state.c.name == ROLLUP_WATERMARK)
    return conn.execute(q.with_for_update() if lock else q).scalar()


def _set_watermark(conn, value: int) -> None:
    set_server_mark(conn, ROLLUP_WATERMARK, value)  # insert or update, one statement


def read_mark(conn, name: str) -> int | None:
    return conn.execute(sa.select(historian_state.c.value).where(historian_state.c.name == name)).scalar()


def _tag_ids(conn) -> list[dict]:
    return [{"t": i} for i in conn.execute(sa.select(tags.c.id)).scalars()]


def unpack_chunks(conn, lo: int, hi: int) -> int:
    """Put the packed samples of every block that overlaps [lo, hi) back into ``samples`` and drop the blocks (rows
    written late into an hour already packed: its minutes are recomputed from every sample).  Returns samples
    restored."""
    c = sample_chunks.c
    blocks = conn.execute(sa.select(c.tag_id, c.t0, c.data).where(c.t0 < hi, c.t0 + lit(CHUNK_MS) > lo)).all()
    restored = 0
    for tag_id, t0, data in blocks:
        rows = [{"tag_id": tag_id, "ts": t, "value": v, "value_text": x, "quality": q, "error": e}
                for t, v, x, q, e in decode_chunk(data).rows()]
        if rows:
            conn.execute(sa.insert(samples), rows)
        conn.execute(sa.delete(sample_chunks).where(c.tag_id == tag_id, c.t0 == t0))
        restored += len(rows)
    return restored


class Rollups:
    """Rollups and retention of the historian tables behind ``engine``.  ``cfg`` provides the
    retention defaults of :meth:`apply_retention`.  Blocking database work: worker threads only."""

    def __init__(self, engine: sa.Engine, cfg: HistorianConfig | None = None):
        self.engine = engine
        self.cfg = cfg or HistorianConfig()
        self._native: bool | None = None  # TimescaleDB compresses the raw samples (asked once)

    def watermark(self) -> float | None:
        """Seconds: every minute starting before it has an up-to-date rollup (None: never rolled up)."""
        with self.engine.connect() as conn:
            wm = read_watermark(conn)
        return from_ms(wm)

    def rollup(self, until_ts: float) -> int:
        """Compute per-minute rollups of every minute that ends at or before ``until_ts`` (seconds)
        and has not been rolled up yet (incremental, from the watermark); returns rollup rows written.

        Idempotent: the minutes are deleted and recomputed in one transaction.  Rows written later
        for already rolled-up minutes (e.g. a backlog after a database outage) move the watermark
        back (see :class:`~hmi.store.historian_writer.HistorianWriter`), so those minutes are recomputed next time.
        """
        hi = minute_floor(to_ms(until_ts))
        s, r = samples.c, rollup_1m.c
        with self.engine.begin() as conn:
            wm = read_watermark(conn, lock=True)
            if wm is None:
                first = conn.execute(sa.select(sa.func.min(
                    sa.select(sa.func.min(s.ts)).where(s.tag_id == tags.c.id).scalar_subquery()))
                    .select_from(tags)).scalar()
                if first is None:
                    _set_watermark(conn, hi)
                    return 0
                lo = minute_floor(first)
            else:
                lo = wm
            if lo >= hi:
                self._roll_tiers(conn)
                return 0
            chunked = read_mark(conn, CHUNKED_UNTIL)
            if chunked is not None and lo < chunked:  # late rows for an hour already packed
                unpack_chunks(conn, lo, hi)
            ids = _tag_ids(conn)
            if ids:
                conn.execute(sa.delete(rollup_1m).where(r.tag_id == sa.bindparam("t"), r.ts >= lo, r.ts < hi),
                             ids)
            minute = (s.ts // lit(MINUTE_MS)) * lit(MINUTE_MS)
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
            _set_watermark(conn, hi)
            for _table, unit, name in TIERS[1:]:  # coarser tiers recompute from the first minute recomputed
                mark = read_mark(conn, name)
                if mark is not None and mark > lo // unit * unit:
                    set_server_mark(conn, name, lo // unit * unit)
            self._roll_tiers(conn)
            return written

    @staticmethod
    def _roll_tiers(conn) -> int:
        """Hourly rollups of every hour below the minute watermark, daily ones of every day below the hourly
        watermark (in the caller's transaction, which holds the minute watermark's lock)."""
        written = 0
        for (src, _su, src_mark), (dst, unit, mark_name) in zip(TIERS, TIERS[1:]):
            src_wm = read_mark(conn, src_mark)
            if src_wm is None:
                return written
            hi = src_wm // unit * unit
            lo = read_mark(conn, mark_name)
            if lo is None:
                first = conn.execute(sa.select(sa.func.min(src.c.ts))).scalar()
                lo = hi if first is None else first // unit * unit
            if lo < hi:
                r, d = src.c, dst.c
                ids = _tag_ids(conn)
                if ids:
                    conn.execute(sa.delete(dst).where(d.tag_id == sa.bindparam("t"), d.ts >= lo, d.ts < hi), ids)
                    bucket = (r.ts // lit(unit)) * lit(unit)
                    total = sa.func.sum(r.n)
                    src_q = (sa.select(r.tag_id, bucket, sa.func.min(r.vmin), sa.func.max(r.vmax),
                                       sa.case((total > 0, sa.func.sum(r.vavg * r.n) / total)), total,
                                       sa.func.max(r.qmax))
                             .where(r.tag_id == sa.bindparam("t"), r.ts >= lo, r.ts < hi)
                             .group_by(r.tag_id, bucket))
                    res = conn.execute(sa.insert(dst).from_select(["tag_id", "ts", "vmin", "vmax", "vavg", "n", "qmax"],
                                                                  src_q), ids)
                    written += max(res.rowcount or 0, 0)
            set_server_mark(conn, mark_name, max(lo, hi))
        return written

    def compact(self, now_ts: float, *, budget_s: float = 2.0, compress_after_days: float | None = None) -> int:
        """Pack samples older than ``compress_after_days`` (default from the config) and already rolled up into
        hourly blocks, tag by tag, for at most about ``budget_s`` seconds (the rest at the next call); each tag-day
        is one transaction (the blocks written, the rows deleted).  Returns samples packed."""
        days = self.cfg.compress_after_days if compress_after_days is None else compress_after_days
        deadline = time.monotonic() + budget_s
        s, c = samples.c, sample_chunks.c
        if self._native is None:
            from hmi.store.partitions import native_compression

            with self.engine.connect() as conn:
                self._native = native_compression(conn)
        if self._native:  # TimescaleDB compresses the raw rows itself (its policy: see apply_retention)
            return 0
        with self.engine.connect() as conn:
            wm = read_watermark(conn)
            ids = list(conn.execute(sa.select(tags.c.id).order_by(tags.c.id)).scalars())
        if wm is None:
            return 0
        cut = chunk_floor(min(to_ms(now_ts - days * DAY_S), wm))
        packed = 0
        for tag_id in ids:
            while time.monotonic() < deadline:
                with self.engine.connect() as conn:
                    first = conn.execute(sa.select(sa.func.min(s.ts)).where(s.tag_id == tag_id, s.ts < cut)).scalar()
                if first is None:
                    break
                lo = chunk_floor(first)
                hi = min(cut, lo + 24 * CHUNK_MS)
                with self.engine.begin() as conn:
                    # stations sharing a PostgreSQL database pack one at a time (the mark's row is locked)
                    if read_mark(conn, CHUNKED_UNTIL) is None:
                        set_server_mark(conn, CHUNKED_UNTIL, 0)
                    conn.execute(sa.select(historian_state.c.value).where(historian_state.c.name == CHUNKED_UNTIL)
                                 .with_for_update())
                    rows = conn.execute(sa.select(s.ts, s.value, s.value_text, s.quality, s.error)
                                        .where(s.tag_id == tag_id, s.ts >= lo, s.ts < hi).order_by(s.ts)).all()
                    by_hour: dict[int, list] = {}
                    for row in rows:
                        by_hour.setdefault(chunk_floor(row[0]), []).append(tuple(row))
                    for t0, hour in by_hour.items():
                        old = conn.execute(sa.select(c.data).where(c.tag_id == tag_id, c.t0 == t0)).scalar()
                        if old is not None:  # an hour packed before got late rows: one block again
                            hour = sorted([*decode_chunk(old).rows(), *hour], key=lambda r: r[0])
                            conn.execute(sa.delete(sample_chunks).where(c.tag_id == tag_id, c.t0 == t0))
                        blob, n, t_first, t_last, vmin, vmax = encode_rows(hour)
                        conn.execute(sa.insert(sample_chunks).values(tag_id=tag_id, t0=t0, t_first=t_first,
                                                                     t_last=t_last, n=n, vmin=vmin, vmax=vmax,
                                                                     data=blob))
                    conn.execute(sa.delete(samples).where(s.tag_id == tag_id, s.ts >= lo, s.ts < hi))
                    mark = read_mark(conn, CHUNKED_UNTIL)
                    if mark is None or mark < hi:
                        set_server_mark(conn, CHUNKED_UNTIL, hi)
                packed += len(rows)
            if time.monotonic() >= deadline:
                break
        return packed

    def apply_retention(self, now_ts: float, retention_days: float | None = None,
                        rollup_retention_days: float | None = None) -> dict[str, int]:
        """Delete raw rows older than ``retention_days`` and rollups older than
        ``rollup_retention_days`` before ``now_ts`` (defaults from the config).  Raw rows are rolled
        up first when needed, so no minute is lost from the long-term trend.
        Returns ``{"raw": rows deleted, "rollup": rows deleted}``."""
        days = self.cfg.retention_days if retention_days is None else retention_days
        rdays = self.cfg.rollup_retention_days if rollup_retention_days is None else rollup_retention_days
        raw_cut = to_ms(now_ts - days * DAY_S)
        roll_cut = to_ms(now_ts - rdays * DAY_S)
        with self.engine.connect() as conn:
            wm = read_watermark(conn)
        if wm is None or wm < minute_floor(raw_cut):
            self.rollup(from_ms(raw_cut))
        from hmi.store.partitions import drop_partitions_before, ensure_partitions, set_compression_after

        ensure_partitions(self.engine, to_ms(now_ts))  # PostgreSQL: the coming months' partitions, before rows come
        if self.engine.dialect.name == "postgresql":
            with self.engine.begin() as conn:  # TimescaleDB: its compression policy follows the plant file
                set_compression_after(conn, self.cfg.compress_after_days)
        s, r, c = samples.c, rollup_1m.c, sample_chunks.c
        tier_cuts = ((rollup_1h, to_ms(now_ts - self.cfg.hour_rollup_retention_days * DAY_S)),
                     (rollup_1d, to_ms(now_ts - self.cfg.day_rollup_retention_days * DAY_S)))
        with self.engine.begin() as conn:
            ids = _tag_ids(conn)
            if not ids:
                return {"raw": 0, "rollup": 0}
            dropped = drop_partitions_before(conn, raw_cut)  # PostgreSQL: whole months past the horizon
            n_raw = dropped + max(conn.execute(sa.delete(samples).where(s.tag_id == sa.bindparam("t"),
                                                                         s.ts < raw_cut), ids).rowcount or 0, 0)
            # packed blocks wholly past the horizon (one straddling it stays until it is: an hour at most)
            whole = c.t0 + lit(CHUNK_MS) <= raw_cut
            n_packed = conn.execute(sa.select(sa.func.coalesce(sa.func.sum(c.n), 0)).where(whole)).scalar() or 0
            conn.execute(sa.delete(sample_chunks).where(whole))
            n_roll = conn.execute(sa.delete(rollup_1m).where(r.tag_id == sa.bindparam("t"), r.ts < roll_cut),
                                  ids).rowcount
            for table, cut in tier_cuts:
                n_roll = max(n_roll or 0, 0) + max(conn.execute(sa.delete(table).where(table.c.ts < cut)).rowcount
                                                   or 0, 0)
        return {"raw": max(n_raw or 0, 0) + int(n_packed), "rollup": max(n_roll or 0, 0)}


# ------------------------------------------------------------------ retention changes
RETENTION_STATE = {"raw": "retention_raw_s", "rollup": "retention_rollup_s", "hour": "retention_rollup_1h_s",
                   "day": "retention_rollup_1d_s"}
_TIER_WORDS = {"raw": "raw samples", "rollup": "minute rollups", "hour": "hourly rollups", "day": "daily rollups"}


class RetentionChange(StoreError):
    """The plant file shortens a retention so that existing history would be deleted, and nobody confirmed it."""


def guard_retention(engine: sa.Engine, cfg: HistorianConfig, now_ts: float, *, confirmed: bool = False) -> list[dict]:
    """Compare the plant file's retentions with the ones this database last ran with (``historian_state``).

    A retention made shorter so that rows exist between the new and the old horizon would delete them at
    the first retention pass: refused with :class:`RetentionChange` (how many rows, how many days) unless
    ``confirmed``.  Otherwise (first start, longer, shorter with nothing to lose, or confirmed) the new
    values are stored.  Returns the changes, ``[{"tier", "before_days", "after_days", "rows"}]``."""
    new = {"raw": cfg.retention_days * DAY_S, "rollup": cfg.rollup_retention_days * DAY_S,
           "hour": cfg.hour_rollup_retention_days * DAY_S, "day": cfg.day_rollup_retention_days * DAY_S}
    tables = {"raw": samples, "rollup": rollup_1m, "hour": rollup_1h, "day": rollup_1d}
    changes, refused = [], []
    with engine.connect() as conn:
        for tier, name in RETENTION_STATE.items():
            old = conn.execute(sa.select(historian_state.c.value).where(historian_state.c.name == name)).scalar()
            if old is None or abs(old - new[tier]) < 1:
                continue
            rows = 0
            if new[tier] < old:
                t = tables[tier]
                lo_ms, hi_ms = to_ms(now_ts - old), to_ms(now_ts - new[tier])
                rows = conn.execute(sa.select(sa.func.count()).select_from(t).where(
                    t.c.ts < hi_ms, t.c.ts >= lo_ms)).scalar_one()
                if tier == "raw":  # and the packed samples of those days
                    c = sample_chunks.c
                    rows += conn.execute(sa.select(sa.func.coalesce(sa.func.sum(c.n), 0)).where(
                        c.t0 < hi_ms, c.t0 >= lo_ms)).scalar_one() or 0
            change = {"tier": tier, "before_days": round(old / DAY_S, 3), "after_days": round(new[tier] / DAY_S, 3),
                      "rows": int(rows)}
            changes.append(change)
            if rows and not confirmed:
                refused.append(change)
    if refused:
        what = "; ".join(f"{_TIER_WORDS[c['tier']]} from {c['before_days']:g} to "
                         f"{c['after_days']:g} days deletes {c['rows']:,} rows" for c in refused)
        raise RetentionChange(f"the plant file shortens the historian's retention ({what}); start with "
                              "--confirm-retention to apply it, or restore the retention in the plant file")
    with engine.begin() as conn:
        for tier, name in RETENTION_STATE.items():
            set_server_mark(conn, name, int(round(new[tier])))
    return changes
