"""`lineside trace decode|lookup|contain|coverage`."""
from __future__ import annotations

import json

import pytest

from hmi.cli import main
from hmi.config import demo_config_path
from hmi.store.db import open_database, sqlite_url
from hmi.trace.genealogy import ParamSnapshot, TraceStore
from vision.marks import render_mark

T0 = 1_800_057_600.0


@pytest.fixture
def db(tmp_path):
    url = sqlite_url(tmp_path / "t.db")
    eng = open_database(url)
    store = TraceStore(eng)
    for i in range(3):
        store.record_step(f"C12701160000{i}", line="line1", product="wheel", step="cast", station="cast1",
                          equipment="caster1", start_ts=T0 + 220 * i, end_ts=T0 + 220 * (i + 1), result="ok",
                          params=[ParamSnapshot("caster1.melt_temp", 700, 712, 705, 30, "°C", 690, 730)],
                          lots={"heat": "H270116001"})
    eng.dispose()
    return url


def test_decode_json_reports_every_image(tmp_path, capsys):
    good = tmp_path / "good.png"
    render_mark("C127011600001", good)
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"nope")
    assert main(["trace", "decode", str(good), str(bad), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["text"] == "C127011600001" and rows[0]["format"] == "DataMatrix" and rows[0]["ms"] > 0
    assert rows[1]["text"] is None and "not a readable image" in rows[1]["error"]
    assert main(["trace", "decode", str(bad), "--json"]) == 1  # nothing decoded: non-zero, still JSON
    assert json.loads(capsys.readouterr().out)[0]["text"] is None


def test_lookup_json_and_failures(db, capsys):
    assert main(["trace", "lookup", "C127011600001", "--db", db, "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["serial"] == "C127011600001" and doc["steps"][0]["params"][0]["in_range"] is True
    assert doc["lots"][0]["lot"] == "H270116001"
    assert main(["trace", "lookup", "C127011699999", "--db", db, "--json"]) == 1
    assert "no part C127011699999" in capsys.readouterr().err
    assert main(["trace", "lookup", "bad", "--db", db, "--config", str(demo_config_path())]) == 1
    assert "serial format" in capsys.readouterr().err
    assert main(["trace", "lookup", "C1", "--db", "sqlite:////nonexistent/x.db"]) == 1


def test_contain_and_coverage(db, tmp_path, capsys):
    out = tmp_path / "c.csv"
    assert main(["trace", "contain", "--db", db, "--equipment", "caster1", "--from", str(T0 + 300),
                 "--to", str(T0 + 500), "--out", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [p["serial"] for p in doc["parts"]] == ["C127011600001", "C127011600002"]
    assert out.read_text(encoding="utf-8").count("\n") == 3
    assert main(["trace", "contain", "--db", db, "--lot", "H270116001", "--kind", "heat", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == 3
    assert main(["trace", "contain", "--db", db]) == 1
    assert main(["trace", "coverage", "--db", db, "--from", str(T0), "--to", str(T0 + 86400),
                 "--config", str(demo_config_path()), "--json"]) == 0
    cov = json.loads(capsys.readouterr().out)
    assert [(r["complete"], r["produced"]) for r in cov] == [(3, 3)]  # cast step + heat lot, as configured
    assert main(["trace", "coverage", "--db", db, "--from", str(T0), "--to", str(T0 + 86400), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"line": "line1", "day": "2027-01-16", "produced": 3, "recorded": 3, "complete": 3,
                     "share": 1.0, "missing": {}}]


def _people(url):
    from hmi.security import UserStore

    eng = open_database(url)
    users = UserStore(eng)
    users._create_user("park", "inspector", "park-password")
    users._create_user("kim", "operator", "kim-password")
    users._disable_user("kim")
    eng.dispose()


def test_event_records_shipment_and_refuses_unknown_parts(db, capsys, monkeypatch):
    _people(db)
    monkeypatch.setenv("LINESIDE_PASSWORD", "park-password")
    assert main(["trace", "event", "C127011600002", "--kind", "shipment", "--ref", "DN-4711", "--db", db,
                 "--user", "park", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["kind"] == "shipment"
    assert main(["trace", "lookup", "C127011600002", "--db", db, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["events"][0]["ref"] == "DN-4711"
    assert main(["trace", "event", "C127011699999", "--kind", "scrap", "--db", db, "--user", "park"]) == 1
    assert "no part C127011699999" in capsys.readouterr().err


def test_an_event_needs_a_user_who_logs_in_and_is_audited(db, capsys, monkeypatch):
    """The probe: `trace event --kind scrap --user park` needed no log-in and wrote no audit entry."""
    from hmi.security.audit import AuditTrail

    _people(db)
    scrap = ["trace", "event", "C127011600001", "--kind", "scrap", "--db", db]
    with pytest.raises(SystemExit):
        main(scrap)  # --user is required
    monkeypatch.setenv("LINESIDE_PASSWORD", "wrong-password")
    assert main([*scrap, "--user", "park"]) == 1
    assert "refused" in capsys.readouterr().err
    monkeypatch.setenv("LINESIDE_PASSWORD", "kim-password")
    assert main([*scrap, "--user", "kim"]) == 1  # disabled
    monkeypatch.delenv("LINESIDE_PASSWORD")
    assert main([*scrap, "--user", "park"]) == 1  # no password and no terminal
    assert "LINESIDE_PASSWORD" in capsys.readouterr().err
    monkeypatch.setenv("LINESIDE_PASSWORD", "park-password")
    assert main([*scrap, "--user", "park", "--note", "crack"]) == 0
    eng = open_database(db)
    try:
        got = [(e.user, e.action, e.target) for e in AuditTrail(eng).entries(newest_first=False)]
        assert got[-2:] == [("park", "login", "park"), ("park", "trace.event", "C127011600001")]
        assert ("park", "login.failed", "park") in got and ("kim", "login.failed", "kim") in got
        ev = TraceStore(eng).lookup("C127011600001").events[0]
        assert (ev.kind, ev.user_name, ev.note) == ("scrap", "park", "crack")
    finally:
        eng.dispose()
