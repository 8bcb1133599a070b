"""ProcessHistorianWriter: the historian writer in a spawned child process (SQLite files)."""
from __future__ import annotations

import math
import sqlite3
import time

import pytest
import sqlalchemy as sa

from hmi.config import HistorianConfig
from hmi.equipment.model import Quality, Sample
from hmi.store.db import open_database, sqlite_url
from hmi.store.historian import Historian
from hmi.store.historian_writer import HistorianWriter
from hmi.store.schema import samples
from hmi.store.writer_process import ProcessHistorianWriter

T0 = 1_800_000_000.0
G, B, S, C = Quality.GOOD, Quality.BAD, Quality.STALE, Quality.COMM_FAIL
STAT_KEYS = {"rows_written", "rows_dropped", "buffered", "flushes", "last_flush_ms", "last_error", "errors",
             "running"}


def cfg(**kw) -> HistorianConfig:
    base = dict(batch_max_rows=5000, flush_interval_s=0.05, buffer_max_rows=1_000_000)
    base.update(kw)
    return HistorianConfig(**base)


@pytest.fixture
def db(tmp_path):
    url = sqlite_url(tmp_path / "data" / "hist.db")
    eng = open_database(url)
    yield url, eng
    eng.dispose()


@pytest.fixture
def writer(db):
    w = ProcessHistorianWriter(db[0], cfg())
    w.start()
    assert w.wait_ready(60)
    yield w
    w.stop(flush=False, timeout=5)


def count_rows(engine) -> int:
    with engine.connect() as c:
        return c.execute(sa.select(sa.func.count()).select_from(samples)).scalar()


def wait_for(pred, timeout=10.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.02)
    return pred()


def test_rows_arrive_and_are_queryable_after_flush(db, writer):
    url, eng = db
    blocks = [[Sample(f"dev.t{i:03d}", T0 + j * 0.01, float(i * 1000 + j), G) for i in range(50)]
              for j in range(400)]
    for b in blocks:
        writer.sink(b)
    assert writer.flush(30)
    st = writer.stats()
    assert STAT_KEYS <= set(st)
    assert st["rows_written"] == 20_000 and st["buffered"] == 0 and st["rows_dropped"] == 0
    assert st["running"] and st["flushes"] >= 1 and st["last_error"] is None
    assert count_rows(eng) == 20_000
    s = Historian(eng).raw("dev.t007", T0, T0 + 10)
    assert len(s.ts) == 400 and s.value[0] == 7000.0 and s.value[-1] == 7399.0
    assert s.ts[1] == pytest.approx(T0 + 0.01)


def test_value_kinds_and_qualities_survive_the_round_trip(db, writer):
    url, eng = db
    batch = [
        Sample("m.f", T0, 1.25, G),
        Sample("m.b", T0, True, G),
        Sample("m.b0", T0, False, G),
        Sample("m.i", T0, -7, G),
        Sample("m.s", T0, "BATCH-42 é", G),
        Sample("m.none", T0, None, B, "exception 2: illegal data address"),
        Sample("m.stale", T0, 3.5, S, "no fresh read"),
        Sample("m.comm", T0, None, C, "connection refused"),
        Sample("m.nan", T0, math.nan, G),
    ]
    writer.sink(batch)
    writer.sink([Sample("m.f", T0 + 1, 2.5, G), Sample("m.s", T0 + 1, "next", G)])
    assert writer.flush(30)
    got = Historian(eng).latest([s.tag for s in batch])
    assert got["m.f"].value == 2.5 and type(got["m.f"].value) is float
    assert got["m.b"].value is True and got["m.b0"].value is False
    assert got["m.i"].value == -7 and type(got["m.i"].value) is int
    assert got["m.s"].value == "next"
    assert got["m.none"].value is None and got["m.none"].quality is B
    assert got["m.none"].error == "exception 2: illegal data address"
    assert got["m.stale"].value == 3.5 and got["m.stale"].quality is S and got["m.stale"].error == "no fresh read"
    assert got["m.comm"].quality is C and got["m.comm"].error == "connection refused"
    assert got["m.nan"].value is None or math.isnan(got["m.nan"].value)
    assert got["m.f"].ts == pytest.approx(T0 + 1)
    # what the thread writer stores for the same samples
    assert writer.stats()["rows_written"] == len(batch) + 2


def test_malformed_samples_are_skipped_and_counted(db, writer):
    url, eng = db
    writer.sink([Sample("ok.a", T0, 1.0, G), ("bad",), Sample(None, T0, 1.0, G), Sample("ok.b", T0, 2.0, G)])
    assert writer.flush(30)
    st = writer.stats()
    assert st["rows_written"] == 2 and st["rows_dropped"] == 2


def test_stop_is_bounded_and_reports_rows_not_written(db):
    url, eng = db
    w = ProcessHistorianWriter(url, cfg(batch_max_rows=1000))
    w.start()
    assert w.wait_ready(60)
    lock = sqlite3.connect(str(eng.url.database), timeout=0)
    lock.execute("BEGIN EXCLUSIVE")  # nobody else can write now
    try:
        w.sink([Sample(f"x.t{i}", T0 + j, float(j), G) for j in range(20) for i in range(100)])
        assert wait_for(lambda: w.stats()["errors"] >= 1, 20)
        assert "locked" in w.stats()["last_error"]
        t = time.monotonic()
        ok = w.stop(flush=True, timeout=1.0)
        took = time.monotonic() - t
    finally:
        lock.rollback()
        lock.close()
    assert not ok and took < 12.0  # timeout + one transaction (busy timeout 5 s) + kill
    assert w.unwritten_at_stop == 2000
    st = w.stats()
    assert not st["running"] and st["rows_written"] == 0


