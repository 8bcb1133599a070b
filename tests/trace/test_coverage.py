"""Trace coverage per line and day."""
from __future__ import annotations

import pytest

from hmi.config import demo_config_path, load_config
from hmi.store.db import open_database, sqlite_url
from hmi.trace.coverage import requirements_from_config, trace_coverage
from hmi.trace.genealogy import TraceStore

DAY0 = 1_800_057_600.0  # 2027-01-16 00:00 UTC


@pytest.fixture
def store(tmp_path):
    eng = open_database(sqlite_url(tmp_path / "c.db"))
    yield TraceStore(eng)
    eng.dispose()


def _part(store, serial, t, line="line1", steps=("cast", "xray"), lot=True, result="ok"):
    store.record_part(serial, line=line, created_ts=t)
    for i, st in enumerate(steps):
        store.record_step(serial, step=st, station=st, equipment=st, start_ts=t + i, end_ts=t + i + 1,
                          result=result, lots={"heat": "H1"} if lot and i == 0 else None)


def test_coverage_per_line_and_day_with_reasons(store):
    _part(store, "A1", DAY0 + 100)
    _part(store, "A2", DAY0 + 200, steps=("cast",))           # no x-ray step
    _part(store, "A3", DAY0 + 300, lot=False)                 # no material lot
    _part(store, "A4", DAY0 + 86400 + 10)                     # next day, complete
    _part(store, "B1", DAY0 + 50, line="line2", steps=("press",))
    store.record_part("B2", line="line2", created_ts=DAY0 + 60)  # marked, nothing recorded
    rows = trace_coverage(store.engine, DAY0, DAY0 + 2 * 86400, required_steps={"line1": ["cast", "xray"]},
                          require_lot={"line1": True})
    got = {(r.line, r.day): r for r in rows}
    r = got[("line1", "2027-01-16")]
    assert (r.produced, r.recorded, r.complete, r.share) == (3, 3, 1, pytest.approx(1 / 3))
    assert r.missing == {"step:xray": 1, "lot": 1}
    assert got[("line1", "2027-01-17")].share == 1.0
    # line2 has no stated requirement: every step recorded on it is required; no lot required
    r2 = got[("line2", "2027-01-16")]
    assert (r2.produced, r2.complete, r2.missing) == (2, 1, {"step:press": 1})
    assert [x.line for x in rows] == ["line1", "line1", "line2"]


def test_counted_production_lowers_coverage_and_offset_moves_days(store):
    _part(store, "A1", DAY0 + 3600)
    rows = trace_coverage(store.engine, DAY0 - 86400, DAY0 + 86400, produced={("line1", "2027-01-16"): 4})
    assert [(r.produced, r.complete, r.missing.get("unmarked")) for r in rows] == [(4, 1, 3)]
    assert rows[0].share == 0.25
    rows = trace_coverage(store.engine, DAY0 - 86400, DAY0 + 86400, utc_offset_s=-7200)  # 01:00 UTC = 23:00 day before
    assert rows[0].day == "2027-01-15"
    assert trace_coverage(store.engine, DAY0 + 86400, DAY0 + 2 * 86400) == []


def test_requirements_from_the_demo_plant():
    req = requirements_from_config(load_config(demo_config_path()))
    assert req == {"required_steps": {"line1": ["cast"]}, "require_lot": {"line1": True}}


def test_coverage_provider_feeds_the_kpi_service_per_line(store):
    from hmi.trace.coverage import coverage_provider

    share = coverage_provider(store.engine, load_config(demo_config_path()))
    _part(store, "A1", DAY0 + 100, steps=("cast",))
    _part(store, "A2", DAY0 + 200, steps=("cast",), lot=False)   # no heat number: incomplete
    _part(store, "A3", DAY0 + 86400 + 10, steps=("cast",))        # next day
    assert share("line1", DAY0, DAY0 + 2 * 86400) == pytest.approx(2 / 3)
    assert share("line1", DAY0 + 86400, DAY0 + 2 * 86400) == 1.0
    assert share("line1", DAY0 - 86400, DAY0) is None               # nothing made: no share
    assert share("line9", DAY0, DAY0 + 2 * 86400) is None           # a line without trace stations
