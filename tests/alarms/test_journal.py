"""AlarmJournal: events persisted by the background writer (SQLite file migrated by open_database),
query filters, CSV export, journal_json for the CLI."""
from __future__ import annotations

import csv
import json

import pytest
import sqlalchemy as sa

from hmi.alarms import AlarmEngine, AlarmEvent, AlarmJournal, AlarmState, journal_json
from hmi.config import load_config, demo_config_path
from hmi.equipment.model import Quality, Sample
from hmi.store.db import open_database, sqlite_url

T0 = 1_800_000_000.0


class Clock:
    def __init__(self, t: float = T0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def db(db_url):
    url = db_url  # SQLite file and PostgreSQL (tests/conftest.py)
    engine = open_database(url)
    yield url, engine
    engine.dispose()


def _ev(ts, alarm_id="press1.bushing_temp.hi", event="raised", priority=2, message="Bushing temperature high",
        value=81.5, user=None, comment=None):
    tag = alarm_id.rsplit(".", 1)[0] if alarm_id.count(".") == 2 else alarm_id.split(".")[0]
    return AlarmEvent(ts, alarm_id, tag, "HI", priority, event, AlarmState.UNACK_ACTIVE, value, user, comment,
                      message, alarm_id.split(".")[0])


def test_engine_events_are_persisted_by_the_writer_thread(db):
    url, engine = db
    clock = Clock()
    alarms = AlarmEngine(load_config(demo_config_path()), clock=clock)
    journal = AlarmJournal(engine, flush_interval_s=0.05).start()
    alarms.subscribe(journal.record)
    try:
        alarms.process([Sample("press1.bushing_temp", T0, 97.0, Quality.GOOD)])
        alarms.tick(T0 + 5)
        clock.t = T0 + 6
        alarms.acknowledge("press1.bushing_temp.hihi", "kim", "on my way")
        alarms.process([Sample("caster1.melt_temp", T0 + 7, "n/a", Quality.COMM_FAIL, "connection refused")])
        alarms.tick(T0 + 10)
        assert journal.flush(5)
        rows = journal.query(newest_first=False)
    finally:
        journal.stop()
    got = [(r["alarm_id"], r["event"], r["state_after"], r["ts"]) for r in rows]
    assert got == [
        ("press1.bushing_temp.hihi", "raised", "UNACK_ACTIVE", T0 + 2),  # HIHI on-delay 2 s
        ("press1.bushing_temp.hi", "raised", "UNACK_ACTIVE", T0 + 5),
        ("press1.bushing_temp.hihi", "acked", "ACK_ACTIVE", T0 + 6),
        ("caster1.comm", "raised", "UNACK_ACTIVE", T0 + 10),
    ]
    ack = rows[2]
    assert ack["user"] == "kim" and ack["comment"] == "on my way" and ack["value"] == 97.0
    assert ack["equipment"] == "press1" and ack["priority"] == 1 and ack["kind"] == "HIHI"
    assert rows[0]["time"].startswith("2027-01-15T08:00:02")
    assert rows[3]["tag"] == "caster1" and rows[3]["comment"] == "connection refused" and rows[3]["value"] is None
    assert journal.stats()["written"] == 4 and journal.stats()["queued"] == 0


def test_record_does_not_touch_the_database_and_flush_writes(db):
    _url, engine = db
    journal = AlarmJournal(engine)  # not started: flush writes in the caller's thread
    journal.record(_ev(T0))
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM alarm_events").scalar_one() == 0
    assert journal.flush()
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT count(*) FROM alarm_events").scalar_one() == 1


def test_events_survive_a_database_outage(tmp_path):
    engine = open_database(sqlite_url(tmp_path / "a.db"))
    journal = AlarmJournal(engine)
    with engine.begin() as c:
        c.exec_driver_sql("ALTER TABLE alarm_events RENAME TO alarm_events_away")
    journal.record(_ev(T0))
    journal.record(_ev(T0 + 1, event="cleared"))
    assert not journal.flush()
    assert journal.stats()["queued"] == 2 and journal.stats()["failures"] == 1 and journal.last_error
    with engine.begin() as c:
        c.exec_driver_sql("ALTER TABLE alarm_events_away RENAME TO alarm_events")
    assert journal.flush()
    assert [r["event"] for r in journal.query(newest_first=False)] == ["raised", "cleared"]
    engine.dispose()


@pytest.fixture
def filled(db):
    _url, engine = db
    j = AlarmJournal(engine)
    evs = [
        _ev(T0 + 0, "press1.bushing_temp.hi", "raised", 2, "Bushing temperature high"),
        _ev(T0 + 10, "press1.bushing_temp.hi", "acked", 2, "Bushing temperature high", user="kim", comment="lube ok?"),
        _ev(T0 + 20, "caster1.melt_temp.lo", "raised", 2, "Melt temperature low", value=675.0),
        _ev(T0 + 30, "press1.lube_pressure.lolo", "raised", 1, "Lube pressure lost", value=0.9),
        _ev(T0 + 40, "caster1.comm", "raised", 2, "Communication failure: caster", value=None),
        _ev(T0 + 50, "press1.state.digital", "raised", 2, "Press in fault", value=2),
        _ev(T0 + 60, "press1.guard.digital", "raised", 3, "Guard open", value=False),
    ]
    for e in evs:
        j.record(e)
    assert j.flush()
    return j


def test_query_filters(filled):
    j = filled
    ids = lambda rows: [r["alarm_id"] for r in rows]  # noqa: E731
    assert len(j.query()) == 7
    assert ids(j.query(limit=2)) == ["press1.guard.digital", "press1.state.digital"]  # newest first
    assert ids(j.query(T0 + 20, T0 + 40, newest_first=False)) == ["caster1.melt_temp.lo", "press1.lube_pressure.lolo"]
    assert ids(j.query(equipment="caster1", newest_first=False)) == ["caster1.melt_temp.lo", "caster1.comm"]
    assert ids(j.query(priority=1)) == ["press1.lube_pressure.lolo"]
    assert len(j.query(priority=[1, 3])) == 2
    assert ids(j.query(text="LUBE", newest_first=False)) == ["press1.bushing_temp.hi", "press1.lube_pressure.lolo"]
    assert ids(j.query(text="kim")) == ["press1.bushing_temp.hi"]  # matches the user
    assert [r["event"] for r in j.query(alarm_id="press1.bushing_temp.hi", newest_first=False)] == ["raised", "acked"]
    assert len(j.query(event="raised")) == 6
    assert j.query(equipment="press1", priority=2, text="fault")[0]["value"] == 2.0
    assert j.query(text="guard")[0]["value"] == 0.0  # bools stored as 0/1
    assert j.query(equipment="nowhere") == []


def test_export_csv(filled, tmp_path):
    path = tmp_path / "journal.csv"
    assert filled.export_csv(path, equipment="press1") == 5
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["alarm_id"] for r in rows][:2] == ["press1.bushing_temp.hi", "press1.bushing_temp.hi"]
    assert rows[1]["user"] == "kim" and rows[1]["comment"] == "lube ok?" and rows[0]["user"] == ""
    assert float(rows[0]["ts"]) == T0


def test_journal_json_for_the_cli(db, filled):
    url, _engine = db
    rows = journal_json(url, T0 + 25, T0 + 55)
    assert [r["alarm_id"] for r in rows] == ["press1.lube_pressure.lolo", "caster1.comm", "press1.state.digital"]
    json.dumps(rows)  # JSON-ready
    assert journal_json(url, None, None)[0]["event"] == "raised"
    assert len(journal_json(url, None, None)) == 7


def test_migration_created_the_journal_table(db):
    _url, engine = db
    with engine.connect() as c:
        names = set(sa.inspect(c).get_table_names())
        idx = {i["name"] for i in sa.inspect(c).get_indexes("alarm_events")}
    assert {"alarm_events", "users", "audit_log", "audit_head"} <= names
    assert idx == {"ix_alarm_events_ts", "ix_alarm_events_alarm_id_ts"}
