"""Maintenance page: health tiles from a real MaintenanceScorer, log entry through Access, cycles."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QDate

from hmi.equipment.model import Quality, Sample
from hmi.maintenance.log import MaintenanceLog
from hmi.maintenance.scorer import MaintenanceScorer
from hmi.security.access import Access
from hmi.security.audit import AuditTrail
from hmi.security.users import UserStore
from hmi.store.db import open_database, sqlite_url
from hmi.ui.alarm_bridge import wait_for_workers
from hmi.ui.pages.maintenance import MaintenancePage

T0 = 1_800_000_000.0


class FakeSession:
    def __init__(self, user=None):
        self.user = user


@pytest.fixture
def mrt(runtime, tmp_path):
    eng = open_database(sqlite_url(tmp_path / "m.db"))
    runtime.users, runtime.audit = UserStore(eng), AuditTrail(eng)
    runtime.access = Access(runtime.users, runtime.audit)
    admin = runtime.access.create_first_admin("admin", "admin-pass-1")
    runtime.people = {"choi": runtime.access.create_user(admin, "choi", "maintenance", "choi-pass-1"),
                      "kim": runtime.access.create_user(admin, "kim", "operator", "kim-pass-1")}
    runtime.maintenance = MaintenanceScorer(runtime.plant, fit_samples=120, eta_window_s=300, eta_every_s=1)
    runtime.maintenance_log = MaintenanceLog(eng, runtime.access)
    yield runtime
    wait_for_workers()
    eng.dispose()


def feed_press(scorer, n, start, drift_from=None, seed=0):
    """press1: healthy, then (from drift_from) lube pressure falls and the bushing heats 0.05 °C/s."""
    rng = np.random.default_rng(seed)
    for i in range(n):
        s = start + i
        d = max(0, s - drift_from) if drift_from is not None else 0
        ts = T0 + s + 0.1
        scorer.process([
            Sample("press1.bushing_temp", ts, 50 + 0.05 * d + 0.3 * rng.standard_normal(), Quality.GOOD),
            Sample("press1.lube_pressure", ts, max(1.0, 4.0 - 0.01 * d) + 0.03 * rng.standard_normal(), Quality.GOOD),
            Sample("press1.vibration_rms", ts, 2.0 + 0.1 * rng.standard_normal(), Quality.GOOD),
            Sample("press1.motor_current", ts, 80 + rng.standard_normal(), Quality.GOOD),
        ])


def test_tiles_show_learning_then_anomaly_and_eta(qtbot, mrt):
    page = MaintenancePage(mrt, FakeSession(mrt.people["choi"]), refresh_ms=50)
    qtbot.addWidget(page)
    assert "press1" in page.tiles
    tile = page.tiles["press1"]
    feed_press(mrt.maintenance, 60, 0)
    page.refresh()
    assert tile.state.text().startswith("Learning normal running")
    feed_press(mrt.maintenance, 120, 60)
    page.refresh()
    assert tile.state.text() == "Normal" and tile.health.text() != "—"
    feed_press(mrt.maintenance, 620, 180, drift_from=180, seed=1)  # temp 50 -> ~81 °C: above its normal band
    page.refresh()
    assert tile.state.text().startswith("ANOMALY since")
    assert "Contributing sensors:" in tile.drivers.text()
    assert "lube pressure" in tile.drivers.text().lower() or "bushing" in tile.drivers.text().lower()
    assert "reaches HIHI 95 °C after ~" in tile.eta.text() and "more running" in tile.eta.text()
    assert tile.action.text().startswith("Recommended: ")
    assert int(tile.health.text().split()[0]) < 50


def test_log_entry_by_maintenance_and_refusal(qtbot, mrt):
    session = FakeSession(mrt.people["kim"])
    page = MaintenancePage(mrt, session)
    qtbot.addWidget(page)
    assert "maintenance role" in page.message.text()
    page.component.setEditText("main-shaft bushing")
    page.usage.setValue(18250)
    page.date.setDate(QDate(2026, 2, 3))
    with qtbot.waitSignal(page.sig_refused, timeout=5000):
        page.save()
    assert page.message.text().startswith("Refused")
    session.user = mrt.people["choi"]
    page.note.setText("seized, shaft scored")
    with qtbot.waitSignal(page.sig_saved, timeout=5000) as blocker:
        page.save()
    e = blocker.args[0]
    assert e.user == "choi" and e.event == "replaced" and e.mode == "failure" and e.usage == 18250
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    assert page.table.item(0, 2).text() == "main-shaft bushing"
    assert page.message.text().startswith("Saved")


def test_cycles_from_log(qtbot, mrt):
    log = mrt.maintenance_log
    from datetime import date, timedelta

    rate = 13.0  # running hours per day
    end = date.today() - timedelta(days=20)
    hist = []
    for eq, usages in (("press1", (2000, 4100, 6000, 8100)), ("caster1", (2200, 4200, 6300))):
        for u in usages:
            d = end - timedelta(days=round((usages[-1] - u) / rate))
            hist.append((eq, d.isoformat(), u, "failure"))
    for eq, d, u, m in hist:
        log.add(mrt.people["choi"], eq, "main-shaft bushing", "replaced", d, usage=u, usage_unit="h", mode=m)
    page = MaintenancePage(mrt, FakeSession(None))
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.cycles.rowCount() == 2, timeout=5000)
    assert page.table.rowCount() == len(hist)
    row = [page.cycles.item(0, c).text() for c in range(page.cycles.columnCount())]
    assert row[0].endswith("/main-shaft bushing")
    assert float(row[2]) > 1.0  # shape
    assert row[6] != "—"  # next due


def test_without_scorer_or_database(qtbot, runtime):
    page = MaintenancePage(runtime, None)
    qtbot.addWidget(page)
    assert not page.tiles and not page.no_scorer.isHidden()
    assert not page.save_btn.isEnabled()


def test_tile_says_a_limit_is_reached_when_the_model_learnt_the_high_value(qtbot, mrt):
    page = MaintenancePage(mrt, FakeSession(mrt.people["choi"]), refresh_ms=50)
    qtbot.addWidget(page)
    tile = page.tiles["press1"]
    rng = np.random.default_rng(3)
    for i in range(200):  # the scorer learnt the bushing as it is: already above its HIHI limit
        ts = T0 + i + 0.1
        mrt.maintenance.process([
            Sample("press1.bushing_temp", ts, 101.0 + 0.3 * rng.standard_normal(), Quality.GOOD),
            Sample("press1.lube_pressure", ts, 4.0 + 0.03 * rng.standard_normal(), Quality.GOOD),
            Sample("press1.vibration_rms", ts, 2.0 + 0.1 * rng.standard_normal(), Quality.GOOD),
            Sample("press1.motor_current", ts, 80 + rng.standard_normal(), Quality.GOOD),
        ])
    page.refresh()
    assert tile.state.text() == "AT AN ALARM LIMIT"  # not "Normal"
    assert "At the limit now:" in tile.eta.text()
    assert tile.action.text().startswith("Recommended: ") and "No action" not in tile.action.text()


def test_false_alarm_and_relearn_name_the_machine_need_the_role_and_are_audited(qtbot, mrt):
    session = FakeSession(mrt.people["kim"])
    page = MaintenancePage(mrt, session, refresh_ms=50)
    qtbot.addWidget(page)
    asked = []
    page.confirm = lambda q: asked.append(q) or True
    tile = page.tiles["press1"]
    feed_press(mrt.maintenance, 150, 0)
    feed_press(mrt.maintenance, 620, 150, drift_from=150, seed=1)
    page.refresh()
    assert tile.state.text().startswith("ANOMALY since")
    # an operator sees the refusal before touching anything
    assert not tile.false_btn.isEnabled() and not tile.relearn_btn.isEnabled()
    assert "need the maintenance role" in tile.fix_note.text() and "kim" in tile.fix_note.text()
    session.user = mrt.people["choi"]
    page._update_hint()
    page.refresh()
    assert tile.false_btn.isEnabled() and tile.relearn_btn.isEnabled()
    assert "Press" in tile.false_btn.toolTip() or mrt.plant.equipment_by_id("press1").name in tile.false_btn.toolTip()
    with qtbot.waitSignal(page.sig_model_changed, timeout=5000) as blocker:
        tile.false_btn.click()
    assert blocker.args == ["press1", "maintenance.false_alarm"]
    assert asked and mrt.plant.equipment_by_id("press1").name in asked[0]
    assert mrt.maintenance.snapshot()["press1"].state == "ok"
    page.refresh()
    assert not tile.state.text().startswith("ANOMALY") and not tile.false_btn.isEnabled()
    assert tile.fix_note.text().startswith("Done: marked as a false alarm")
    with qtbot.waitSignal(page.sig_model_changed, timeout=5000):
        tile.relearn_btn.click()
    assert mrt.maintenance.snapshot()["press1"].state in ("learning", "no_data")
    rows = [r for r in mrt.audit.entries() if r.action.startswith("maintenance.")]
    assert sorted((r.action, r.user, r.target) for r in rows) == [
        ("maintenance.false_alarm", "choi", "press1"), ("maintenance.relearn", "choi", "press1")]


def test_components_read_in_korean_and_are_stored_in_english(qtbot, mrt, qapp):
    """The offered component names follow the UI language; the log stores them in English (what the replacement
    cycles group by), so a Korean and an English entry of the same part count together."""
    from hmi.ui import i18n

    session = FakeSession(mrt.people["choi"])
    page = MaintenancePage(mrt, session)
    qtbot.addWidget(page)
    i18n.set_language("ko", qapp, persist=False)
    try:
        page.retranslate_ui()
        offered = [page.component.itemText(i) for i in range(page.component.count())]
        assert "메인 샤프트 부싱" in offered and "main-shaft bushing" not in offered
        page.component.setCurrentIndex(offered.index("메인 샤프트 부싱"))
        assert page.component_value() == "main-shaft bushing"
        page.component.setEditText("메인 샤프트 부싱")             # typed as shown: the same part
        assert page.component_value() == "main-shaft bushing"
        page.component.setEditText("tie rod")                       # a part the list does not offer: as typed
        assert page.component_value() == "tie rod"
        page.component.setCurrentIndex(offered.index("메인 샤프트 부싱"))
        page.usage.setValue(18250)
        page.date.setDate(QDate(2026, 2, 3))
        with qtbot.waitSignal(page.sig_saved, timeout=5000) as blocker:
            page.save()
        assert blocker.args[0].component == "main-shaft bushing"
        qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
        assert page.table.item(0, 2).text() == "메인 샤프트 부싱"
    finally:
        i18n.set_language("en", qapp, persist=False)


def test_an_entry_saved_while_the_log_is_being_read_is_shown(qtbot, mrt, monkeypatch):
    """A read of the log that started before a save returns the log without the new entry; the page must read once
    more afterwards rather than drop the request, or the engineer's saved entry never appears."""
    import threading

    session = FakeSession(mrt.people["choi"])
    page = MaintenancePage(mrt, session)
    qtbot.addWidget(page)
    wait_for_workers()
    release = threading.Event()
    real_entries = page.mlog.entries

    def slow_entries(*a, **k):
        rows = real_entries(*a, **k)     # read now, before the save below commits
        release.wait(5)
        return rows

    monkeypatch.setattr(page.mlog, "entries", slow_entries)
    page.load_log()                      # a read in flight
    page.usage.setValue(100)
    with qtbot.waitSignal(page.sig_saved, timeout=5000):
        page.save()
    release.set()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=5000)
    wait_for_workers()
    assert page.table.rowCount() == 1
