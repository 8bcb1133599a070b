"""The historian's tiers (#20): samples packed into hourly blocks past ``compress_after_days``, read back exactly by
every reader; hourly and daily rollups; retention per tier; an old database moved to the tiers without losing a
sample.  On SQLite and PostgreSQL (the ``db_url`` fixture)."""
from __future__ import annotations

import csv
import sqlite3

import numpy as np
import pytest
import sqlalchemy as sa

from hmi.config import HistorianConfig
from hmi.equipment.model import Quality, Sample
from hmi.store.chunks import decode_chunk, encode_chunk
from hmi.store.db import open_database, sqlite_url
from hmi.store.historian import Historian
from hmi.store.historian_writer import HistorianWriter
from hmi.store.rollup import Rollups
from hmi.store.schema import rollup_1d, rollup_1h, rollup_1m, sample_chunks, samples

DAY = 86_400.0
T0 = 1_800_000_000.0 - 1_800_000_000.0 % DAY  # a UTC midnight
G, B, C = Quality.GOOD, Quality.BAD, Quality.COMM_FAIL


@pytest.fixture
def engine(db_url):
    eng = open_database(db_url)
    yield eng
    eng.dispose()


def _plant_like(days: float, period: float = 5.0, seed: int = 3) -> list[Sample]:
    """Two days of a float32 temperature with noise, a 0.1-scaled pressure, a counter, a state word and a string,
    with a communication failure (no values, an error) in the middle."""
    rng = np.random.default_rng(seed)
    n = int(days * DAY / period)
    ts = T0 + np.arange(n) * period + rng.integers(-30, 30, n) / 1000.0
    temp = (60 + 5 * np.sin(np.arange(n) / 500) + rng.normal(0, 0.3, n)).astype(np.float32).astype(float)
    pres = rng.integers(400, 620, n) * 0.1
    count = np.cumsum(rng.integers(0, 2, n))
    out = []
    for i in range(n):
        t = float(ts[i])
        if 1000 <= i < 1030:
            out += [Sample(k, t, None, C, "connection refused") for k in ("m.temp", "m.pres", "m.count")]
            continue
        out += [Sample("m.temp", t, float(temp[i]), G), Sample("m.pres", t, float(pres[i]), G),
                Sample("m.count", t, int(count[i]), G)]
        if i % 700 == 0:
            out.append(Sample("m.recipe", t, f"R-{i // 700 % 3}", G))
        if i == 2000:
            out.append(Sample("m.temp", t + 0.5, float("nan"), B, "not a number"))
    return out


def _write(engine, batch, **cfg):
    w = HistorianWriter(engine, HistorianConfig(batch_max_rows=50_000, **cfg))
    w.sink(batch)
    assert w.flush(60)
    return w


def _export(h, path):
    h.export_csv(path, None, None, None)
    return path.read_text(encoding="utf-8")


def test_blocks_read_back_exactly_through_every_reader(engine, tmp_path):
    batch = _plant_like(2.0)
    _write(engine, batch)
    h = Historian(engine)
    up = Rollups(engine, HistorianConfig())
    up.rollup(T0 + 3 * DAY)
    before = {k: h.raw(k, T0, T0 + 2 * DAY) for k in ("m.temp", "m.pres", "m.count", "m.recipe")}
    views = {(k, span): h.query([k], T0 + 3600, T0 + 3600 + span, 2000)[k]
             for k in ("m.temp", "m.count") for span in (600.0, 5 * 3600.0, 1.5 * DAY)}
    csv_before = _export(h, tmp_path / "a.csv")
    latest_before = h.latest()
    n = h.count()
    assert n == len(batch)

    packed = up.compact(T0 + 10 * DAY, budget_s=60, compress_after_days=1.0)
    assert packed == n  # both days are older than the window: everything packed
    with engine.connect() as c:
        assert c.execute(sa.select(sa.func.count()).select_from(samples)).scalar() == 0
        blocks = c.execute(sa.select(sa.func.count()).select_from(sample_chunks)).scalar()
    assert 3 * 48 <= blocks <= 4 * 48  # one block per tag and hour (the string tag has a few hours)
    assert h.count() == n
    for k, s in before.items():
        got = h.raw(k, T0, T0 + 2 * DAY)
        assert np.array_equal(got.ts, s.ts) and np.array_equal(got.quality, s.quality)
        if s.value.dtype == object:
            assert list(got.value) == list(s.value)
        else:
            assert np.array_equal(got.value, s.value, equal_nan=True)
    for (k, span), s in views.items():
        got = h.query([k], T0 + 3600, T0 + 3600 + span, 2000)[k]
        assert got.source == s.source and np.array_equal(got.ts, s.ts), (k, span)
        assert np.allclose(got.value, s.value, equal_nan=True) and np.array_equal(got.vmin, s.vmin, equal_nan=True)
        assert np.array_equal(got.vmax, s.vmax, equal_nan=True)
    assert _export(h, tmp_path / "b.csv") == csv_before
    assert h.latest() == latest_before


