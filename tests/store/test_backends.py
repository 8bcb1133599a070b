"""The same plant database on SQLite and PostgreSQL: migrations, several stations on one database,
the audit chain identical on both, the stream marks (upserts)."""
from __future__ import annotations

import threading

import numpy as np
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from hmi.config import HistorianConfig
from hmi.equipment.model import Quality, Sample
from hmi.security.audit import AuditTrail
from hmi.store.db import head_revision, is_server_url, open_database, schema_revision, sqlite_url
from hmi.store.historian import Historian
from hmi.store.historian_writer import HistorianWriter
from hmi.store.rollup import Rollups
from hmi.store.schema import metadata, samples, tags
from hmi.store.spool import server_mark, set_server_mark

T0 = 1_800_000_000.0
G = Quality.GOOD


@pytest.mark.postgresql
def test_empty_postgresql_database_is_migrated_to_the_schema_module(pg_database):
    engine = open_database(pg_database)
    try:
        assert schema_revision(engine) == head_revision()
        with engine.connect() as c:
            def not_a_partition(obj, name, kind, reflected, compare_to):  # samples' monthly partitions (#20)
                table = obj if kind == "table" else getattr(obj, "table", None)
                tname = getattr(table, "name", name) or ""
                return not (tname.startswith("samples_p") or tname == "samples_default")

            diff = compare_metadata(MigrationContext.configure(
                c, opts={"compare_type": True, "include_object": not_a_partition}), metadata)
            names = set(sa.inspect(c).get_table_names())
        assert diff == []
        assert set(metadata.tables) <= names
    finally:
        engine.dispose()
    engine = open_database(pg_database)  # a second station: already at head, nothing to do
    try:
        assert schema_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_server_url_detection():
    assert is_server_url("postgresql://u:p@h/db") and not is_server_url(sqlite_url("/tmp/x.db"))
    assert not is_server_url("sqlite://")


