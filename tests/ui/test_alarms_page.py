"""Alarm summary page: ordering, details, actions through Access, refusals, filters."""
import time

import pytest
from PySide6.QtCore import Qt

from hmi.alarms.engine import AlarmEngine
from hmi.alarms.journal import AlarmJournal
from hmi.alarms.model import AlarmState
from hmi.equipment.model import Quality, Sample
from hmi.security.access import Access
from hmi.security.audit import AuditTrail
from hmi.security.users import UserStore
from hmi.store.db import open_database, sqlite_url
from hmi.ui.alarm_bridge import AlarmBridge, wait_for_workers
from hmi.ui.login import SessionManager


@pytest.fixture
def secure(runtime, tmp_path):
    """The conftest FakeRuntime with a real alarm engine, journal, users, audit trail and Access."""
    eng = open_database(sqlite_url(tmp_path / "station.db"))
    runtime.alarms = AlarmEngine(runtime.plant)
    runtime.users, runtime.audit = UserStore(eng), AuditTrail(eng)
    runtime.access = Access(runtime.users, runtime.audit)
    runtime.journal = AlarmJournal(eng, flush_interval_s=0.05).start()
    runtime.alarms.subscribe(runtime.journal.record)
    admin = runtime.access.create_first_admin("admin", "admin-pass-1")
    runtime.people = {"admin": admin,
                      "kim": runtime.access.create_user(admin, "kim", "operator", "kim-pass-1"),
                      "eva": runtime.access.create_user(admin, "eva", "engineer", "eva-pass-1")}
    yield runtime
    wait_for_workers()
    runtime.journal.stop()
    eng.dispose()


def feed(engine, tag, value, hold_s=6.0):
    t0 = time.time() - hold_s
    engine.process([Sample(tag, t0, value, Quality.GOOD)])
    engine.process([Sample(tag, t0 + hold_s, value, Quality.GOOD)])


@pytest.fixture
def page(qtbot, secure):
    from hmi.ui.pages.alarms import AlarmsPage

    bridge = AlarmBridge(secure.alarms).start()
    session = SessionManager(secure.access)
    p = AlarmsPage(secure, bridge, session)
    qtbot.addWidget(p)
    p.resize(1400, 800)
    p.show()
    p.session_mgr = session
    yield p
    bridge.stop()


def test_most_urgent_first_with_words_and_details(qtbot, page, secure):
    feed(secure.alarms, "press1.bushing_temp", 99.0)          # HI (P2) and HIHI (P1)
    feed(secure.alarms, "caster1.die_temp", 500.0, hold_s=31)  # HI (P3)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=3000)
    ids = [v.alarm_id for v in page.model.rows]
    assert ids == ["press1.bushing_temp.hihi", "press1.bushing_temp.hi", "caster1.die_temp.hi"]
    assert page.model.text(0, 0) == "\u25a0 1 URGENT" and page.model.text(0, 6) == "UNACK ACTIVE"
    assert "99.00 \u00b0C (>= 95.00)" == page.model.text(0, 5)
    assert page.model.text(0, 2) == "Press P-01 (400 t)" and page.model.text(0, 3) == "Bushing temp"  # the label, as on the tile
    assert page.model.data(page.model.index(0, 4), Qt.FontRole).bold()  # unacked: bold
    assert page.select_alarm("press1.bushing_temp.hihi")
    assert "Lubrication loss" in page.detail_text.text()
    assert "Stop the press and inspect" in page.detail_text.text()
    assert "3 shown, 3 unacknowledged" == page.count_label.text()


