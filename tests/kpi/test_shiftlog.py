"""Shift log: validation, role check and audit, newest-wins downtime reasons, returns."""
import pytest

from hmi.kpi.shiftlog import ShiftLog
from hmi.security.access import Access, PermissionDenied
from hmi.security.audit import AuditTrail
from hmi.security.users import UserStore
from hmi.store.db import open_database, sqlite_url


@pytest.fixture
def setup(tmp_path):
    engine = open_database(sqlite_url(tmp_path / "kpi.db"))
    access = Access(UserStore(engine), AuditTrail(engine))
    admin = access.create_first_admin("admin", "admin-pass-1")
    access.create_user(admin, "kim", "operator", "kim-pass-1")
    kim = access.users.get("kim")
    clock = iter(range(1000, 2000)).__next__
    yield ShiftLog(engine, access, clock=lambda: float(clock())), access, kim
    engine.dispose()


def test_entries_are_checked_stored_and_audited(setup):
    log, access, kim = setup
    n = log.add_note(kim, "line1", "  new coil supplier  ")
    m = log.add_material(kim, "line1", "steel coil DC04", 12.5, "t", lot="C-881")
    d = log.add_downtime(kim, "line1", "press1", 100.0, 400.0, "die change", note="upper die cracked")
    r = log.add_returns(kim, "line1", "2026-10", 31, 1040)
    assert n.text == "new coil supplier" and m.lot == "C-881" and d.reason_code == "die change"
    assert [e.kind for e in log.entries("line1")] == ["returns", "downtime", "material", "note"]
    assert [e.kind for e in log.entries("line1", kinds=["material"])] == ["material"]
    audited = access.audit.entries(action="shift.log", user="kim", newest_first=False)
    assert [e.target for e in audited] == ["line1/note", "line1/material", "line1/downtime", "line1/returns"]
    assert audited[2].after["reason_code"] == "die change" and audited[2].after["id"] == d.id
    assert access.audit.verify().ok
    assert r.month == "2026-10" and log.returns("line1") == {"2026-10": (31.0, 1040.0)}


def test_refused_without_login_and_bad_input_rejected(setup):
    log, access, kim = setup
    with pytest.raises(PermissionDenied):
        log.add_note(None, "line1", "anonymous")
    assert access.audit.entries(action="access.denied")[0].detail["action"] == "shift.log"
    for bad in (lambda: log.add_note(kim, "line1", "  "),
                lambda: log.add_downtime(kim, "line1", "press1", 10, 10, "x"),
                lambda: log.add_downtime(kim, "line1", "press1", 10, 20, ""),
                lambda: log.add_material(kim, "line1", "coil", 0, "t"),
                lambda: log.add_returns(kim, "line1", "2026-13", 1, 10),
                lambda: log.add_returns(kim, "line1", "2026-01", 11, 10)):
        with pytest.raises(ValueError):
            bad()
    assert log.entries("line1") == []


def test_newer_downtime_reason_wins(setup):
    log, _, kim = setup
    log.add_downtime(kim, "line1", "press1", 100, 400, "tool change")
    log.add_downtime(kim, "line1", "press1", 200, 300, "die change")        # relabels the middle
    log.add_downtime(kim, "line1", "caster1", 100, 400, "cleaning")
    rs = log.reasons("line1", 0, 1000)
    assert [(r.start, r.end, r.code) for r in rs["press1"]] == [(100, 200, "tool change"), (200, 300, "die change"),
                                                                 (300, 400, "tool change")]
    assert [r.code for r in rs["caster1"]] == ["cleaning"]
    assert log.reasons("line1", 500, 1000) == {}
