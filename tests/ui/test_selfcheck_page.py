"""Self-check page (#19): the plant rates itself on KOSMO's five areas; Lineside fills in the evidence it sees;
ratings are kept with their date, audited, and shown over time."""
from __future__ import annotations

import pytest

from hmi.config import demo_config_path, load_config
from hmi.plantfile.selfcheck import AREAS, supported_levels
from hmi.store.db import sqlite_url
from hmi.ui.alarm_bridge import wait_for_workers
from hmi.ui.login import SessionManager


@pytest.fixture
def station(tmp_path):
    from hmi.runtime import Runtime

    rt = Runtime(load_config(demo_config_path()), sqlite_url(tmp_path / "station.db"), data_dir=tmp_path)
    admin = rt.access.create_first_admin("admin", "admin-pass-1")
    rt.people = {"lee": rt.access.create_user(admin, "lee", "engineer", "lee-pass-12"),
                 "kim": rt.access.create_user(admin, "kim", "operator", "kim-pass-12")}
    yield rt
    wait_for_workers()
    rt.stop()


def test_evidence_follows_what_the_plant_database_holds(station):
    ev = station.self_check_evidence()
    assert ev.facts["devices"] == len(station.plant.equipment) and ev.facts["kpi_lines"] >= 1
    assert any("read automatically" in m for m in ev.lines["field_automation"])
    assert ev.lines["enterprise_resources"] == ["nothing Lineside can see"]
    assert supported_levels(ev.facts)["enterprise_resources"] == 0
    station.shift_log.add_material(station.people["kim"], "line1", "A356 ingot", 1.2, "t", lot="H-221")
    ev = station.self_check_evidence()
    assert ev.facts["materials"] == 1 and supported_levels(ev.facts)["enterprise_resources"] == 1
    assert "1 material receipts" in ev.lines["enterprise_resources"][0]
    # no history kept yet, no device online: field automation stays at basic 1, never guessed higher
    assert supported_levels(ev.facts)["field_automation"] == 1


def test_an_engineer_rates_the_plant_and_progress_shows_over_time(qtbot, station):
    from hmi.ui.pages.selfcheck import SelfCheckPage

    session = SessionManager(station.access)
    page = SelfCheckPage(station, session)
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    qtbot.waitUntil(lambda: page.evidence is not None, timeout=10000)
    assert set(page.levels()) == set(AREAS)
    assert page.levels() == supported_levels(page.evidence.facts)  # no rating yet: the evidence's levels offered
    assert "read automatically" in page.evidence_labels["field_automation"].text()

    session.set_user(station.people["kim"])  # an operator sees why not, before choosing anything
    assert page.hint.isVisible() and "engineer and up" in page.hint.text() and not page.save_button.isEnabled()

    session.set_user(station.people["lee"])
    assert page.save_button.isEnabled()
    page.set_levels({**page.levels(), "field_automation": 2, "factory_operation": 1})
    page.note.setText("before the X-ray AI")
    with qtbot.waitSignal(page.sig_saved, timeout=10000) as saved:
        page.save()
    first = saved.args[0]
    assert first.levels["field_automation"] == 2 and first.user == "lee" and first.note == "before the X-ray AI"
    assert any("read automatically" in m for m in first.evidence["field_automation"])
    page.set_levels({**page.levels(), "field_automation": 3})
    with qtbot.waitSignal(page.sig_saved, timeout=10000):
        page.save()
    history = station.selfchecks.history()
    assert [h.levels["field_automation"] for h in history] == [2, 3]
    assert page.table_model.rowCount() == 2 and page.table_model.rows[0].levels["field_automation"] == 3
    xs, ys = page.curves["field_automation"].getData()
    assert len(xs) == 2 and round(ys[-1]) == 3
    entries = [e for e in station.audit.entries(0, limit=50) if e.action == "selfcheck.rate"]
    assert len(entries) == 2 and entries[0].user == "lee"
    assert "Intermediate 1" in page.last_labels["field_automation"].text()

