"""Setpoint dialog: limits and parsing, keypad entry, confirm, guarded write through Access on a worker."""
import threading
import time
from concurrent.futures import Future

import numpy as np
import pytest

from hmi.equipment.model import Quality, Sample
from hmi.security.access import Access
from hmi.security.audit import AuditTrail
from hmi.security.users import UserStore
from hmi.store.db import open_database, sqlite_url
from hmi.ui.alarm_bridge import wait_for_workers
from hmi.ui.login import SessionManager
from hmi.ui.setpoint import SetpointDialog, parse_value, tag_decimals, tag_limits


@pytest.fixture
def secure(runtime, tmp_path):
    eng = open_database(sqlite_url(tmp_path / "station.db"))
    runtime.users, runtime.audit = UserStore(eng), AuditTrail(eng)
    runtime.access = Access(runtime.users, runtime.audit, write_timeout_s=3)
    admin = runtime.access.create_first_admin("admin", "admin-pass-1")
    runtime.people = {"kim": runtime.access.create_user(admin, "kim", "operator", "kim-pass-1"),
                      "eva": runtime.access.create_user(admin, "eva", "engineer", "eva-pass-1")}
    runtime.writes = []
    runtime.write_threads = set()

    def write(key, value):
        runtime.writes.append((key, value))
        runtime.write_threads.add(threading.current_thread().name)
        f = Future()
        f.set_result(type("WriteResult", (), {"ok": True, "read_back": value, "error": None})())
        return f

    runtime.write = write
    runtime.push([Sample("press1.spm_setpoint", time.time(), 30, Quality.GOOD),
                  Sample("press1.lube_pump_on", time.time(), True, Quality.GOOD)])
    yield runtime
    wait_for_workers()
    eng.dispose()


def open_dialog(qtbot, secure, user: str | None, key: str = "press1.spm_setpoint", *, show: bool = True):
    """The setpoint dialog for ``key`` with ``user`` (a name from ``secure.people``, or None) logged in."""
    session = SessionManager(secure.access)
    if user is not None:
        session.set_user(secure.people[user])
    dlg = SetpointDialog(secure, session, key)
    qtbot.addWidget(dlg)
    if show:
        dlg.show()
    return dlg


def test_limits_and_parsing(runtime):
    spm = runtime.plant.tag("press1.spm_setpoint")
    # the plant file's engineering write limits, not the data type's 0 .. 65535
    assert tag_limits(spm) == (0, 40) and tag_decimals(spm) == 0
    assert parse_value(spm, "25") == 25 and isinstance(parse_value(spm, "25"), int)
    for bad, msg in (("", "type a value"), ("2.5", "whole numbers"), ("41", "outside the limits"),
                     ("-1", "outside the limits"), ("abc", "not a number")):
        with pytest.raises(ValueError, match=msg):
            parse_value(spm, bad)
    melt = runtime.plant.tag("caster1.melt_setpoint")
    assert tag_decimals(melt) is None and parse_value(melt, "712,5") == 712.5
    pump = runtime.plant.tag("press1.lube_pump_on")
    assert parse_value(pump, "OFF") is False and parse_value(pump, "ON") is True


def test_engineer_writes_with_keypad_and_confirm(qtbot, secure):
    dlg = open_dialog(qtbot, secure, "eva")
    assert dlg.current_label.text() == "Current value: 30 spm"

    assert "limits 0 \u2026 40 spm" in dlg.limits_label.text() and "whole numbers" in dlg.limits_label.text()
    assert "at most \u00b15 spm per write" in dlg.limits_label.text()
    assert "." not in dlg.keypad.buttons  # whole numbers only: no decimal key
    for k in "25":
        dlg.keypad.press(k)
    dlg.keypad.press("\u23ce")  # Enter = "Write…": asks for confirmation first
    assert dlg.pages.currentIndex() == 1 and secure.writes == []
    assert "Write 25 spm" in dlg.confirm_label.text() and "now 30 spm" in dlg.confirm_label.text()
    with qtbot.waitSignal(dlg.sig_written, timeout=5000) as sig:
        dlg.confirm()
    assert sig.args == ["press1.spm_setpoint", 25]
    assert secure.writes == [("press1.spm_setpoint", 25)]
    assert secure.write_threads and threading.main_thread().name not in secure.write_threads
    assert "read back 25 spm" in dlg.message_text()
    e = secure.audit.entries(limit=1)[0]
    assert (e.action, e.user, e.before, e.after, e.detail) == ("setpoint.write", "eva", 30, 25, {"requested": 25})


