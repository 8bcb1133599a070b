"""Monthly partitions of the historian's raw samples on PostgreSQL. Qt-free.

On PostgreSQL ``samples`` is a table partitioned by range of ``ts`` (migration 0010): one partition per UTC month
(``samples_p202612``) plus a default one for rows outside every month made so far.  The historian's upkeep makes
the partitions of the current and the next :data:`MONTHS_AHEAD` months before rows arrive for them
(:func:`ensure_partitions`), and retention drops a month whole once all of it is past the horizon
(:func:`drop_partitions_before`) instead of deleting its rows one by one.  SQLite keeps one plain table: every
function here does nothing there.  Stations sharing a database take turns (a transaction-level advisory lock).
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

__all__ = ["MONTHS_AHEAD", "month_bounds", "partition_name", "ensure_partitions", "drop_partitions_before",
           "partitions", "is_partitioned"]

MONTHS_AHEAD = 2
_LOCK_KEY = 0x4C534D50  # "LSMP"


def _month_start(year: int, month: int) -> int:
    return int(dt.datetime(year, month, 1, tzinfo=dt.timezone.utc).timestamp() * 1000)


def month_bounds(ms_: int) -> tuple[int, int, str]:
    """(start ms, end ms, partition name) of the UTC month holding ``ms_``."""
    d = dt.datetime.fromtimestamp(ms_ / 1000.0, tz=dt.timezone.utc)
    nxt = (d.year + (d.month == 12), 1 if d.month == 12 else d.month + 1)
    return _month_start(d.year, d.month), _month_start(*nxt), partition_name(d.year, d.month)


def partition_name(year: int, month: int) -> str:
    return f"samples_p{year:04d}{month:02d}"


def is_partitioned(conn) -> bool:
    if conn.dialect.name != "postgresql":
        return False
    return bool(conn.execute(sa.text("SELECT 1 FROM pg_partitioned_table pt JOIN pg_class c ON c.oid = pt.partrelid "
                                     "WHERE c.relname = 'samples' AND c.relnamespace = current_schema()::regnamespace"))
                .first())


def partitions(conn) -> dict[str, tuple[int, int] | None]:
    """name -> (start ms, end ms) of each partition of ``samples`` (None: the default partition)."""
    rows = conn.execute(sa.text(
        "SELECT c.relname, pg_get_expr(c.relpartbound, c.oid) FROM pg_inherits i "
        "JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
        "WHERE p.relname = 'samples' AND p.relnamespace = current_schema()::regnamespace")).all()
    out: dict[str, tuple[int, int] | None] = {}
    for name, bound in rows:
        if "DEFAULT" in bound.upper():
            out[name] = None
            continue
        lo, hi = (int(x.strip().strip("'()")) for x in bound.split("FROM", 1)[1].split("TO"))
        out[name] = (lo, hi)
    return out


def _create(conn, lo: int, hi: int, name: str) -> bool:
    """The month [lo, hi) as a partition; rows of it already in the default partition are moved into it."""
    has_default = conn.execute(sa.text("SELECT 1 FROM pg_class WHERE relname = 'samples_default' "
                                       "AND relnamespace = current_schema()::regnamespace")).first()
    moved = has_default and conn.execute(sa.text(
        "SELECT 1 FROM samples_default WHERE ts >= :lo AND ts < :hi LIMIT 1"), {"lo": lo, "hi": hi}).first()
    if not moved:
        conn.execute(sa.text(f"CREATE TABLE {name} PARTITION OF samples FOR VALUES FROM ({lo}) TO ({hi})"))
        return True
    conn.execute(sa.text(f"CREATE TABLE {name} (LIKE samples INCLUDING DEFAULTS)"))
    conn.execute(sa.text(f"INSERT INTO {name} SELECT * FROM samples_default WHERE ts >= :lo AND ts < :hi"),
                 {"lo": lo, "hi": hi})
    conn.execute(sa.text("DELETE FROM samples_default WHERE ts >= :lo AND ts < :hi"), {"lo": lo, "hi": hi})
    conn.execute(sa.text(f"ALTER TABLE samples ATTACH PARTITION {name} FOR VALUES FROM ({lo}) TO ({hi})"))
    return True


def ensure_partitions(engine_or_conn, now_ms: int, months_ahead: int = MONTHS_AHEAD) -> list[str]:
    """Make the partitions of the month of ``now_ms`` and the ``months_ahead`` after it; returns those made."""
    def work(conn) -> list[str]:
        if not is_partitioned(conn):
            return []
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        have = set(partitions(conn))
        made = []
        t = now_ms
        for _ in range(months_ahead + 1):
            lo, hi, name = month_bounds(t)
            if name not in have and _create(conn, lo, hi, name):
                made.append(name)
            t = hi
        return made

    if isinstance(engine_or_conn, sa.Connection):
        return work(engine_or_conn)
    with engine_or_conn.begin() as conn:
        return work(conn)


def drop_partitions_before(conn, cut_ms: int) -> int:
    """Drop every month partition that ends at or before ``cut_ms``; returns the rows they held."""
    if not is_partitioned(conn):
        return 0
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    rows = 0
    for name, bounds in sorted(partitions(conn).items()):
        if bounds is not None and bounds[1] <= cut_ms:
            rows += conn.execute(sa.text(f"SELECT COUNT(*) FROM {name}")).scalar() or 0
            conn.execute(sa.text(f"DROP TABLE {name}"))
    return int(rows)
