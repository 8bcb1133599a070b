"""Monthly partitions of the historian's raw samples on PostgreSQL. Qt-free.

On PostgreSQL ``samples`` is a table partitioned by range of ``ts`` (migration 0010): one partition per UTC month
(``samples_p202612``) plus a default one for rows outside every month made so far.  The historian's upkeep makes
the partitions of the current and the next :data:`MONTHS_AHEAD` months before rows arrive for them
(:func:`ensure_partitions`), and retention drops a month whole once all of it is past the horizon
(:func:`drop_partitions_before`) instead of deleting its rows one by one.  SQLite keeps one plain table: every
function here does nothing there.  Stations sharing a database take turns (a transaction-level advisory lock).

Where the server has TimescaleDB (its package installed and ``shared_preload_libraries`` naming it; detected, not
required), migration 0010 makes ``samples`` a hypertable instead: chunks of :data:`HYPERTABLE_CHUNK_MS` on ``ts``
(milliseconds, so an integer "now" function, :data:`NOW_FUNCTION`), compressed natively per ``tag_id`` ordered by
``ts`` once older than the plant file's ``compress_after_days`` (:func:`set_compression_after`), and retention
drops whole chunks (``drop_chunks``).  Lineside then leaves the raw rows to TimescaleDB's compression instead of
packing them into its own blocks (:func:`native_compression`); the minute, hour and day tiers are the same on
every engine.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

__all__ = ["MONTHS_AHEAD", "month_bounds", "partition_name", "ensure_partitions", "drop_partitions_before",
           "partitions", "is_partitioned", "HYPERTABLE_CHUNK_MS", "NOW_FUNCTION", "timescale_unavailable",
           "is_hypertable", "make_hypertable", "native_compression", "set_compression_after", "MIN_TIMESCALE"]

MONTHS_AHEAD = 2
_LOCK_KEY = 0x4C534D50  # "LSMP"
#: TimescaleDB: one chunk of ``samples`` per week (ms)
HYPERTABLE_CHUNK_MS = 7 * 86_400_000
#: TimescaleDB's "now" for a time column in ms since the epoch (its policies need one for an integer column)
NOW_FUNCTION = "lineside_now_ms"


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
    """Drop every month partition (or TimescaleDB chunk) that ends at or before ``cut_ms``; returns the rows they
    held."""
    if is_hypertable(conn):
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
        count = sa.text("SELECT COUNT(*) FROM samples WHERE ts < :cut")
        before = conn.execute(count, {"cut": cut_ms}).scalar() or 0
        conn.execute(sa.text("SELECT drop_chunks('samples', older_than => CAST(:cut AS BIGINT))"), {"cut": cut_ms})
        return int(before - (conn.execute(count, {"cut": cut_ms}).scalar() or 0))
    if not is_partitioned(conn):
        return 0
    conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _LOCK_KEY})
    rows = 0
    for name, bounds in sorted(partitions(conn).items()):
        if bounds is not None and bounds[1] <= cut_ms:
            rows += conn.execute(sa.text(f"SELECT COUNT(*) FROM {name}")).scalar() or 0
            conn.execute(sa.text(f"DROP TABLE {name}"))
    return int(rows)


# ------------------------------------------------------------------ TimescaleDB (detected, not required)
#: the oldest TimescaleDB used: 2.11 deletes rows of compressed chunks (retention of a straddling chunk)
MIN_TIMESCALE = (2, 11)


def _version(text: str) -> tuple[int, ...]:
    parts = []
    for p in str(text).split("."):
        digits = "".join(ch for ch in p if ch.isdigit())
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts)


def _has_extension(conn) -> bool:
    return bool(conn.execute(sa.text("SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'")).first())


def timescale_unavailable(conn) -> str | None:
    """None when TimescaleDB is (or can be made) this database's extension, else why not, in words.  Creating
    it is tried inside a savepoint, so a refusal leaves the transaction as it was."""
    if conn.dialect.name != "postgresql":
        return "not PostgreSQL"
    version = (conn.execute(sa.text("SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'")).scalar()
               or conn.execute(sa.text("SELECT default_version FROM pg_available_extensions "
                                       "WHERE name = 'timescaledb'")).scalar())
    if version is None:
        return ("the server has no TimescaleDB package (pg_available_extensions has no timescaledb); "
                "samples use monthly partitions")
    if _version(version) < MIN_TIMESCALE:
        return (f"TimescaleDB {version} is older than {'.'.join(map(str, MIN_TIMESCALE))} (retention deletes rows "
                "of compressed chunks); samples use monthly partitions")
    if _has_extension(conn):
        return None
    sp = conn.begin_nested()
    try:
        conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS timescaledb"))
    except sa.exc.DBAPIError as exc:
        sp.rollback()
        first = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        return f"TimescaleDB is installed but cannot be enabled here ({first}); samples use monthly partitions"
    sp.commit()
    return None


def is_hypertable(conn) -> bool:
    if conn.dialect.name != "postgresql" or not _has_extension(conn):
        return False
    return bool(conn.execute(sa.text("SELECT 1 FROM timescaledb_information.hypertables WHERE hypertable_name = "
                                     "'samples' AND hypertable_schema = current_schema()")).first())


def native_compression(conn) -> bool:
    """Whether TimescaleDB compresses the raw samples (then Lineside does not pack them into blocks)."""
    return is_hypertable(conn)


def make_hypertable(conn, compress_after_days: float = 7.0) -> None:
    """Make the (plain, possibly filled) ``samples`` table a hypertable with native compression; the extension
    must be there (:func:`timescale_unavailable` returned None)."""
    conn.execute(sa.text(
        f"CREATE OR REPLACE FUNCTION {NOW_FUNCTION}() RETURNS BIGINT LANGUAGE SQL STABLE AS "
        "$$ SELECT CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT) $$"))
    conn.execute(sa.text("SELECT create_hypertable('samples', 'ts', chunk_time_interval => CAST(:chunk AS BIGINT), "
                         "migrate_data => true)"), {"chunk": HYPERTABLE_CHUNK_MS})
    conn.execute(sa.text(f"SELECT set_integer_now_func('samples', '{NOW_FUNCTION}')"))
    conn.execute(sa.text("ALTER TABLE samples SET (timescaledb.compress, timescaledb.compress_segmentby = 'tag_id', "
                         "timescaledb.compress_orderby = 'ts')"))
    set_compression_after(conn, compress_after_days)


def set_compression_after(conn, days: float) -> bool:
    """TimescaleDB's compression policy on ``samples``: chunks older than ``days`` are compressed (the plant file's
    ``compress_after_days``).  Returns False where ``samples`` is no hypertable."""
    if not is_hypertable(conn):
        return False
    after = int(days * 86_400_000)
    job = conn.execute(sa.text("SELECT job_id, config FROM timescaledb_information.jobs WHERE proc_name = "
                               "'policy_compression' AND hypertable_name = 'samples'")).first()
    if job is not None and str((job[1] or {}).get("compress_after")) == str(after):
        return True
    if job is not None:
        conn.execute(sa.text("SELECT remove_compression_policy('samples', if_exists => true)"))
    conn.execute(sa.text("SELECT add_compression_policy('samples', compress_after => CAST(:after AS BIGINT))"),
                 {"after": after})
    return True
