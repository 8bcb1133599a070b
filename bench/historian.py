"""Historian tiers on an SQLite file: bytes per value, packing CPU, and view latency over a day .. five years.

    python bench/historian.py [--hours 6] [--tags 16] [--repeat 7] [--skip-views] [--pg-url URL]

**Bytes per value.**  Two data sets, each written through :class:`HistorianWriter` into a fresh file, rolled up,
then packed (:meth:`Rollups.compact`, every hour older than the run):

* ``demo``: every Modbus tag of the demo plant, from the simulator's machine models run offline for ``--hours``
  at each tag's scan period, each value encoded into its registers and decoded back as the poller reads it
  (float32 registers, scaled integers, counters, states, bits); the poller's timestamps carry +-5 ms of jitter;
* ``noisy``: 16 float32 tags of white noise (sigma 2 around 50) at 1 s, the worst case a float32 register gives.

Figures from SQLite's ``dbstat`` (PostgreSQL: ``pg_total_relation_size``, partitions and TOAST included): the bytes
of ``samples`` with its index before packing (the baseline: the same samples, the same database) and of
``sample_chunks`` with its key after.  CPU per million values (this process; the writer runs as a thread here) of
writing, of the minute/hour/day rollups and of packing.

**View latency.**  A 2,000-point :meth:`Historian.query` of 1 and of ``--tags`` tags over a day, a week, a year
and five years ending now.  The tier tables are filled with the rows five years of 1 s data leave under the default
retentions (minute rollups for 730 days, hourly for 3,650, daily beyond), written directly (synthetic values, the
real row counts; the hourly and daily rows of the last 730 days computed by :class:`Rollups` from the minute rows);
the last day is raw 1 s samples.  Baseline in the same run: the same views from the minute tier alone (what the
historian read before the hourly and daily tiers).  Median of ``--repeat``.  Prints one JSON object.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DAY = 86_400.0


def _table_bytes(engine, table: str) -> int:
    """Bytes on disk of ``table`` with its indexes (and, on PostgreSQL, its partitions and TOAST)."""
    import sqlalchemy as sa

    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            return int(conn.exec_driver_sql("SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN "
                                            "(SELECT name FROM sqlite_master WHERE tbl_name = ?)", (table,)).scalar())
        conn.execute(sa.text(f"ANALYZE {table}"))
        from hmi.store.partitions import is_hypertable

        if table == "samples" and is_hypertable(conn):  # its chunks, compressed or not, and their indexes
            return int(conn.execute(sa.text("SELECT hypertable_size('samples')")).scalar() or 0)
        return int(conn.execute(sa.text(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c WHERE c.relname = :t OR c.oid IN "
            "(SELECT inhrelid FROM pg_inherits i JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = :t)"),
            {"t": table}).scalar())


def _psycopg2(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg2://", 1)


class _Database:
    """A fresh database for one measurement: an SQLite file, or a PostgreSQL database created and dropped."""

    def __init__(self, tmp: Path, name: str, pg_url: str | None):
        self.tmp, self.name, self.pg_url, self.url = tmp, name, pg_url, None

    def __enter__(self) -> str:
        if not self.pg_url:
            from hmi.store.db import sqlite_url

            self.url = sqlite_url(self.tmp / f"{self.name}.db")
            return self.url
        import uuid

        import sqlalchemy as sa

        self.db = f"lineside_bench_{self.name}_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(_psycopg2(self.pg_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(sa.text(f"CREATE DATABASE {self.db}"))
        admin.dispose()
        self.url = self.pg_url.rsplit("/", 1)[0] + "/" + self.db
        return self.url

    def __exit__(self, *exc) -> None:
        if self.pg_url:
            import sqlalchemy as sa

            admin = sa.create_engine(_psycopg2(self.pg_url), isolation_level="AUTOCOMMIT")
            with admin.connect() as c:
                c.execute(sa.text(f"DROP DATABASE IF EXISTS {self.db} WITH (FORCE)"))
            admin.dispose()


def demo_samples(hours: float, t0: float) -> list:
    from hmi.config import MODBUS_PROTOCOLS, demo_config_path, load_config
    from hmi.equipment.codec import decode, make_encoder
    from hmi.equipment.model import Quality, Sample
    from hmi.equipment.sim_physics import FaultTimeline, make_model

    plant = load_config(demo_config_path())
    rng = np.random.default_rng(5)
    out = []
    for k, eq in enumerate(e for e in plant.equipment if e.connection.protocol in MODBUS_PROTOCOLS):
        model = make_model(eq, seed=11, stream=k, epoch=t0)
        faults = FaultTimeline([])
        step = min(plant.scan_classes[t.scan_class] for t in eq.tags)
        model.advance(0.0, step, faults)
        tags = [(t, plant.scan_classes[t.scan_class], make_encoder(t, saturate=True)) for t in eq.tags
                if t.name in model.values]
        n = int(hours * 3600 / step)
        for i in range(1, n):
            now = i * step
            model.advance(now, step, faults)
            for tag, period, enc in tags:
                if i % max(1, round(period / step)):
                    continue
                try:
                    value = decode(tag, enc(model.values[tag.name]))
                except Exception:  # noqa: BLE001 - a value the register cannot hold: skipped as the poller would BAD it
                    continue
                out.append(Sample(tag.key, t0 + now + rng.integers(-5, 6) / 1000.0, value, Quality.GOOD))
    return out


def noisy_samples(hours: float, t0: float, tags: int = 16) -> list:
    from hmi.equipment.model import Quality, Sample

    rng = np.random.default_rng(9)
    n = int(hours * 3600)
    out = []
    for k in range(tags):
        v = (50 + rng.normal(0, 2, n)).astype(np.float32).astype(float)
        jitter = rng.integers(-5, 6, n) / 1000.0
        out += [Sample(f"noise.t{k}", t0 + i + jitter[i], float(v[i]), Quality.GOOD) for i in range(n)]
    return out


def bytes_per_value(name: str, batch: list, t0: float, hours: float, url: str) -> dict:
    from hmi.config import HistorianConfig
    from hmi.store.db import open_database
    from hmi.store.historian import Historian
    from hmi.store.historian_writer import HistorianWriter
    from hmi.store.rollup import Rollups

    engine = open_database(url)
    try:
        w = HistorianWriter(engine, HistorianConfig(batch_max_rows=50_000))
        cpu = time.process_time()
        for i in range(0, len(batch), 5_000):  # as the poller hands them over: a few thousand at a time
            w.sink(batch[i:i + 5_000])
        assert w.flush(600)
        write_cpu = time.process_time() - cpu
        up = Rollups(engine, HistorianConfig())
        cpu = time.process_time()
        up.rollup(t0 + hours * 3600 + 3600)
        rollup_cpu = time.process_time() - cpu
        n = Historian(engine).count()
        raw = _table_bytes(engine, "samples")
        import sqlalchemy as sa

        from hmi.store.partitions import native_compression

        with engine.connect() as conn:
            native = native_compression(conn)
        cpu = time.process_time()
        if native:  # TimescaleDB: its own compression of every chunk (the server's CPU, not this process's)
            wall = time.perf_counter()
            with engine.begin() as conn:
                conn.execute(sa.text("SELECT compress_chunk(ch, if_not_compressed => true) "
                                     "FROM show_chunks('samples') ch"))
            packed, cpu = n, time.perf_counter() - wall
            after = _table_bytes(engine, "samples")
        else:
            packed = up.compact(t0 + hours * 3600 + 30 * DAY, budget_s=3600, compress_after_days=1.0)
            cpu = time.process_time() - cpu
            after = _table_bytes(engine, "sample_chunks")
        assert Historian(engine).count() == n
    finally:
        engine.dispose()
    return {"values": n, "tags": len({s.tag for s in batch}), "packed": packed,
            "packed_by": "TimescaleDB native compression (wall time of compress_chunk)" if native else "Lineside blocks",
            "raw_bytes_per_value": round(raw / n, 2), "packed_bytes_per_value": round(after / n, 2),
            "ratio_raw_over_packed": round(raw / after, 1),
            "write_cpu_s_per_million": round(write_cpu / n * 1e6, 2),
            "rollup_cpu_s_per_million": round(rollup_cpu / n * 1e6, 2),
            "pack_cpu_s_per_million": round(cpu / n * 1e6, 2)}


def _fill_tiers(engine, tags: int, now: float) -> dict:
    """Rollup tiers of ``tags`` tags as five years of 1 s data leave them; the last day raw."""
    import sqlalchemy as sa

    from hmi.config import HistorianConfig
    from hmi.equipment.model import Quality, Sample
    from hmi.store.historian_writer import HistorianWriter
    from hmi.store.rollup import DAY_MS, HOUR_MS, MINUTE_MS, Rollups
    from hmi.store.schema import historian_state, rollup_1d, rollup_1h, tags as tags_t
    from hmi.store.spool import set_server_mark

    rng = np.random.default_rng(2)
    end_ms = int(now * 1000) // DAY_MS * DAY_MS  # rolled up until midnight; the last day stays raw
    start_ms = end_ms - 5 * 365 * DAY_MS
    minute_from = end_ms - 730 * DAY_MS
    with engine.begin() as conn:
        ids = [conn.execute(sa.insert(tags_t).values(key=f"v.t{k}", value_type="float")).inserted_primary_key[0]
               for k in range(tags)]
    marker = "?" if engine.dialect.name == "sqlite" else "%s"

    def rows(step, lo, hi, tag_id):
        ts = np.arange(lo, hi, step, dtype=np.int64)
        v = 50 + 10 * np.sin(ts / 8.64e7 * 2 * np.pi) + rng.normal(0, 1, len(ts))
        n = step // 1000
        return [(tag_id, int(t), float(x) - 3, float(x) + 3, float(x), int(n), 0) for t, x in zip(ts, v)]

    counts = {"minute": 0, "hour": 0, "day": 0}
    for tag_id in ids:
        with engine.begin() as conn:
            for table, step, lo, hi in (
                    ("rollup_1m", MINUTE_MS, minute_from, end_ms),
                    ("rollup_1h", HOUR_MS, end_ms - 3650 * DAY_MS, minute_from),  # older hours: minutes gone
                    ("rollup_1d", DAY_MS, start_ms - 10 * 365 * DAY_MS, minute_from // DAY_MS * DAY_MS)):
                r = rows(step, lo, hi, tag_id)
                if engine.dialect.name == "postgresql":  # COPY: millions of rows in seconds
                    import io

                    buf = io.StringIO("".join("\t".join(map(str, row)) + "\n" for row in r))
                    raw = conn.connection.dbapi_connection
                    with raw.cursor() as cur:
                        cur.copy_expert(f"COPY {table} (tag_id, ts, vmin, vmax, vavg, n, qmax) FROM STDIN", buf)
                    continue
                conn.exec_driver_sql(f"INSERT INTO {table} (tag_id, ts, vmin, vmax, vavg, n, qmax) "
                                     f"VALUES ({', '.join([marker] * 7)})", r)
    with engine.begin() as conn:
        set_server_mark(conn, "rollup_watermark", end_ms)
        set_server_mark(conn, "rollup_1h_watermark", minute_from)
        set_server_mark(conn, "rollup_1d_watermark", minute_from // DAY_MS * DAY_MS)
    up = Rollups(engine, HistorianConfig())
    with engine.begin() as conn:  # the hours and days of the last 730 days, from their minutes
        up._roll_tiers(conn)
        for name, table in (("minute", "rollup_1m"), ("hour", "rollup_1h"), ("day", "rollup_1d")):
            counts[name] = conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table}").scalar()
    w = HistorianWriter(engine, HistorianConfig(batch_max_rows=50_000))
    t_day = np.arange(end_ms / 1000.0, now, 1.0)
    for tag_id, k in zip(ids, range(tags)):
        w.sink([Sample(f"v.t{k}", float(t), float(50 + rng.normal()), Quality.GOOD) for t in t_day])
    assert w.flush(600)
    with engine.begin() as conn:
        conn.execute(sa.update(historian_state).where(historian_state.c.name == "rollup_watermark")
                     .values(value=end_ms))
    if engine.dialect.name == "postgresql":  # planner statistics of the freshly loaded tables, as a running server has
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    return {**counts, "raw_last_day": len(t_day) * tags}


def views(tags: int, repeat: int, url: str) -> dict:
    from hmi.store.db import open_database
    from hmi.store.historian import Historian
    from hmi.store import rollup as rollup_mod

    engine = open_database(url)
    now = time.time()
    try:
        rows = _fill_tiers(engine, tags, now)
        h = Historian(engine)
        keys = [f"v.t{k}" for k in range(tags)]
        spans = {"day": DAY, "week": 7 * DAY, "year": 365 * DAY, "five_years": 5 * 365 * DAY}
        out = {"rows": rows}

        def timed(fn):
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                res = fn()
                times.append((time.perf_counter() - t) * 1000)
            return statistics.median(times), res

        for label, span in spans.items():
            for n in (1, tags):
                ms, res = timed(lambda: h.query(keys[:n], now - span, now, 2000))
                points = len(next(iter(res.values())).ts)
                saved = rollup_mod.TIERS
                rollup_mod.TIERS = saved[:1]  # the baseline: the minute tier alone, as before the tiers
                import hmi.store.historian as hist_mod

                hist_mod.TIERS = rollup_mod.TIERS
                try:
                    base_ms, base = timed(lambda: h.query(keys[:n], now - span, now, 2000))
                finally:
                    rollup_mod.TIERS = hist_mod.TIERS = saved
                out[f"{label}_{n}_tags"] = {"ms": round(ms, 1), "points": points,
                                            "minute_tier_only_ms": round(base_ms, 1),
                                            "minute_tier_only_points": len(next(iter(base.values())).ts),
                                            "ratio_minute_only_over_tiers": round(base_ms / ms, 1) if ms else None}
    finally:
        engine.dispose()
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--hours", type=float, default=6.0, help="hours of data for the bytes-per-value sets")
    ap.add_argument("--tags", type=int, default=16, help="tags of the multi-tag views")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--skip-views", action="store_true")
    ap.add_argument("--pg-url", default=None, metavar="URL",
                    help="measure on PostgreSQL instead (a maintenance database of a role that may CREATE DATABASE; "
                         "a database is made and dropped per measurement)")
    args = ap.parse_args(argv)
    t0 = 1_800_000_000.0
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        result = {"bench": "historian", "backend": "postgresql" if args.pg_url else "sqlite",
                  "load_avg_start": [round(x, 2) for x in os.getloadavg()]}
        if args.pg_url:
            import sqlalchemy as sa

            with sa.create_engine(_psycopg2(args.pg_url)).connect() as c:
                result["server"] = c.execute(sa.text("SHOW server_version")).scalar()
            from hmi.store.partitions import timescale_unavailable

            with _Database(tmp, "probe", args.pg_url) as url:
                probe = sa.create_engine(_psycopg2(url))
                with probe.begin() as c:
                    why = timescale_unavailable(c)
                probe.dispose()
                result["timescaledb"] = "used: samples are a hypertable compressed natively" if why is None else why
        with _Database(tmp, "demo", args.pg_url) as url:
            result["demo"] = bytes_per_value("demo", demo_samples(args.hours, t0), t0, args.hours, url)
        with _Database(tmp, "noisy", args.pg_url) as url:
            result["noisy_float32"] = bytes_per_value("noisy", noisy_samples(args.hours, t0), t0, args.hours, url)
        if not args.skip_views:
            with _Database(tmp, "views", args.pg_url) as url:
                result["views"] = views(args.tags, args.repeat, url)
        result["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
