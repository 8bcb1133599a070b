"""Historian writer and reader, on an SQLite file and on PostgreSQL (the ``db_url`` fixture)."""
from __future__ import annotations

import csv
import sqlite3
import threading
import time

import numpy as np
import pytest
import sqlalchemy as sa

from hmi.config import HistorianConfig
from hmi.equipment.model import Quality, Sample
from hmi.store.db import open_database, sqlite_url
from hmi.store.historian import Historian, Series
from hmi.store.historian_writer import HistorianWriter, insert_sample_rows
from hmi.store.rollup import Rollups
from hmi.store.schema import historian_state, samples

T0 = 1_800_000_000.0  # a whole minute (2027-01-15T08:00:00Z)
assert T0 % 60 == 0

G, B, S, C = Quality.GOOD, Quality.BAD, Quality.STALE, Quality.COMM_FAIL
#: A statement of every transaction that writes samples, on every backend (PostgreSQL sends the rows
#: themselves with COPY, which bypasses SQLAlchemy's statement events).
WRITE_STATEMENT = "UPDATE historian_state"


@pytest.fixture
def engine(db_url):
    """A migrated plant database, once on SQLite and once on PostgreSQL (see tests/conftest.py)."""
    eng = open_database(db_url)
    yield eng
    eng.dispose()


def small_cfg(**kw) -> HistorianConfig:
    base = dict(batch_max_rows=500, flush_interval_s=0.05, buffer_max_rows=100_000)
    base.update(kw)
    return HistorianConfig(**base)


def write(engine, batch, cfg=None) -> HistorianWriter:
    """Write samples synchronously (no writer thread)."""
    w = HistorianWriter(engine, cfg or small_cfg(batch_max_rows=50_000))
    w.sink(batch)
    assert w.flush(30)
    return w


def count_rows(engine) -> int:
    with engine.connect() as c:
        return c.execute(sa.select(sa.func.count()).select_from(samples)).scalar()


