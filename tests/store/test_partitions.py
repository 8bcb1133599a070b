"""PostgreSQL: raw samples partitioned by UTC month (#20); made ahead by the upkeep, dropped whole by retention,
and a database from before the partitions moved into them without losing a row."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from hmi.config import HistorianConfig
from hmi.equipment.model import Quality, Sample
from hmi.store.db import open_database
from hmi.store.historian import Historian
from hmi.store.historian_writer import HistorianWriter
from hmi.store.partitions import drop_partitions_before, ensure_partitions, month_bounds, partitions
from hmi.store.rollup import Rollups

from .old_schema import DAY, T0, old_database

pytestmark = pytest.mark.postgresql


def _write(engine, batch):
    w = HistorianWriter(engine, HistorianConfig(batch_max_rows=50_000))
    w.sink(batch)
    assert w.flush(60)


def test_an_unpartitioned_database_is_moved_into_monthly_partitions_without_losing_a_row(pg_database):
    old_database(pg_database)  # 100 days of hourly samples across four months
    engine = open_database(pg_database)  # upgraded to head on open
    try:
        assert Historian(engine).count() == 2400
        with engine.connect() as c:
            parts = partitions(c)
            assert "samples_default" in parts and month_bounds(int((T0 - 60 * DAY) * 1000))[2] in parts
            assert c.execute(sa.text("SELECT COUNT(*) FROM samples_default")).scalar() == 0
        got = Historian(engine).raw("old.temp", T0 - 61 * DAY, T0 + 41 * DAY)
        assert len(got.ts) == 2400 and got.value[-1] == 2399 * 0.5
    finally:
        engine.dispose()


def test_partitions_are_made_ahead_and_rows_that_came_early_are_moved_into_theirs(pg_database):
    engine = open_database(pg_database)
    try:
        far = T0 + 400 * DAY  # a month no partition covers yet: the default one takes it
        _write(engine, [Sample("m.t", far, 1.0, Quality.GOOD), Sample("m.t", far + 60, 2.0, Quality.GOOD)])
        with engine.connect() as c:
            assert c.execute(sa.text("SELECT COUNT(*) FROM samples_default")).scalar() == 2
        made = ensure_partitions(engine, int(far * 1000), months_ahead=1)
        assert month_bounds(int(far * 1000))[2] in made
        with engine.connect() as c:
            assert c.execute(sa.text("SELECT COUNT(*) FROM samples_default")).scalar() == 0
        assert len(Historian(engine).raw("m.t", far - 1, far + 61).ts) == 2
        assert ensure_partitions(engine, int(far * 1000), months_ahead=1) == []  # idempotent
    finally:
        engine.dispose()


def test_retention_drops_whole_months_and_counts_their_rows(pg_database):
    engine = open_database(pg_database)
    try:
        ensure_partitions(engine, int((T0 - 90 * DAY) * 1000), months_ahead=4)
        _write(engine, [Sample("m.t", T0 - 80 * DAY + i * 3600, float(i), Quality.GOOD) for i in range(24 * 90)])
        h = Historian(engine)
        n = h.count()
        old_month = month_bounds(int((T0 - 80 * DAY) * 1000))[2]
        res = Rollups(engine, HistorianConfig(retention_days=30)).apply_retention(T0)
        with engine.connect() as c:
            assert old_month not in partitions(c)
        assert res["raw"] == n - h.count() and h.raw("m.t", T0 - 90 * DAY, T0 - 31 * DAY).ts.size == 0
        with engine.begin() as c:
            assert drop_partitions_before(c, 0) == 0
    finally:
        engine.dispose()
