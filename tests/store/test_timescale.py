"""PostgreSQL with and without TimescaleDB (#20): the extension is detected, never required.  Without it the raw
samples are partitioned by month and the reason is said; with it they are a hypertable compressed natively, the
same tiers above it, and a database from before is moved without losing a sample.  The TimescaleDB variant skips
with the reason when the test server cannot have the extension (Debian's archive does not package it)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from hmi.config import HistorianConfig
from hmi.store.db import open_database
from hmi.store.historian import Historian
from hmi.store.partitions import (is_hypertable, is_partitioned, native_compression, set_compression_after,
                                  timescale_unavailable)
from hmi.store.rollup import Rollups

from .old_schema import DAY, N, T0, old_database

pytestmark = pytest.mark.postgresql


def _timescale_reason(url: str) -> str | None:
    engine = sa.create_engine(url)
    try:
        with engine.begin() as c:
            return timescale_unavailable(c)
    finally:
        engine.dispose()


def test_without_timescaledb_samples_are_partitioned_and_the_reason_is_said(pg_database):
    why = _timescale_reason(pg_database)
    if why is None:
        pytest.skip("this server has TimescaleDB: the hypertable test covers it")
    assert "TimescaleDB" in why and "monthly partitions" in why, why
    old_database(pg_database)
    engine = open_database(pg_database)
    try:
        with engine.connect() as c:
            assert is_partitioned(c) and not is_hypertable(c) and not native_compression(c)
            assert not set_compression_after(c, 7)  # no policy where there is no hypertable
        assert Historian(engine).count() == N
    finally:
        engine.dispose()


def test_with_timescaledb_samples_are_a_compressed_hypertable_without_losing_a_sample(pg_database):
    why = _timescale_reason(pg_database)
    if why is not None:
        pytest.skip(f"TimescaleDB cannot be had on the test server: {why}")
    old_database(pg_database)
    engine = open_database(pg_database)  # upgraded to head on open: 0010 makes the hypertable
    try:
        with engine.connect() as c:
            assert is_hypertable(c) and not is_partitioned(c) and native_compression(c)
        hist = Historian(engine)
        assert hist.count() == N
        before = hist.raw("old.temp", T0 - 61 * DAY, T0 + 41 * DAY)
        with engine.begin() as c:
            c.execute(sa.text("SELECT compress_chunk(ch, if_not_compressed => true) FROM show_chunks('samples') ch"))
            compressed = c.execute(sa.text("SELECT COUNT(*) FROM timescaledb_information.chunks WHERE "
                                           "hypertable_name = 'samples' AND is_compressed")).scalar()
        assert compressed >= 10  # 100 days in weekly chunks
        after = hist.raw("old.temp", T0 - 61 * DAY, T0 + 41 * DAY)
        assert list(after.ts) == list(before.ts) and list(after.value) == list(before.value)
        assert Rollups(engine).compact(T0 + 60 * DAY) == 0  # TimescaleDB packs the raw rows, Lineside does not
        cfg = HistorianConfig(compress_after_days=3, retention_days=30)
        rollups = Rollups(engine, cfg)
        gone = rollups.apply_retention(T0 + 40 * DAY)["raw"]
        with engine.connect() as c:
            job = c.execute(sa.text("SELECT config FROM timescaledb_information.jobs WHERE proc_name = "
                                    "'policy_compression' AND hypertable_name = 'samples'")).scalar()
        assert int(job["compress_after"]) == 3 * 86_400_000
        left = hist.count()
        assert gone > 0 and left + gone == N  # every sample either kept or counted as deleted
        assert hist.raw("old.temp", T0 - 61 * DAY, T0 - 30 * DAY).ts.size == 0  # nothing past the horizon
    finally:
        engine.dispose()


def test_timescaledb_versions_are_read_as_numbers():
    from hmi.store.partitions import MIN_TIMESCALE, _version

    assert _version("2.11.0") >= MIN_TIMESCALE > _version("2.9.3") and _version("2.17.2-dev") > _version("2.11")