def test_without_login_acknowledge_is_refused_with_the_message(qtbot, page, secure):
    feed(secure.alarms, "press1.bushing_temp", 99.0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    page.select_alarm("press1.bushing_temp.hi")
    with qtbot.waitSignal(page.sig_refused, timeout=5000):
        page.acknowledge_selected()
    assert "log in to acknowledge alarms" in page.message_text().lower()
    assert secure.alarms.state("press1.bushing_temp.hi") == AlarmState.UNACK_ACTIVE


def test_operator_acknowledges_with_comment_and_it_is_audited(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["kim"])
    feed(secure.alarms, "press1.bushing_temp", 99.0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    page.select_alarm("press1.bushing_temp.hihi")
    page.comment.setText("lube pump checked")
    with qtbot.waitSignal(page.sig_action_done, timeout=5000):
        qtbot.mouseClick(page.ack_button, Qt.LeftButton)
    assert secure.alarms.state("press1.bushing_temp.hihi") == AlarmState.ACK_ACTIVE
    assert secure.alarms.state("press1.bushing_temp.hi") == AlarmState.UNACK_ACTIVE
    qtbot.waitUntil(lambda: page.model.text(0, 6) == "ACK ACTIVE", timeout=3000)  # P1 stays on top, steady
    assert page.model.text(1, 6) == "UNACK ACTIVE"
    entries = secure.audit.entries(action="alarm.acknowledge")
    assert entries[0].user == "kim" and entries[0].target == "press1.bushing_temp.hihi"
    assert entries[0].detail == {"comment": "lube pump checked"}
    with qtbot.waitSignal(page.sig_action_done, timeout=5000):
        page.acknowledge_visible()
    assert secure.alarms.unacked_by_priority() == {1: 0, 2: 0, 3: 0, 4: 0}
    assert "Acknowledged 1 alarm" in page.message_text()


def test_operator_may_not_shelve_engineer_may_with_reason(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["kim"])
    feed(secure.alarms, "press1.bushing_temp", 99.0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    page.select_alarm("press1.bushing_temp.hi")
    with qtbot.waitSignal(page.sig_refused, timeout=5000) as sig:
        page.shelve_selected(3600, "sensor being replaced")
    assert sig.args[0] == "operator 'kim' may not shelve alarms (engineer and up)"
    assert "operator 'kim' may not shelve alarms" in page.message_text()
    assert page.message.property("error") is True
    assert secure.audit.entries(action="access.denied")[0].detail["action"] == "alarm.shelve"
    assert "needs engineer and up" in page.shelve_button.toolTip()

    page.session_mgr.set_user(secure.people["eva"])
    with qtbot.waitSignal(page.sig_action_done, timeout=5000):
        page.shelve_selected(900, "sensor being replaced")
    v = secure.alarms.get("press1.bushing_temp.hi")
    assert v.state == AlarmState.SHELVED and v.reason == "sensor being replaced"
    qtbot.waitUntil(lambda: [r.alarm_id for r in page.model.rows] == ["press1.bushing_temp.hihi"], timeout=3000)
    page.state_filter.setCurrentText("Shelved")
    assert [r.alarm_id for r in page.model.rows] == ["press1.bushing_temp.hi"]
    assert page.model.text(0, 6).startswith("Shelved until") and "by eva" in page.model.text(0, 6)
    page.select_alarm("press1.bushing_temp.hi")
    assert page.unshelve_button.isEnabled()
    with qtbot.waitSignal(page.sig_action_done, timeout=5000):
        page.unshelve_selected()
    assert secure.alarms.state("press1.bushing_temp.hi") == AlarmState.UNACK_ACTIVE


def test_shelve_dialog_needs_a_reason(qtbot, page, secure, monkeypatch):
    from PySide6.QtWidgets import QDialog

    from hmi.ui.pages import alarms as mod

    page.session_mgr.set_user(secure.people["eva"])
    feed(secure.alarms, "press1.bushing_temp", 99.0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    page.select_alarm("press1.bushing_temp.hi")
    seen = {}

    def fake_exec(dlg):
        seen["ok_before"] = dlg.ok.isEnabled()
        dlg.reason.setText("  ")
        seen["ok_blank"] = dlg.ok.isEnabled()
        dlg.duration.setCurrentIndex(0)  # 15 min
        dlg.reason.setText("thermocouple swap")
        seen["ok_after"] = dlg.ok.isEnabled()
        return QDialog.Accepted

    monkeypatch.setattr(mod.ReasonDialog, "exec", fake_exec)
    with qtbot.waitSignal(page.sig_action_done, timeout=5000):
        qtbot.mouseClick(page.shelve_button, Qt.LeftButton)
    assert seen == {"ok_before": False, "ok_blank": False, "ok_after": True}
    v = secure.alarms.get("press1.bushing_temp.hi")
    assert v.reason == "thermocouple swap" and 850 < v.shelved_until - time.time() <= 900


def test_out_of_service_return_and_reset_latched(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["eva"])
    feed(secure.alarms, "press1.state", 1)  # machine running: lube alarms not suppressed
    feed(secure.alarms, "press1.lube_pressure", 1.0)  # LO (P2) and latching LOLO (P1)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    page.select_alarm("press1.lube_pressure.lo")
    with qtbot.waitSignal(page.sig_action_done, timeout=5000):
        page.out_of_service_selected("pressure switch faulty")
    assert secure.alarms.state("press1.lube_pressure.lo") == AlarmState.OUT_OF_SERVICE
    page.state_filter.setCurrentText("Out of service")
    page.select_alarm("press1.lube_pressure.lo")
    assert page.rts_button.isEnabled()
    with qtbot.waitSignal(page.sig_action_done, timeout=5000):
        page.return_to_service_selected()
    assert secure.alarms.state("press1.lube_pressure.lo") == AlarmState.UNACK_ACTIVE
    # latching LOLO: acknowledge, condition clears, reset
    page.state_filter.setCurrentText("Annunciated")
    page.select_alarm("press1.lube_pressure.lolo")
    with qtbot.waitSignal(page.sig_action_done, timeout=5000):
        page.acknowledge_selected()
    feed(secure.alarms, "press1.lube_pressure", 4.0)
    qtbot.waitUntil(lambda: "reset needed" in page.model.text(
        [r.alarm_id for r in page.model.rows].index("press1.lube_pressure.lolo"), 6), timeout=3000)
    page.select_alarm("press1.lube_pressure.lolo")
    assert page.reset_button.isEnabled()
    with qtbot.waitSignal(page.sig_action_done, timeout=5000):
        page.reset_selected()
    assert secure.alarms.state("press1.lube_pressure.lolo") == AlarmState.NORMAL
    assert [e.action for e in secure.audit.entries(limit=4)][:3] == ["alarm.reset", "alarm.acknowledge",
                                                                     "alarm.in_service"]


def test_filters_by_equipment_and_priority(qtbot, page, secure):
    feed(secure.alarms, "press1.bushing_temp", 99.0)
    feed(secure.alarms, "caster1.melt_temp", 760.0, hold_s=11)
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=3000)
    page.eq_filter.setCurrentIndex(page.eq_filter.findData("caster1"))
    assert [r.alarm_id for r in page.model.rows] == ["caster1.melt_temp.hi"]
    page.eq_filter.setCurrentIndex(0)
    page.prio_filter.setCurrentIndex(page.prio_filter.findData(1))
    assert [r.alarm_id for r in page.model.rows] == ["press1.bushing_temp.hihi"]
    page.prio_filter.setCurrentIndex(page.prio_filter.findData(4))
    assert page.model.rowCount() == 0 and "No alarms" in page.empty_label.text()
    page.prio_filter.setCurrentIndex(0)
    page.state_filter.setCurrentText("All configured")
    assert page.model.rowCount() == len(secure.alarms.ids())


def test_a_new_urgent_alarm_does_not_move_the_row_being_acknowledged(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["kim"])
    feed(secure.alarms, "caster1.die_temp", 500.0, hold_s=31)  # HI (P3)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    assert page.select_alarm("caster1.die_temp.hi")
    assert page.ack_button.text() == "Acknowledge\nDie temp HI"  # the button names its target
    # while the operator reads the details, a P1 alarm comes in; sorted, it would take row 0
    feed(secure.alarms, "press1.bushing_temp", 99.0)
    qtbot.waitUntil(lambda: page.waiting_button.isVisible(), timeout=3000)
    assert [v.alarm_id for v in page.model.rows] == ["caster1.die_temp.hi"]
    assert page.table.selectionModel().selectedRows()[0].row() == 0
    assert page.waiting_button.text() == "2 more alarms: show them"
    with qtbot.waitSignal(page.sig_action_done, timeout=5000):
        qtbot.mouseClick(page.ack_button, Qt.LeftButton)
    assert secure.alarms.state("caster1.die_temp.hi") == AlarmState.ACK_ACTIVE
    assert secure.alarms.state("press1.bushing_temp.hihi") == AlarmState.UNACK_ACTIVE
    # the action done, the list sorts again: P1 on top, the selection still on its alarm
    qtbot.waitUntil(lambda: page.model.rowCount() == 3, timeout=3000)
    assert page.model.rows[0].alarm_id == "press1.bushing_temp.hihi"
    assert page.selected().alarm_id == "caster1.die_temp.hi"


def test_what_an_operator_may_not_do_is_disabled_and_said_before_trying(qtbot, page, secure):
    feed(secure.alarms, "press1.bushing_temp", 99.0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    page.select_alarm("press1.bushing_temp.hi")
    assert not page.ack_button.isEnabled() and page.rights_label.text() == "Log in to act on alarms."
    page.session_mgr.set_user(secure.people["kim"])
    assert page.ack_button.isEnabled()
    assert not page.shelve_button.isEnabled() and not page.oos_button.isEnabled()
    assert "kim (operator) may not: shelve (needs engineer and up)" in page.rights_label.text()
    page.session_mgr.set_user(secure.people["eva"])
    assert page.shelve_button.isEnabled() and page.rights_label.isHidden()