def test_stop_flushes_everything(db):
    url, eng = db
    w = ProcessHistorianWriter(url, cfg())
    w.start()
    w.sink([Sample(f"y.t{i}", T0, float(i), G) for i in range(3000)])  # before the child is ready
    assert w.stop(flush=True, timeout=30)
    assert w.unwritten_at_stop == 0 and count_rows(eng) == 3000
    assert w.stats()["rows_written"] == 3000 and not w.stats()["running"]
    assert w._proc.exitcode == 0


def test_crashed_child_is_detected_and_restarted(db, writer, caplog):
    url, eng = db
    writer.sink([Sample("c.a", T0, 1.0, G)])
    assert writer.flush(30)
    first = writer._proc
    first.kill()
    assert wait_for(lambda: writer.stats()["restarts"] >= 1, 20)
    st = writer.stats()
    assert st["errors"] >= 1 and "exited unexpectedly" in st["last_error"]
    assert writer.wait_ready(60) and writer._proc is not first and writer._proc.is_alive()
    writer.sink([Sample("c.a", T0 + 1, 2.0, G), Sample("c.new", T0 + 1, "s", G)])
    assert writer.flush(30)
    assert count_rows(eng) == 3
    st = writer.stats()
    assert st["rows_written"] == 3 and st["running"]
    assert wait_for(lambda: writer.stats()["last_error"] is None)  # cleared by a successful write
    assert any("exited unexpectedly" in r.getMessage() for r in caplog.records)


def test_flush_without_a_running_child(db):
    w = ProcessHistorianWriter(db[0], cfg())
    assert w.flush(0.1)  # nothing submitted
    w.sink([Sample("n.a", T0, 1.0, G)])
    assert not w.flush(0.1)
    assert w.stats()["buffered"] == 1 and not w.stats()["running"]


def test_buffer_is_bounded_drop_oldest(db):
    w = ProcessHistorianWriter(db[0], cfg(buffer_max_rows=1000))  # not started: rows wait here
    for j in range(30):
        w.sink([Sample(f"d.t{i}", T0 + j, float(j), G) for i in range(100)])
    st = w.stats()
    assert st["buffered"] == 1000 and st["rows_dropped"] == 2000
    w.start()
    assert w.stop(flush=True, timeout=30)
    s = Historian(db[1]).raw("d.t5", T0, T0 + 100)
    assert list(s.value) == [float(j) for j in range(20, 30)]  # the newest were kept


def test_runtime_picks_the_writer(tmp_path, monkeypatch):
    from hmi.config import demo_config_path, load_config
    from hmi.runtime import Runtime

    plant = load_config(demo_config_path())
    monkeypatch.delenv("LINESIDE_HISTORIAN_WRITER", raising=False)
    rt = Runtime(plant, db_url=sqlite_url(tmp_path / "a.db"))
    assert isinstance(rt.writer, ProcessHistorianWriter)
    rt.engine.dispose()
    rt = Runtime(plant, db_url="sqlite://")
    assert isinstance(rt.writer, HistorianWriter)
    rt.engine.dispose()
    monkeypatch.setenv("LINESIDE_HISTORIAN_WRITER", "thread")
    rt = Runtime(plant, db_url=sqlite_url(tmp_path / "b.db"))
    assert isinstance(rt.writer, HistorianWriter)
    rt.engine.dispose()


def test_column_chunks_of_one_write_become_one_tag_sorted_insert_in_arrival_order():
    """Several messages' column-wise chunks are inserted as one list sorted by tag (stable: a tag's rows keep the
    order they came in), with the Python ints and floats the database driver binds."""
    import numpy as np

    from hmi.store.writer_process import ColumnChunk

    keys = ["a", "b", "c"]

    def chunk(idx, ts, val):
        return ColumnChunk(keys, np.array(idx, np.uint32), np.array(ts, float), np.array(val, float),
                           np.zeros(len(idx), np.uint8))

    ids = {"a": [30, "float"], "b": [10, "float"], "c": [20, "int"]}
    flat, kinds = ColumnChunk.flat_rows([chunk([0, 1, 2], [1.0] * 3, [1.5, 2.5, 3.5]),
                                         chunk([2, 0, 1], [2.0] * 3, [4.5, 5.5, 6.5])],
                                        lambda ks: [ids[k] for k in ks])
    assert flat.rows() == [(10, 1000, 2.5, None, 0, None), (10, 2000, 6.5, None, 0, None),
                           (20, 1000, 3.5, None, 0, None), (20, 2000, 4.5, None, 0, None),
                           (30, 1000, 1.5, None, 0, None), (30, 2000, 5.5, None, 0, None)]
    assert {type(v) for v in flat.flat} == {int, float, type(None)} and flat.min_ms == 1000 and len(flat) == 6
    assert kinds == {"c": (ids["c"], "float")}  # a tag that was int now carries floats: recorded
    assert ColumnChunk.flat_rows([chunk([0], [float("nan")], [1.0])], lambda ks: [ids[k] for k in ks]) is None