def test_stations_share_one_database(db_url):
    """Two stations (own engines, own writers) write interleaved samples of partly shared, new tags at
    the same time: every row once, each tag once."""
    engines = [open_database(db_url) for _ in range(2)]
    try:
        writers = [HistorianWriter(e, HistorianConfig(batch_max_rows=200, flush_interval_s=0.02)) for e in engines]
        for w in writers:
            w.start()

        def produce(k: int) -> None:
            w = writers[k]
            for i in range(50):
                w.sink([Sample(f"shared.t{j}", T0 + i + k / 2, float(i), G) for j in range(5)]
                       + [Sample(f"own{k}.t{j}", T0 + i, float(-i), G) for j in range(5)])

        threads = [threading.Thread(target=produce, args=(k,)) for k in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for w in writers:
            assert w.flush(20)
            assert w.stop()
        with engines[0].connect() as c:
            keys = c.execute(sa.select(tags.c.key)).scalars().all()
            n = c.execute(sa.select(sa.func.count()).select_from(samples)).scalar()
        assert sorted(keys) == sorted({f"shared.t{j}" for j in range(5)} | {f"own{k}.t{j}" for k in range(2)
                                                                            for j in range(5)})
        assert n == 2 * 50 * 10
        s = Historian(engines[1]).raw("shared.t3", T0, T0 + 100)
        np.testing.assert_allclose(s.ts, np.sort(np.r_[T0 + np.arange(50), T0 + np.arange(50) + 0.5]))
    finally:
        for e in engines:
            e.dispose()


def test_concurrent_rollups_agree(db_url):
    """Several stations roll up the same database at once: no error, the same rollups as one."""
    engine = open_database(db_url)
    try:
        w = HistorianWriter(engine, HistorianConfig(batch_max_rows=50_000))
        w.sink([Sample("r.v", T0 + i, float(i % 97), G) for i in range(3600)])
        assert w.flush(30)
        Rollups(engine).rollup(T0 + 60)  # the watermark exists: the rollups below lock it in turn
        errors: list[BaseException] = []

        def roll(until: float) -> None:
            try:
                Rollups(engine).rollup(until)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=roll, args=(T0 + 600 * (k + 1),)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        Rollups(engine).rollup(T0 + 3600)
        assert errors == []
        r = Historian(engine).rollups("r.v", T0, T0 + 3600)
        v = np.arange(3600) % 97
        assert r["n"].tolist() == [60] * 60
        np.testing.assert_allclose(r["vmax"], v.reshape(60, 60).max(axis=1))
        np.testing.assert_allclose(r["vavg"], v.reshape(60, 60).mean(axis=1))
    finally:
        engine.dispose()


def test_stream_mark_upsert(db_url):
    engine = open_database(db_url)
    try:
        with engine.begin() as c:
            assert server_mark(c, "spool:test") is None
            set_server_mark(c, "spool:test", 5)
        with engine.begin() as c:
            set_server_mark(c, "spool:test", 2**62)
        with engine.connect() as c:
            assert server_mark(c, "spool:test") == 2**62
    finally:
        engine.dispose()


@pytest.mark.postgresql
def test_audit_chain_is_identical_on_both_backends(tmp_path, pg_migrated):
    hashes = []
    for url in (sqlite_url(tmp_path / "a.db"), pg_migrated):
        engine = open_database(url)
        try:
            t = AuditTrail(engine, clock=lambda: T0 + 0.123)
            t.append("kim", "login", "kim", detail={"method": "password", "ünïcode": "압력"})
            t.append("eve", "setpoint.write", "press1.spm", before=20.5, after=25, detail={"requested": 25.0})
            t.append(None, "config.change", None, before={"a": [1, 2.5, None]}, after=True)
            assert t.verify().ok
            hashes.append([e.hash for e in t.entries(newest_first=False)])
        finally:
            engine.dispose()
    assert len(hashes[0]) == 3 and hashes[0] == hashes[1]


def test_awkward_values_round_trip(db_url):
    """Escapes of PostgreSQL's COPY text format, non-finite floats, NUL (never a poison row)."""
    engine = open_database(db_url)
    try:
        w = HistorianWriter(engine, HistorianConfig())
        texts = ["a\tb\nc\\d\re", "ünï 압력 \\N", "", "x\x00y"]
        w.sink([Sample("t.s", T0 + i, v, G) for i, v in enumerate(texts)])
        w.sink([Sample("t.f", T0 + i, v, G) for i, v in enumerate([float("inf"), -float("inf"), 1e-300, -0.0])])
        w.sink([Sample("t.e", T0, None, Quality.BAD, "exception 2:\tillegal\\data\naddress")])
        assert w.flush(10)
        h = Historian(engine)
        got = list(h.raw("t.s", T0, T0 + 10).value)
        assert got[:3] == texts[:3] and got[3] in ("xy", "x\x00y")
        assert list(h.raw("t.f", T0, T0 + 10).value) == [float("inf"), -float("inf"), 1e-300, 0.0]
        assert h.latest(["t.e"])["t.e"].error == "exception 2:\tillegal\\data\naddress"
    finally:
        engine.dispose()


def test_stations_starting_at_once_on_a_fresh_database_all_open_it(pg_database):
    """The probe: three stations starting at once on a fresh PostgreSQL database, two of three failed each
    round (duplicate key in pg_type: both created the same tables).  Migrations now run under an advisory
    lock: one migrates, the others wait and find the schema at head.  Separate processes, as stations are."""
    import subprocess
    import sys

    import time

    import alembic.command  # noqa: F401 - warm the import cache for the children

    # each child imports everything first, then waits for the same instant: the migrations really collide
    code = ("import sys, time; import alembic.command, alembic.runtime.migration; "
            "from hmi.store.db import open_database, schema_revision, head_revision; "
            "time.sleep(max(0.0, float(sys.argv[2]) - time.time())); "
            "e = open_database(sys.argv[1]); assert schema_revision(e) == head_revision(); print('ok')")
    for _round in range(2):
        start = time.time() + 6.0
        procs = [subprocess.Popen([sys.executable, "-c", code, pg_database, str(start)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(3)]
        outs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], [err[-800:] for _out, err in outs]