def test_late_rows_for_a_packed_hour_are_counted_in_its_rollups(engine):
    _write(engine, _plant_like(1.0))
    up = Rollups(engine, HistorianConfig())
    up.rollup(T0 + 2 * DAY)
    up.compact(T0 + 10 * DAY, budget_s=60, compress_after_days=1.0)
    h = Historian(engine)
    minute = T0 + 7200.0
    n_before = int(h.rollups("m.temp", minute, minute)["n"][0])
    _write(engine, [Sample("m.temp", minute + 1.234, 99.5, G)])  # moves the minute watermark back
    up.rollup(T0 + 2 * DAY)
    r = h.rollups("m.temp", minute, minute)
    assert int(r["n"][0]) == n_before + 1 and r["vmax"][0] == 99.5  # every sample of the minute, packed or late
    from hmi.store.schema import tags

    with engine.connect() as c:
        tid = c.execute(sa.select(tags.c.id).where(tags.c.key == "m.temp")).scalar()
        hour = c.execute(sa.select(rollup_1h.c.n, rollup_1h.c.vmax)
                         .where(rollup_1h.c.tag_id == tid, rollup_1h.c.ts == int(minute * 1000))).first()
    assert hour.vmax == 99.5
    assert up.compact(T0 + 10 * DAY, budget_s=60, compress_after_days=1.0) > 0
    got = h.raw("m.temp", minute, minute + 2)
    assert 99.5 in got.value.tolist()


def test_hour_and_day_tiers_sum_the_minutes_and_long_views_read_few_rows(engine):
    _write(engine, _plant_like(3.0, period=10.0))
    up = Rollups(engine, HistorianConfig())
    up.rollup(T0 + 4 * DAY)
    with engine.connect() as c:
        def total(t):
            return c.execute(sa.select(sa.func.sum(t.c.n), sa.func.max(t.c.vmax), sa.func.min(t.c.vmin))).one()
        m, hr, d = total(rollup_1m), total(rollup_1h), total(rollup_1d)
        days = c.execute(sa.select(sa.func.count()).select_from(rollup_1d)).scalar()
    assert m == hr == d and days == 3 * 3  # three numeric tags, three days
    h = Historian(engine)
    week = h.query(["m.temp"], T0, T0 + 3 * DAY, 100)["m.temp"]
    assert week.source == "rollup" and len(week.ts) <= 50
    assert np.nanmax(week.vmax) == pytest.approx(h.raw("m.temp", T0, T0 + 3 * DAY).value[
        h.raw("m.temp", T0, T0 + 3 * DAY).quality == 0].max())


def test_retention_deletes_whole_blocks_and_each_tier_past_its_age(engine):
    _write(engine, _plant_like(2.0, period=20.0))
    cfg = HistorianConfig(retention_days=1.0, rollup_retention_days=1.0, hour_rollup_retention_days=1.0,
                          day_rollup_retention_days=5.0)
    up = Rollups(engine, cfg)
    up.rollup(T0 + 3 * DAY)
    up.compact(T0 + 2 * DAY + 60, budget_s=60, compress_after_days=0.5)
    h = Historian(engine)
    n = h.count()
    res = up.apply_retention(T0 + 2 * DAY + 60)
    assert res["raw"] > 0 and h.count() == n - res["raw"]
    assert h.raw("m.temp", T0, T0 + DAY - 3600).ts.size == 0 and h.raw("m.temp", T0 + DAY + 60, T0 + 2 * DAY).ts.size
    with engine.connect() as c:
        assert c.execute(sa.select(sa.func.min(rollup_1h.c.ts))).scalar() >= int((T0 + DAY) * 1000)
        assert c.execute(sa.select(sa.func.min(rollup_1d.c.ts))).scalar() == int(T0 * 1000)  # kept 5 days
    old = h.query(["m.temp"], T0, T0 + DAY - 1, 2000)["m.temp"]
    assert old.source == "rollup" and len(old.ts) == 1  # only the daily tier reaches back there