def test_operator_is_refused_and_nothing_is_written(qtbot, secure):
    dlg = open_dialog(qtbot, secure, "kim", show=False)
    dlg.value_edit.setText("33")
    assert dlg.request_write()
    with qtbot.waitSignal(dlg.sig_refused, timeout=5000) as sig:
        qtbot.mouseClick(dlg.confirm_button, __import__("PySide6.QtCore").QtCore.Qt.LeftButton)
    assert "operator 'kim' may not write setpoints (engineer and up)" in sig.args[0]
    assert "may not write setpoints" in dlg.message_text() and dlg.pages.currentIndex() == 0
    assert secure.writes == []
    e = secure.audit.entries(limit=1)[0]
    assert e.action == "access.denied" and e.target == "press1.spm_setpoint"


def test_invalid_value_is_explained_before_confirming(qtbot, secure):
    dlg = open_dialog(qtbot, secure, None, show=False)
    dlg.value_edit.setText("99999")
    assert not dlg.request_write()
    assert "outside the limits" in dlg.message_text() and dlg.pages.currentIndex() == 0


def test_bool_tag_uses_on_off_buttons(qtbot, secure):
    dlg = open_dialog(qtbot, secure, "eva", "press1.lube_pump_on", show=False)
    assert dlg.keypad is None and dlg.current_label.text() == "Current value: ON"
    dlg.choose(False)
    assert dlg.request_write()
    with qtbot.waitSignal(dlg.sig_written, timeout=5000):
        dlg.confirm()
    assert secure.writes == [("press1.lube_pump_on", False)]


def test_overview_set_button_opens_the_dialog(qtbot, main_window):
    from PySide6.QtCore import Qt

    panel = main_window.overview.panels["press1"]
    assert set(panel.setpoints) == {"press1.spm_setpoint", "press1.lube_pump_on"}
    assert main_window.overview.panels["caster1"].setpoints.keys() == {"caster1.melt_setpoint"}
    row = panel.setpoints["press1.spm_setpoint"]
    assert row.button.minimumHeight() >= 44
    # this station has no user database: nobody may write, and the button says so before it is pressed
    assert not row.button.isEnabled() and "No user database" in row.button.toolTip()
    row.set_allowed(True)  # as for a user who may write
    qtbot.mouseClick(row.button, Qt.LeftButton)
    dlg = main_window.setpoint_dialog
    assert isinstance(dlg, SetpointDialog) and dlg.key == "press1.spm_setpoint" and dlg.isVisible()
    assert main_window.current_page() == "Overview"  # not a trend click
    dlg.close()
    # normal tiles still open the trend
    qtbot.mouseClick(panel.tiles["press1.bushing_temp"], Qt.LeftButton)
    assert main_window.current_page() == "Trends"


def test_a_step_larger_than_the_tags_max_step_is_refused_before_confirming(qtbot, secure):
    dlg = open_dialog(qtbot, secure, "eva")
    dlg.value_edit.setText("38")  # 30 -> 38: more than 5 spm at once
    assert not dlg.request_write() and dlg.pages.currentIndex() == 0
    assert "more than 5 spm away from the current 30 spm" in dlg.message_text()
    assert secure.writes == []


def test_the_poller_refuses_a_write_outside_the_limits_with_the_reason():
    from hmi.config import demo_config_path, load_config
    from hmi.equipment.poller import Poller, WriteError

    p = Poller(load_config(demo_config_path()))
    fut = p.write("press1.spm_setpoint", 55)
    with pytest.raises(WriteError, match="outside the write limits 0 .. 40"):
        fut.result(timeout=1)


def test_the_forecast_advice_on_the_overview_opens_the_setpoint_it_names(qtbot, main_window):
    """A value forecast to leave its range: the machine's panel says what to do, and its button opens the dialog of
    exactly the setpoint the advice names; for a user who may not write it is disabled with the reason."""
    from PySide6.QtCore import Qt

    from hmi.maintenance.advice import process_advice

    plant = main_window.runtime.plant
    t = np.arange(0.0, 3601.0, 10.0)
    falling = 710.0 - 12.0 * t / 3600.0
    advice = process_advice(plant.tag("caster1.melt_temp"), t, falling, setpoint=plant.tag("caster1.melt_setpoint"),
                            setpoint_value=710.0)
    panel = main_window.overview.panels["caster1"]
    panel.show_advice((advice,))
    assert panel.advice.isVisibleTo(panel) and panel.advice.text().startswith(
        "Forecast: Melt temperature in the holding furnace forecast to fall below 690 °C in ")
    assert "raise Melt setpoint by" in panel.advice.text()
    btn = panel.advice_btn
    assert btn.isVisibleTo(panel) and btn.text() == "Set Melt setpoint…" and btn.minimumHeight() >= 44
    assert not btn.isEnabled() and "No user database" in btn.toolTip()   # nobody may write on this station
    main_window.overview.set_write_rights(True)
    qtbot.mouseClick(btn, Qt.LeftButton)
    dlg = main_window.setpoint_dialog
    assert dlg.key == "caster1.melt_setpoint" and dlg.isVisible()
    dlg.close()
    panel.show_advice(())                                                  # the forecast is back in range
    assert not panel.advice.isVisibleTo(panel) and not btn.isVisibleTo(panel)
