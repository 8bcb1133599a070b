"""The maintenance log: entries in the database, permission and audit, Weibull CSV export and report."""
from __future__ import annotations

from datetime import date

import pytest

from hmi.maintenance.log import MaintenanceLog
from hmi.maintenance.weibull import read_events
from hmi.security.access import Access, PermissionDenied
from hmi.security.audit import AuditTrail
from hmi.security.users import UserStore
from hmi.store.db import open_database


@pytest.fixture
def db(db_url):  # SQLite file and PostgreSQL (tests/conftest.py)
    eng = open_database(db_url)
    access = Access(UserStore(eng), AuditTrail(eng))
    admin = access.create_first_admin("admin", "admin-pass-1")
    people = {"choi": access.create_user(admin, "choi", "maintenance", "choi-pass-1"),
              "kim": access.create_user(admin, "kim", "operator", "kim-pass-1")}
    yield eng, access, people
    eng.dispose()


HISTORY = [  # press bushings: ages in running hours between renewals
    ("press1", "2023-01-10", 1900, "failure"), ("press1", "2023-06-01", 4100, "failure"),
    ("press1", "2023-12-01", 6300, "preventive"), ("press1", "2024-05-20", 8400, "failure"),
    ("press2", "2023-03-01", 2300, "failure"), ("press2", "2023-09-15", 4600, "failure"),
    ("press2", "2024-02-01", 6200, "preventive"), ("press2", "2024-08-01", 8500, "failure"),
    ("press3", "2023-04-01", 2500, "failure"), ("press3", "2023-11-01", 5000, "failure"),
]


def test_add_list_permission_audit(db):
    eng, access, people = db
    log = MaintenanceLog(eng, access, clock=lambda: 1_800_000_000.0)
    e = log.add(people["choi"], "press1", "main-shaft bushing", "replaced", "2026-02-03", usage=18250, usage_unit="h",
                mode="failure", note="seized")
    assert e.id > 0 and e.user == "choi" and e.date == date(2026, 2, 3)
    log.add(people["choi"], "press1", "main-shaft bushing", "inspected", date(2026, 2, 10), note="ok")
    got = log.entries("press1")
    assert [x.event for x in got] == ["inspected", "replaced"]  # newest first
    assert got[1].usage == 18250 and got[1].mode == "failure" and got[1].note == "seized"
    # operators may not log maintenance; nothing is stored
    with pytest.raises(PermissionDenied):
        log.add(people["kim"], "press1", "main-shaft bushing", "replaced", "2026-02-04", usage=1, mode="failure")
    assert len(log.entries()) == 2
    acts = [a for a in access.audit.entries() if a.action == "maintenance.log"]
    assert len(acts) == 2 and acts[0].target == "press1/main-shaft bushing"


@pytest.mark.parametrize("kw, msg", [
    (dict(event="swapped", mode="failure", usage=1), "event"),
    (dict(event="replaced", mode=None, usage=1), "mode"),
    (dict(event="replaced", mode="failure", usage=None), "usage"),
    (dict(event="replaced", mode="failure", usage=-5), "negative"),
])
def test_validation(db, kw, msg):
    eng, access, people = db
    log = MaintenanceLog(eng, access)
    with pytest.raises(ValueError, match=msg):
        log.add(people["choi"], "press1", "bushing", on="2026-01-01", **kw)


def test_export_csv_and_weibull_report(db, tmp_path):
    eng, _access, _people = db
    log = MaintenanceLog(eng)  # no access gate (tests, import tools)
    for eq, d, usage, mode in HISTORY:
        log.add("choi", eq, "main-shaft bushing", "replaced", d, usage=usage, usage_unit="h", mode=mode)
    log.add("choi", "press1", "main-shaft bushing", "inspected", "2024-06-01")
    p = tmp_path / "log.csv"
    log.export_csv(p)
    evs = read_events(p)
    assert len(evs) == len(HISTORY)  # inspections are not renewals
    assert {e.component for e in evs} == {"press1/main-shaft bushing", "press2/main-shaft bushing",
                                          "press3/main-shaft bushing"}
    assert {e.type for e in evs} == {"main-shaft bushing"}
    rep = log.report(cp=1, cf=10, now=date(2024, 9, 1))
    ty = rep["types"]["main-shaft bushing"]
    assert ty["n_failures"] == 8
    assert ty["shape"] > 1 and 1000 < ty["scale"] < 10000
    assert rep["optimal_interval"] and rep["optimal_interval"] < ty["scale"]
    comps = {c["component"]: c for c in rep["components"]}
    assert comps["press1/main-shaft bushing"]["next_due"] is not None


def test_empty_report(db):
    eng, _a, _p = db
    rep = MaintenanceLog(eng).report()
    assert rep["types"] == {} and rep["components"] == []