def test_a_database_from_before_the_tiers_moves_to_them_without_losing_a_sample(tmp_path):
    """Migration (#20 acceptance): samples written at revision 0008 are all there after the upgrade and after the
    upkeep has packed them."""
    from alembic import command

    from hmi.store.db import alembic_config

    path = tmp_path / "old.db"
    url = sqlite_url(path)
    command.upgrade(alembic_config(url), "0008")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO tags (id, key, value_type) VALUES (1, 'old.temp', 'float')")
    rows = [(1, int((T0 + i * 10) * 1000), 20.0 + (i % 50) * 0.5, None, 0, None) for i in range(30_000)]
    con.executemany("INSERT INTO samples VALUES (?, ?, ?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    engine = open_database(url)  # upgraded to head on open
    try:
        h = Historian(engine)
        assert h.count() == 30_000
        up = Rollups(engine, HistorianConfig())
        up.rollup(T0 + 30_000 * 10 + 3600)  # the last hour rolled up too: only rolled-up hours are packed
        assert up.compact(T0 + 100 * DAY, budget_s=60) == 30_000
        assert h.count() == 30_000
        got = h.raw("old.temp", T0, T0 + 30_000 * 10)
        assert len(got.ts) == 30_000 and np.array_equal(got.value, np.array([r[2] for r in rows]))
    finally:
        engine.dispose()


@pytest.mark.parametrize("kind", ["float32 noise", "scaled register", "float64 noise"])
def test_block_codec_is_lossless_and_small(kind):
    rng = np.random.default_rng(1)
    n = 3600
    ts = (T0 * 1000 + np.arange(n) * 1000 + rng.integers(-5, 5, n)).astype(np.int64)
    v = {"float32 noise": (50 + rng.normal(0, 2, n)).astype(np.float32).astype(float),
         "scaled register": rng.integers(0, 1000, n) * 0.1,
         "float64 noise": 50 + rng.normal(0, 2, n)}[kind]
    q = np.zeros(n, np.int8)
    blob = encode_chunk(ts, v, q)
    back = decode_chunk(blob)
    assert np.array_equal(back.ts, ts) and np.array_equal(back.value, v)
    limit = {"float32 noise": 4.0, "scaled register": 4.0, "float64 noise": 8.5}[kind]
    assert len(blob) / n <= limit  # float64 noise has ~52 random bits a value: no lossless code gets under 6.5


def test_a_shorter_tier_retention_that_would_delete_history_needs_confirming(engine):
    from hmi.store.rollup import RetentionChange, guard_retention

    _write(engine, _plant_like(2.0, period=60.0))
    Rollups(engine, HistorianConfig()).rollup(T0 + 3 * DAY)
    now = T0 + 2.5 * DAY
    assert guard_retention(engine, HistorianConfig(), now) == []
    with pytest.raises(RetentionChange, match="hourly rollups from 3650 to 1 days deletes"):
        guard_retention(engine, HistorianConfig(hour_rollup_retention_days=1.0), now)
    Rollups(engine, HistorianConfig()).compact(now, budget_s=60, compress_after_days=0.5)
    with pytest.raises(RetentionChange, match=r"raw samples from 90 to 1 days deletes [\d,]+ rows"):
        guard_retention(engine, HistorianConfig(retention_days=1.0), now)  # packed samples are counted too
    changes = guard_retention(engine, HistorianConfig(hour_rollup_retention_days=1.0), now, confirmed=True)
    assert [c["tier"] for c in changes] == ["hour"] and changes[0]["rows"] > 0
