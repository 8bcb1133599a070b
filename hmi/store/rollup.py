"""Historian upkeep: per-minute rollups and retention. Qt-free.

``rollup_1m`` keeps min/max/mean/count of GOOD numeric values per tag and minute (plus the worst quality
seen) for completed minutes, maintained incrementally from a watermark; retention deletes raw rows and
rollups past their age (raw rows are rolled up first, so no minute is lost from the long-term trend).
The historian writer runs both on its thread while writes succeed; reading is :mod:`hmi.store.historian`.

    upkeep = Rollups(engine, plant.historian)
    upkeep.rollup(time.time() - 5)
    upkeep.apply_retention(time.time())
"""
from __future__ import annotations

import sqlalchemy as sa

from hmi.config import HistorianConfig
from hmi.store.db import StoreError
from hmi.store.schema import ROLLUP_WATERMARK, from_ms, historian_state, rollup_1m, samples, tags, to_ms
from hmi.store.spool import set_server_mark

__all__ = ["Rollups", "read_watermark", "MINUTE_MS", "DAY_S", "minute_floor", "lit", "guard_retention", "RetentionChange"]

MINUTE_MS = 60_000
DAY_S = 86_400.0


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


class Rollups:
    """Rollups and retention of the historian tables behind ``engine``.  ``cfg`` provides the
    retention defaults of :meth:`apply_retention`.  Blocking database work: worker threads only."""

    def __init__(self, engine: sa.Engine, cfg: HistorianConfig | None = None):
        self.engine = engine
        self.cfg = cfg or HistorianConfig()

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
                return 0
            ids = [{"t": i} for i in conn.execute(sa.select(tags.c.id)).scalars()]
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
            return written

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


# ------------------------------------------------------------------ retention changes
RETENTION_STATE = {"raw": "retention_raw_s", "rollup": "retention_rollup_s"}


class RetentionChange(StoreError):
    """The plant file shortens a retention so that existing history would be deleted, and nobody confirmed it."""


def guard_retention(engine: sa.Engine, cfg: HistorianConfig, now_ts: float, *, confirmed: bool = False) -> list[dict]:
    """Compare the plant file's retentions with the ones this database last ran with (``historian_state``).

    A retention made shorter so that rows exist between the new and the old horizon would delete them at
    the first retention pass: refused with :class:`RetentionChange` (how many rows, how many days) unless
    ``confirmed``.  Otherwise (first start, longer, shorter with nothing to lose, or confirmed) the new
    values are stored.  Returns the changes, ``[{"tier", "before_days", "after_days", "rows"}]``."""
    new = {"raw": cfg.retention_days * DAY_S, "rollup": cfg.rollup_retention_days * DAY_S}
    tables = {"raw": samples, "rollup": rollup_1m}
    changes, refused = [], []
    with engine.connect() as conn:
        for tier, name in RETENTION_STATE.items():
            old = conn.execute(sa.select(historian_state.c.value).where(historian_state.c.name == name)).scalar()
            if old is None or abs(old - new[tier]) < 1:
                continue
            rows = 0
            if new[tier] < old:
                t = tables[tier]
                rows = conn.execute(sa.select(sa.func.count()).select_from(t).where(
                    t.c.ts < to_ms(now_ts - new[tier]), t.c.ts >= to_ms(now_ts - old))).scalar_one()
            change = {"tier": tier, "before_days": round(old / DAY_S, 3), "after_days": round(new[tier] / DAY_S, 3),
                      "rows": int(rows)}
            changes.append(change)
            if rows and not confirmed:
                refused.append(change)
    if refused:
        what = "; ".join(f"{'raw samples' if c['tier'] == 'raw' else 'minute rollups'} from {c['before_days']:g} to "
                         f"{c['after_days']:g} days deletes {c['rows']:,} rows" for c in refused)
        raise RetentionChange(f"the plant file shortens the historian's retention ({what}); start with "
                              "--confirm-retention to apply it, or restore the retention in the plant file")
    with engine.begin() as conn:
        for tier, name in RETENTION_STATE.items():
            set_server_mark(conn, name, int(round(new[tier])))
    return changes