def wait_for(pred, timeout=5.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(0.01)
    return pred()


# ------------------------------------------------------------------------------ round trip
def test_write_and_read_back_all_value_kinds(engine):
    batch = [
        Sample("m1.temp", T0 + 0.25, 21.5, G),
        Sample("m1.temp", T0 + 1.0, None, C, "connection refused"),
        Sample("m1.temp", T0 + 2.0, 22.75, G),
        Sample("m1.count", T0, 41, G),
        Sample("m1.count", T0 + 1, 42, G),
        Sample("m1.run", T0, False, G),
        Sample("m1.run", T0 + 1, True, G),
        Sample("m1.recipe", T0, "A-12", G),
        Sample("m1.recipe", T0 + 1, None, S, "no fresh read"),
        Sample("m1.bad", T0, None, B, "exception 2: illegal data address"),
    ]
    w = write(engine, batch)
    assert w.stats()["rows_written"] == len(batch)
    h = Historian(engine)
    assert h.tags() == ["m1.bad", "m1.count", "m1.recipe", "m1.run", "m1.temp"]

    temp = h.raw("m1.temp", T0, T0 + 10)
    assert isinstance(temp, Series) and temp.source == "raw"
    np.testing.assert_allclose(temp.ts, [T0 + 0.25, T0 + 1, T0 + 2])
    np.testing.assert_array_equal(temp.value, [21.5, np.nan, 22.75])
    np.testing.assert_array_equal(temp.quality, [0, 3, 0])
    assert temp.value.dtype == np.float64 and temp.vmin is temp.value

    np.testing.assert_array_equal(h.raw("m1.run", T0, T0 + 10).value, [0.0, 1.0])
    rec = h.raw("m1.recipe", T0, T0 + 10)
    assert list(rec.value) == ["A-12", None] and list(rec.quality) == [0, 2]

    last = h.latest(["m1.temp", "m1.count", "m1.run", "m1.recipe", "m1.bad", "nope"])
    assert set(last) == {"m1.temp", "m1.count", "m1.run", "m1.recipe", "m1.bad"}
    assert last["m1.temp"] == Sample("m1.temp", T0 + 2.0, 22.75, G, None)
    assert last["m1.count"].value == 42 and type(last["m1.count"].value) is int
    assert last["m1.run"].value is True
    assert last["m1.recipe"] == Sample("m1.recipe", T0 + 1, None, S, "no fresh read")
    assert last["m1.bad"].quality is B and last["m1.bad"].error == "exception 2: illegal data address"
    assert set(h.latest()) == set(last)  # None = all tags

    assert h.raw("unknown", T0, T0 + 10).ts.size == 0
    assert h.query(["unknown"], T0, T0 + 10)["unknown"].ts.size == 0


def test_timestamps_keep_milliseconds(engine):
    write(engine, [Sample("a.b", T0 + 0.001, 1.0, G), Sample("a.b", T0 + 59.999, 2.0, G)])
    s = Historian(engine).raw("a.b", T0, T0 + 60)
    np.testing.assert_allclose(s.ts, [T0 + 0.001, T0 + 59.999], atol=1e-6)


# --------------------------------------------------------------------------------- writer
def test_writer_thread_flushes_on_interval_and_on_flush(engine):
    w = HistorianWriter(engine, small_cfg(flush_interval_s=0.05))
    w.start()
    try:
        w.sink([Sample("x.y", T0 + i, float(i), G) for i in range(10)])
        # periodic flush without asking
        assert wait_for(lambda: w.stats()["rows_written"] == 10)
        # flush() returns once everything submitted before the call is committed
        for k in range(20):
            w.sink([Sample("x.y", T0 + 100 + k * 50 + i, float(i), G) for i in range(50)])
        assert w.flush(10)
        st = w.stats()
        assert st["rows_written"] == 1010 and st["buffered"] == 0 and st["rows_dropped"] == 0
        assert st["flushes"] >= 3  # batch_max_rows=500 -> at least 3 transactions for 1000 rows
        assert st["last_error"] is None and st["running"] and st["last_flush_ms"] > 0
        assert count_rows(engine) == 1010
        w.sink([Sample("x.y", T0 + 5000, 1.0, G)])
    finally:
        assert w.stop(flush=True)
    assert count_rows(engine) == 1011
    assert not w.stats()["running"]


def test_sink_from_many_threads_while_writing(engine):
    w = HistorianWriter(engine, small_cfg(batch_max_rows=2000))
    w.start()

    def producer(n):
        for k in range(50):
            w.sink([Sample(f"p{n}.v", T0 + k * 100 + i, float(i), G) for i in range(100)])

    threads = [threading.Thread(target=producer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert w.stop()
    assert count_rows(engine) == 4 * 50 * 100
    assert w.stats()["rows_written"] == 20_000


def test_bounded_buffer_drops_oldest_and_counts(engine):
    w = HistorianWriter(engine, small_cfg(buffer_max_rows=100))
    for k in range(3):
        w.sink([Sample("b.v", T0 + k * 50 + i, float(k * 50 + i), G) for i in range(50)])
    st = w.stats()
    assert st["rows_dropped"] == 50 and st["buffered"] == 100
    w.sink([Sample("b.v", T0 + 1000 + i, float(1000 + i), G) for i in range(130)])  # more than the buffer
    st = w.stats()
    assert st["rows_dropped"] == 50 + 130 and st["buffered"] == 100
    assert w.flush(10)
    vals = Historian(engine).raw("b.v", T0, T0 + 5000).value
    np.testing.assert_array_equal(vals, np.arange(1030, 1130, dtype=float))  # the newest 100 survive


def test_sink_does_not_block_on_a_slow_database(engine):
    gate = threading.Event()

    def slow(conn, cursor, statement, params, context, executemany):
        if statement.startswith(WRITE_STATEMENT):
            gate.wait(5)

    sa.event.listen(engine, "before_cursor_execute", slow)
    w = HistorianWriter(engine, small_cfg(batch_max_rows=100))
    w.start()
    try:
        w.sink([Sample("s.v", T0 + i, 1.0, G) for i in range(200)])
        time.sleep(0.1)  # the writer is now stuck inside INSERT
        t = time.perf_counter()
        for k in range(200):
            w.sink([Sample("s.v", T0 + 1000 + k * 10 + i, 1.0, G) for i in range(10)])
        elapsed = time.perf_counter() - t
        assert elapsed < 1.0, elapsed  # 200 sink() calls took ms, not the 5 s the INSERT is held
        gate.set()
        assert w.flush(10)
    finally:
        gate.set()
        w.stop()
        sa.event.remove(engine, "before_cursor_execute", slow)
    assert count_rows(engine) == 2200


def test_database_error_keeps_rows_and_retries(engine, caplog):
    failing = threading.Event()
    failing.set()

    def fail(conn, cursor, statement, params, context, executemany):
        if failing.is_set() and statement.startswith(WRITE_STATEMENT):
            raise sqlite3.OperationalError("disk I/O error (simulated)")

    sa.event.listen(engine, "before_cursor_execute", fail)
    w = HistorianWriter(engine, small_cfg(batch_max_rows=100))
    w.max_backoff_s = 0.1
    w.start()
    try:
        for k in range(5):
            w.sink([Sample("e.v", T0 + k * 100 + i, float(k * 100 + i), G) for i in range(100)])
        assert wait_for(lambda: w.stats()["errors"] >= 2)  # retried
        st = w.stats()
        assert "simulated" in st["last_error"] and st["buffered"] == 500 and st["rows_written"] == 0
        assert not w.flush(0.2)  # cannot complete while the database fails
        failing.clear()
        assert w.flush(10)
        st = w.stats()
        assert st["rows_written"] == 500 and st["rows_dropped"] == 0 and st["last_error"] is None
    finally:
        w.stop()
        sa.event.remove(engine, "before_cursor_execute", fail)
    vals = Historian(engine).raw("e.v", T0, T0 + 1000).value
    np.testing.assert_array_equal(vals, np.arange(500, dtype=float))  # all rows, in order, no duplicates
    assert any("historian write failed" in r.message for r in caplog.records)


def test_locked_database_keeps_rows_and_retries(tmp_path):
    path = tmp_path / "locked.db"
    engine = open_database(sqlite_url(path), busy_timeout_s=0.05)
    try:
        w = HistorianWriter(engine, small_cfg())
        w.max_backoff_s = 0.1
        w.sink([Sample("l.v", T0, 1.0, G)])
        assert w.flush(5)  # tag known, database fine
        locker = sqlite3.connect(path, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")
        w.start()
        w.sink([Sample("l.v", T0 + 1 + i, float(i), G) for i in range(300)])
        assert wait_for(lambda: w.stats()["errors"] >= 1)
        assert "locked" in w.stats()["last_error"]
        locker.execute("ROLLBACK")
        locker.close()
        assert w.flush(10)
        assert w.stop()
        assert count_rows(engine) == 301
    finally:
        engine.dispose()


def test_stop_without_writer_thread_flushes_synchronously(engine):
    w = HistorianWriter(engine, small_cfg())
    w.sink([Sample("q.v", T0, 1.0, G)])
    assert w.stop(flush=True)
    assert count_rows(engine) == 1


def test_malformed_sample_is_skipped_not_blocking(engine):
    w = write(engine, [Sample("ok.v", T0, 1.0, G), Sample("bad.v", None, 1.0, G), Sample("ok.v", T0 + 1, 2.0, G)])
    st = w.stats()
    assert st["rows_written"] == 2 and st["rows_dropped"] == 1 and st["buffered"] == 0


# --------------------------------------------------------------------------------- rollup
def _synthetic(rng, tag, t_start, t_end, mean_dt):
    """Irregular samples with a few BAD rows carrying values and a few COMM_FAIL rows without."""
    n = int((t_end - t_start) / mean_dt)
    ts = np.sort(rng.uniform(t_start, t_end, n))
    ts = np.round(ts, 3)
    vals = rng.normal(50, 10, n)
    q = rng.choice([0, 0, 0, 0, 0, 0, 0, 0, 1, 3], n)
    batch = []
    for t, v, qq in zip(ts, vals, q):
        batch.append(Sample(tag, float(t), None if qq == 3 else float(v), Quality(int(qq)), None))
    return batch


def _expected_rollups(batch, until):
    ts = np.array([s.ts for s in batch])
    v = np.array([np.nan if s.value is None else s.value for s in batch])
    q = np.array([int(s.quality) for s in batch])
    minute = (np.floor(np.round(ts * 1000) / 60000) * 60).astype(np.int64)
    out = {}
    for m in np.unique(minute):
        if m + 60 > until:
            continue
        sel = minute == m
        good = sel & (q == 0) & ~np.isnan(v)
        gv = v[good]
        out[int(m)] = (gv.min() if gv.size else np.nan, gv.max() if gv.size else np.nan,
                       gv.mean() if gv.size else np.nan, int(gv.size), int(q[sel].max()))
    return out


def _stored(h, tag):
    r = h.rollups(tag, 0, 4e9)
    return {int(t): (a, b, c, int(n), int(qm))
            for t, a, b, c, n, qm in zip(r["ts"], r["vmin"], r["vmax"], r["vavg"], r["n"], r["qmax"])}


def _assert_same(got, exp):
    assert set(got) == set(exp)
    for m in exp:
        np.testing.assert_allclose(got[m][:3], exp[m][:3], rtol=1e-12, equal_nan=True, err_msg=str(m))
        assert got[m][3:] == exp[m][3:], m


def test_rollup_matches_numpy_incremental_and_idempotent(engine):
    rng = np.random.default_rng(7)
    # starts and ends mid-minute (partial first and last minutes), one gap minute with no data
    a = _synthetic(rng, "r.a", T0 + 17.5, T0 + 600 + 42.3, 0.7)
    a = [s for s in a if not (T0 + 300 <= s.ts < T0 + 360)]
    b = _synthetic(rng, "r.b", T0 + 3, T0 + 500, 2.0)
    text = [Sample("r.txt", T0 + i, f"s{i}", G) for i in range(100)]  # strings are not rolled up
    write(engine, a + b + text)
    h = Historian(engine)

    until1 = T0 + 245.0  # mid-minute: only minutes ending <= until are complete
    n1 = Rollups(h.engine).rollup(until1)
    assert Rollups(h.engine).watermark() == T0 + 240
    _assert_same(_stored(h, "r.a"), _expected_rollups(a, until1))
    _assert_same(_stored(h, "r.b"), _expected_rollups(b, until1))
    assert n1 == len(_expected_rollups(a, until1)) + len(_expected_rollups(b, until1))
    assert _stored(h, "r.txt") == {}

    assert Rollups(h.engine).rollup(until1) == 0  # nothing new: idempotent
    until2 = T0 + 700.0
    Rollups(h.engine).rollup(until2)  # incremental, from the watermark
    exp_a = _expected_rollups(a, until2)
    assert T0 + 300 not in exp_a
    _assert_same(_stored(h, "r.a"), exp_a)
    _assert_same(_stored(h, "r.b"), _expected_rollups(b, until2))

    # recompute from scratch gives the same table
    before = _stored(h, "r.a")
    with engine.begin() as c:
        c.execute(sa.delete(historian_state))
    Rollups(h.engine).rollup(until2)
    assert _stored(h, "r.a").keys() == before.keys()
    _assert_same(_stored(h, "r.a"), {k: v for k, v in before.items()})

    # a late row for an already rolled-up minute moves the watermark back; the minute is recomputed
    late = Sample("r.a", T0 + 61.0, 1000.0, G)
    write(engine, [late])
    assert Rollups(h.engine).watermark() == T0 + 60
    Rollups(h.engine).rollup(until2)
    _assert_same(_stored(h, "r.a"), _expected_rollups(a + [late], until2))
    assert _stored(h, "r.a")[int(T0 + 60)][1] == 1000.0


def test_writer_thread_rolls_up_completed_minutes(engine):
    now = time.time()
    start = (now // 60 - 5) * 60
    batch = [Sample("w.r", start + i, float(i), G) for i in range(0, 240)]
    w = HistorianWriter(engine, small_cfg())
    w.rollup_interval_s = 0.05
    w.start()
    try:
        w.sink(batch)
        assert w.flush(5)
        h = Historian(engine)
        assert wait_for(lambda: len(h.rollups("w.r", start, start + 300)["ts"]) == 4)
        r = h.rollups("w.r", start, start + 300)
        np.testing.assert_array_equal(r["vmin"], [0, 60, 120, 180])
        np.testing.assert_array_equal(r["vmax"], [59, 119, 179, 239])
        np.testing.assert_array_equal(r["n"], [60, 60, 60, 60])
    finally:
        w.stop()


# -------------------------------------------------------------------------------- queries
def _bucket_minmax(ts, v, t0, width_s, nb):
    b = np.floor((np.round(ts * 1000) - round(t0 * 1000)) / (width_s * 1000)).astype(int)
    return ([v[b == k].min() for k in range(nb) if np.any(b == k)],
            [v[b == k].max() for k in range(nb) if np.any(b == k)])


def test_query_raw_when_few_points(engine):
    write(engine, [Sample("f.v", T0 + i, float(i), G) for i in range(100)])
    s = Historian(engine).query(["f.v"], T0, T0 + 99, max_points=100)["f.v"]
    assert s.source == "raw" and len(s.ts) == 100
    np.testing.assert_array_equal(s.vmin, s.vmax)


def test_decimated_query_keeps_true_min_and_max(engine):
    rng = np.random.default_rng(1)
    n = 7200  # 2 h of 1 s data: below the rollup threshold
    v = rng.normal(0, 1, n)
    v[4321] = 500.0  # spike
    v[987] = -300.0  # dip
    batch = [Sample("d.v", T0 + i, float(x), G) for i, x in enumerate(v)]
    batch.append(Sample("d.v", T0 + 100.5, 9999.0, B))  # non-GOOD values do not shape the envelope
    write(engine, batch)
    h = Historian(engine)
    s = h.query(["d.v"], T0, T0 + n - 1, max_points=200)["d.v"]
    assert s.source == "decimated"
    assert len(s.ts) == 100
    assert s.vmax.max() == 500.0 and s.vmin.min() == -300.0
    ts = T0 + np.arange(n)
    width_s = -(-((n - 1) * 1000 + 1) // 100) / 1000  # ceil((hi - lo + 1) ms / buckets)
    exp_min, exp_max = _bucket_minmax(ts, v, T0, width_s, 100)
    np.testing.assert_array_equal(s.vmin, exp_min)
    np.testing.assert_array_equal(s.vmax, exp_max)
    assert np.all(s.vmin <= s.value) and np.all(s.value <= s.vmax)
    assert np.all(np.diff(s.ts) > 0)
    assert s.quality.max() == int(B)  # the bucket with the BAD row says so


def test_long_span_uses_rollups_plus_raw_tail(engine):
    n = 2 * 86400 // 10  # two days of 10 s data
    rng = np.random.default_rng(3)
    v = rng.uniform(0, 10, n)
    v[12345] = 77.0
    batch = [Sample("long.v", T0 + 10 * i, float(x), G) for i, x in enumerate(v)]
    write(engine, batch)
    h = Historian(engine)
    t1 = T0 + 10 * (n - 1)

    s = h.query(["long.v"], T0, t1, max_points=600)["long.v"]
    assert s.source == "decimated"  # no rollups computed yet: falls back to raw buckets

    Rollups(h.engine).rollup(T0 + 86400 + 3600)  # roll up the first 25 hours; the rest is only raw
    s = h.query(["long.v"], T0, t1, max_points=600)["long.v"]
    assert s.source == "rollup"
    assert 250 <= len(s.ts) <= 300
    assert s.vmax.max() == 77.0
    assert s.vmin.min() == v.min()
    np.testing.assert_allclose(s.ts[0], T0)
    assert s.ts[-1] > T0 + 86400 + 3600  # the raw tail after the watermark is there
    np.testing.assert_allclose(np.nanmean(s.value), v.mean(), rtol=0.01)
    # the buckets' counts-weighted means equal the data mean
    width_min = int(np.ceil((t1 - T0 + 0.001) / 60 / 300))
    b = ((np.arange(n) * 10) // (width_min * 60)).astype(int)
    exp_max = [v[b == k].max() for k in np.unique(b)]
    np.testing.assert_array_equal(s.vmax, exp_max)

    Rollups(h.engine).rollup(t1 + 60)  # everything rolled up: same envelope
    s2 = h.query(["long.v"], T0, t1, max_points=600)["long.v"]
    np.testing.assert_array_equal(s2.vmax, s.vmax)
    np.testing.assert_array_equal(s2.vmin, s.vmin)
    np.testing.assert_allclose(s2.value, s.value)


def test_string_tag_over_many_points_is_bounded(engine):
    write(engine, [Sample("t.s", T0 + i, f"r{i % 7}", G) for i in range(3000)])
    s = Historian(engine).query(["t.s"], T0, T0 + 3000, max_points=100)["t.s"]
    assert s.source == "decimated" and len(s.ts) <= 50
    assert set(s.vmin) <= {f"r{k}" for k in range(7)}


@pytest.mark.slow
def test_week_of_one_second_data_draws_fast(engine, capsys):
    n = 7 * 86400
    ts_ms = (np.int64(T0 * 1000) + np.arange(n, dtype=np.int64) * 1000).tolist()
    v = np.sin(np.arange(n) / 3600.0)
    v[400_000] = 5.0
    w = HistorianWriter(engine, small_cfg())
    w.sink([Sample("week.v", T0, 0.0, G)])
    assert w.flush(5)
    tag_id = w._ids["week.v"][0]
    with engine.begin() as c:
        c.execute(sa.delete(samples))
        insert_sample_rows(c, [(tag_id, t, x, None, 0, None) for t, x in zip(ts_ms, v.tolist())],
                           w._multi, w._insert_sql)  # the writer's own bulk path (COPY on PostgreSQL)
        if c.dialect.name == "postgresql":
            c.exec_driver_sql("ANALYZE samples")  # what autovacuum does after a week of inserts
    h = Historian(engine)
    t = time.perf_counter()
    Rollups(h.engine).rollup(T0 + n)
    t_roll = time.perf_counter() - t
    times = []
    for _ in range(5):
        t = time.perf_counter()
        s = h.query(["week.v"], T0, T0 + n - 1, max_points=2000)["week.v"]
        times.append((time.perf_counter() - t) * 1000)
    assert s.source == "rollup" and s.vmax.max() == 5.0 and len(s.ts) <= 1000
    t = time.perf_counter()
    d = h.query(["week.v"], T0, T0 + 6 * 3600, max_points=2000)["week.v"]
    t_6h = (time.perf_counter() - t) * 1000
    assert d.source == "decimated"
    with capsys.disabled():
        print(f"\n[historian] week of 1 s data (604,800 rows): 2000-point query {min(times):.1f} ms "
              f"(median {sorted(times)[2]:.1f} ms, {len(s.ts)} buckets from rollups); "
              f"6 h decimated from raw {t_6h:.1f} ms; rollup of the week {t_roll * 1000:.0f} ms")


@pytest.mark.slow
def test_writer_throughput(engine, capsys):
    tags = [f"eq{k // 20}.t{k % 20}" for k in range(200)]
    batches = [[Sample(tag, T0 + k * 0.1, float(k), G) for tag in tags] for k in range(1000)]
    w = HistorianWriter(engine, HistorianConfig())
    w.start()
    t = time.perf_counter()
    for b in batches:
        w.sink(b)
    assert w.flush(60)
    dt = time.perf_counter() - t
    w.stop()
    assert count_rows(engine) == 200_000
    with capsys.disabled():
        print(f"\n[historian] writer: 200,000 samples (200 tags) in {dt:.2f} s = {200_000 / dt:,.0f} samples/s")


# ------------------------------------------------------------------------------ retention
def test_retention_deletes_only_old_rows(engine):
    now = T0 + 10 * 86400
    batch = []
    for day in range(11):  # one sample per 6 h for 10 days (+ now)
        for k in range(4):
            t = T0 + day * 86400 + k * 6 * 3600
            if t <= now:
                batch.append(Sample("ret.v", t, float(day), G))
    write(engine, batch)
    h = Historian(engine)
    res = Rollups(h.engine, h.cfg).apply_retention(now, retention_days=3, rollup_retention_days=7)
    raw = h.raw("ret.v", 0, 4e9)
    assert raw.ts.min() >= now - 3 * 86400
    assert len(raw.ts) == len([s for s in batch if s.ts >= now - 3 * 86400])
    assert res["raw"] == len(batch) - len(raw.ts)
    r = h.rollups("ret.v", 0, 4e9)
    # raw rows were rolled up before deletion; rollups older than 7 days are gone
    assert r["ts"].min() >= now - 7 * 86400
    assert len(r["ts"]) == len([s for s in batch if now - 7 * 86400 <= s.ts < now - 3 * 86400])
    assert res["rollup"] > 0
    # idempotent
    assert Rollups(h.engine, h.cfg).apply_retention(now, retention_days=3, rollup_retention_days=7) == {"raw": 0, "rollup": 0}


def test_retention_uses_config_defaults(engine):
    write(engine, [Sample("c.v", T0, 1.0, G), Sample("c.v", T0 + 2 * 86400, 2.0, G)])
    h = Historian(engine, HistorianConfig(retention_days=1.0, rollup_retention_days=10.0))
    Rollups(h.engine, h.cfg).apply_retention(T0 + 2 * 86400 + 1)
    assert list(h.raw("c.v", 0, 4e9).value) == [2.0]
    assert list(h.rollups("c.v", 0, 4e9)["vavg"]) == [1.0]


def test_a_shorter_retention_that_deletes_history_needs_confirmation(engine):
    """The probe: `retention_days = -5` deleted the whole historian 60 s after start, nothing in the log.  A
    negative retention is a configuration error now (tests/test_config.py); a shorter one that would delete
    existing rows is refused at start unless confirmed."""
    from hmi.store.rollup import RetentionChange, guard_retention

    now = T0 + 40 * 86400
    write(engine, [Sample("g.v", now - d * 86400, float(d), G) for d in range(0, 40, 2)])  # 20 days of data
    assert guard_retention(engine, HistorianConfig(retention_days=90), now) == []  # first start: remembered
    assert guard_retention(engine, HistorianConfig(retention_days=120), now)[0]["rows"] == 0  # longer: fine
    with pytest.raises(RetentionChange, match=r"raw samples from 120 to 10 days deletes 14 rows.*--confirm-retention"):
        guard_retention(engine, HistorianConfig(retention_days=10), now)
    assert guard_retention(engine, HistorianConfig(retention_days=120), now) == []  # nothing was changed
    got = guard_retention(engine, HistorianConfig(retention_days=10), now, confirmed=True)
    assert got == [{"tier": "raw", "before_days": 120.0, "after_days": 10.0, "rows": 14}]
    assert guard_retention(engine, HistorianConfig(retention_days=10), now) == []  # now the running value
    # shorter but nothing to lose (no minute rollups between 700 and 730 days): no confirmation needed
    got = guard_retention(engine, HistorianConfig(retention_days=10, rollup_retention_days=700), now)
    assert got == [{"tier": "rollup", "before_days": 730.0, "after_days": 700.0, "rows": 0}]


# ---------------------------------------------------------------------------------- export
def test_export_csv(engine, tmp_path):
    write(engine, [
        Sample("e.b", T0 + 0.25, 1.5, G),
        Sample("e.a", T0 + 0.25, True, G),
        Sample("e.a", T0 + 1.0, None, C, "refused"),
        Sample("e.c", T0 + 0.5, "txt, with comma", G),
        Sample("e.b", T0 + 2.0, 2.0, S),
        Sample("e.n", T0 + 3.0, 7, B),
    ])
    h = Historian(engine)
    path = tmp_path / "out.csv"
    n = h.export_csv(path, None, None, None)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "timestamp,tag,value,quality"
    rows = list(csv.reader(text.splitlines()[1:]))
    assert n == len(rows) == 6
    assert rows == [
        ["2027-01-15T08:00:00.250Z", "e.a", "1", "GOOD"],
        ["2027-01-15T08:00:00.250Z", "e.b", "1.5", "GOOD"],
        ["2027-01-15T08:00:00.500Z", "e.c", "txt, with comma", "GOOD"],
        ["2027-01-15T08:00:01.000Z", "e.a", "", "COMM_FAIL"],
        ["2027-01-15T08:00:02.000Z", "e.b", "2.0", "STALE"],
        ["2027-01-15T08:00:03.000Z", "e.n", "7", "BAD"],
    ]
    n = h.export_csv(path, ["e.b"], T0 + 1, T0 + 10)
    assert n == 1 and path.read_text().splitlines()[1:] == ["2027-01-15T08:00:02.000Z,e.b,2.0,STALE"]
    assert h.export_csv(path, ["missing"], T0, T0 + 1) == 0
    assert path.read_text() == "timestamp,tag,value,quality\n"


def test_stop_is_bounded_and_keeps_what_it_could_not_write(engine, caplog, monkeypatch):
    w = HistorianWriter(engine, small_cfg(batch_max_rows=1000, flush_interval_s=60.0))
    real = w._write_batch

    def slow_batch():
        time.sleep(0.1)  # a slow disk: 1,000 rows per 0.1 s
        return real()

    monkeypatch.setattr(w, "_write_batch", slow_batch)
    w.start()
    w.sink([Sample(f"s.t{i % 50}", T0 + i, float(i), G) for i in range(50_000)])
    t = time.monotonic()
    with caplog.at_level("ERROR", logger="hmi.store.historian"):
        assert not w.stop(flush=True, timeout=0.5)
    assert time.monotonic() - t < 3.0  # the deadline is checked between transactions
    left = w.stats()["buffered"]
    assert 0 < left < 50_000 and w.stats()["rows_written"] == 50_000 - left
    assert any("rows not written" in r.getMessage() for r in caplog.records)
    monkeypatch.setattr(w, "_write_batch", real)
    assert w.flush(30)  # nothing was lost: a later flush writes the rest
    assert count_rows(engine) == 50_000


def test_writer_mixed_chunks_keep_types_order_and_nan(engine):
    """Float chunks go through the column-wise fast path, others through the general one."""
    w = HistorianWriter(engine, small_cfg())
    w.start()
    w.sink([Sample(f"m.f{i}", T0 + 1, float(i), G) for i in range(10)])  # tags unknown yet
    w.sink([Sample(f"m.f{i}", T0 + 2, float(i) + 0.5, G) for i in range(10)])
    w.sink([Sample("m.f0", T0 + 3, float("nan"), G), Sample("m.f1", T0 + 3, 7, G),
            Sample("m.f2", T0 + 3, None, Quality.BAD, "exception 2: illegal data address")])
    w.sink([Sample("m.f3", T0 + 4, 1.25, G), Sample("m.f3", T0 + 4, 2.5, G)])  # same ts: order kept
    assert w.stop()
    h = Historian(engine)
    assert list(h.raw("m.f3", T0, T0 + 10).value) == [3.0, 3.5, 1.25, 2.5]
    assert h.raw("m.f2", T0, T0 + 10).quality.tolist() == [0, 0, 1]
    assert count_rows(engine) == 25
