"""Historian write throughput on PostgreSQL and SQLite (thread writer), plus the back-fill rate of the
local spool after a server outage.

Each run submits ``--scans`` batches of ``--tags`` float samples (like the poller: one timestamp per
batch) to a :class:`HistorianWriter` on its thread and waits for :meth:`flush`; samples/s = rows /
(first sink .. flush done).  Best and median of ``--repeat`` runs, each on a fresh database.
Back-fill: ``--scans`` x ``--tags`` rows placed in the writer's spool (as if the server had been
away), then the time until they are all on the server.  Prints one JSON object.

    python bench/historian_pg.py [--pg-url postgresql://lineside:lineside@127.0.0.1:5432/postgres]
                                 [--tags 200] [--scans 1000] [--repeat 3]

The PostgreSQL server URL names a maintenance database of a role allowed to CREATE DATABASE (default:
$LINESIDE_TEST_PG_URL, else the one above); a temporary database is created and dropped per run.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_PG = "postgresql://lineside:lineside@127.0.0.1:5432/postgres"


def _batches(tags: int, scans: int, t0: float = 1_800_000_000.0):
    from hmi.equipment.model import Quality, Sample

    keys = [f"eq{k // 20}.t{k % 20}" for k in range(tags)]
    return [[Sample(key, t0 + s * 0.1, float(s + k), Quality.GOOD) for k, key in enumerate(keys)]
            for s in range(scans)]


class PgServer:
    def __init__(self, url: str):
        import psycopg2
        from sqlalchemy.engine import make_url

        self.url = make_url(url).set(drivername="postgresql+psycopg2")
        self._connect = lambda: psycopg2.connect(host=self.url.host or "127.0.0.1", port=self.url.port or 5432,
                                                 user=self.url.username, password=self.url.password,
                                                 dbname=self.url.database or "postgres", connect_timeout=5)

    def _admin(self, sql: str) -> None:
        con = self._connect()
        con.autocommit = True
        try:
            with con.cursor() as cur:
                cur.execute(sql)
        finally:
            con.close()

    def create(self) -> tuple[str, str]:
        name = f"lineside_bench_{uuid.uuid4().hex[:10]}"
        self._admin(f'CREATE DATABASE "{name}"')
        return name, self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, name: str) -> None:
        import psycopg2

        for attempt in range(10):  # FORCE ends leftover clients; a plain DROP ends autovacuum workers
            try:
                self._admin(f'DROP DATABASE IF EXISTS "{name}"' + ("" if attempt % 2 else " WITH (FORCE)"))
                return
            except (psycopg2.errors.ObjectInUse, psycopg2.errors.InsufficientPrivilege):
                time.sleep(0.2)

    def version(self) -> str:
        con = self._connect()
        try:
            with con.cursor() as cur:
                cur.execute("SHOW server_version")
                return cur.fetchone()[0]
        finally:
            con.close()


def _write_run(url: str, batches, spool_dir: str) -> float:
    from hmi.config import HistorianConfig
    from hmi.store.db import open_database
    from hmi.store.historian_writer import HistorianWriter

    engine = open_database(url)
    try:
        w = HistorianWriter(engine, HistorianConfig(), spool=Path(spool_dir) / f"{uuid.uuid4().hex}.spool"
                            if engine.url.get_backend_name() != "sqlite" else False)
        w.start()
        t = time.perf_counter()
        for b in batches:
            w.sink(b)
        assert w.flush(600), "flush timed out"
        dt = time.perf_counter() - t
        assert w.stop()
        n = sum(map(len, batches))
        assert w.stats()["rows_written"] == n, w.stats()
        return n / dt
    finally:
        engine.dispose()


def _backfill_run(url: str, batches, spool_dir: str) -> float:
    from hmi.config import HistorianConfig
    from hmi.store.db import open_database
    from hmi.store.historian_writer import HistorianWriter, spool_row

    engine = open_database(url)
    try:
        w = HistorianWriter(engine, HistorianConfig(), spool=Path(spool_dir) / f"{uuid.uuid4().hex}.spool")
        rows = [smp for b in batches for smp in b]
        base = w._seq_base - len(rows) - 1  # spooled by an earlier run of the station
        w.spool.append(spool_row(base + i, smp) for i, smp in enumerate(rows))
        w.start()
        t = time.perf_counter()
        assert w.flush(600), "back-fill timed out"
        dt = time.perf_counter() - t
        assert w.stop() and w.stats()["rows_written"] == len(rows), w.stats()
        return len(rows) / dt
    finally:
        engine.dispose()


def _summary(rates: list[float]) -> dict:
    return {"best_samples_per_s": round(max(rates)), "median_samples_per_s": round(statistics.median(rates)),
            "runs": [round(r) for r in rates]}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pg-url", default=os.environ.get("LINESIDE_TEST_PG_URL") or DEFAULT_PG)
    ap.add_argument("--tags", type=int, default=200)
    ap.add_argument("--scans", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-sqlite", action="store_true")
    args = ap.parse_args(argv)

    from hmi.store.db import sqlite_url

    batches = _batches(args.tags, args.scans)
    out: dict = {"bench": "historian_pg", "samples_per_run": args.tags * args.scans, "tags": args.tags,
                 "python": platform.python_version(), "cpus": os.cpu_count(),
                 "load_avg_start": [round(x, 2) for x in os.getloadavg()]}
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            rates = [_write_run(sqlite_url(Path(tmp) / f"s{i}.db"), batches, tmp) for i in range(args.repeat)]
            out["sqlite_thread_writer"] = _summary(rates)
        try:
            server = PgServer(args.pg_url)
            out["postgresql_version"] = server.version()
        except Exception as exc:  # no server / no driver
            out["postgresql_error"] = str(exc).strip().splitlines()[0]
        else:
            for key, fn in (("postgresql_thread_writer", _write_run), ("postgresql_backfill_from_spool", _backfill_run)):
                rates = []
                for _ in range(args.repeat):
                    name, url = server.create()
                    try:
                        rates.append(fn(url, batches, tmp))
                    finally:
                        server.drop(name)
                out[key] = _summary(rates)
    out["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
