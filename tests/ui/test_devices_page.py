"""Devices page (#19): set a plant up on screen from an empty plant file, against the simulator (a real Modbus
peer), through the real runtime, historian and audit trail."""
from __future__ import annotations

import dataclasses
import socket
import time

import pytest

from hmi.config import demo_config_path, load_config, parse_config
from hmi.plantfile.draft import EMPTY_PLANT
from hmi.store.db import sqlite_url
from hmi.ui.alarm_bridge import wait_for_workers
from hmi.ui.login import SessionManager


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def simulator():
    from hmi.equipment.simulator import LineSimulator

    sim = LineSimulator(load_config(demo_config_path()), port=_free_port(), speed=10)
    sim.start()
    yield sim
    sim.stop()


@pytest.fixture
def station(tmp_path):
    from hmi.runtime import Runtime

    text = EMPTY_PLANT.format(name="Set-up test")
    file = tmp_path / "plant.toml"
    rt = Runtime(parse_config(text, file), sqlite_url(tmp_path / "station.db"), data_dir=tmp_path)
    rt.set_plant_source(text, file, exists=False)
    rt.start()
    admin = rt.access.create_first_admin("admin", "admin-pass-1")
    rt.people = {"lee": rt.access.create_user(admin, "lee", "engineer", "lee-pass-12"),
                 "kim": rt.access.create_user(admin, "kim", "operator", "kim-pass-12")}
    yield rt
    wait_for_workers()
    rt.stop()


@pytest.fixture
def page(qtbot, station):
    from hmi.ui.bridge import SampleBridge
    from hmi.ui.pages.devices import DevicesPage

    session = SessionManager(station.access)
    bridge = SampleBridge(station).start()
    p = DevicesPage(station, session, bridge)
    qtbot.addWidget(p)
    p.resize(1500, 900)
    p.show()
    p.session_mgr = session
    yield p
    bridge.stop()


def _sheet(path, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Tag name", "Address", "Data type", "Unit", "normal_low", "normal_high", "hi", "hihi", "Scan"])
    ws.append(["# what each column holds", "", "", "", "", "", "", "", ""])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _fill(dialog, values: dict) -> None:
    for key, text in values.items():
        edit = dialog.findChild(type(dialog.edits["id"]), key)
        assert edit is not None, key
        edit.setText(str(text))


def test_empty_plant_to_live_values_to_a_saved_file_that_reloads_the_same(qtbot, page, station, simulator, tmp_path):
    """The acceptance test of #19: from an empty plant, add the simulator as a device on the page, import a tag
    list from an XLSX file, see live values, save; the saved file reloads to the same configuration."""
    # an operator sees why nothing can be changed, before touching anything
    page.session_mgr.set_user(station.people["kim"])
    assert page.hint.isVisible() and "engineer and up" in page.hint.text()
    assert not page.add_device_button.isEnabled() and not page.save_button.isEnabled()
    page.session_mgr.set_user(station.people["lee"])
    assert not page.hint.isVisible() and page.add_device_button.isEnabled()
    assert page.devices.rowCount() == 0 and "not written yet" in page.file_label.text()

    # add the simulator's press as a device, through the form; a wrong port is refused with the field marked
    dlg = page.add_device_dialog()
    dlg.protocol.setCurrentIndex(dlg.protocol.findData("modbus-tcp"))
    _fill(dlg, {"device_id": "press1", "device_name": "Press P-01", "device_kind": "press",
                "conn_modbus-tcp_host": "127.0.0.1", "conn_modbus-tcp_port": "99999"})
    assert not dlg.try_accept() and "port" in dlg.error.text() and dlg.isVisible()
    _fill(dlg, {"conn_modbus-tcp_port": simulator.port, "conn_modbus-tcp_unit_id": "1"})
    assert dlg.try_accept()
    assert [e.id for e in page.draft.plant.equipment] == ["press1"] and page.selected_device() == "press1"

    # test the connection: it answers, and how fast
    with qtbot.waitSignal(page.sig_probed, timeout=10000) as probed:
        page.test_connection()
    assert probed.args[0].ok and "answers in" in page.probe_label.text()

    # a sheet with one wrong row imports nothing and says where
    bad = _sheet(tmp_path / "bad.xlsx", [["bushing_temp", "30001", "float32", "°C", 20, 75, 80, 95, "normal"],
                                         ["vibration_rms", "30003", "float33", "mm/s", 0, 4, 6, "", "fast"]])
    with qtbot.waitSignal(page.sig_imported, timeout=10000):
        page.import_sheet(bad)
    assert page.report_box.isVisible() and "nothing was imported" in page.report_title.text()
    assert [(r[0], r[1]) for r in page.report.rows] == [(4, "type")]
    assert not page.draft.plant.tags

    good = _sheet(tmp_path / "tags.xlsx", [["bushing_temp", "30001", "float32", "°C", 20, 75, 80, 95, "normal"],
                                           ["vibration_rms", "30003", "float32", "mm/s", 0, 4, 6, "", "fast"],
                                           ["stroke_count", "30009", "uint32", "", "", "", "", "", "normal"]])
    with qtbot.waitSignal(page.sig_imported, timeout=10000):
        page.import_sheet(good)
    assert "3 tags imported into press1" in page.report_title.text()
    assert [r[0] for r in page.report.rows] == [3, 4, 5]  # the sheet's own rows (row 2 explains the columns)
    assert page.report.rows[0][2] == "imported as bushing_temp: input_register 0, float32"
    assert [t.name for t in page.tags.rows] == ["bushing_temp", "vibration_rms", "stroke_count"]
    assert page.tags.data(page.tags.index(0, 3)) == "not applied"

    # apply: the values come live, before anything is saved
    assert page.apply_button.isEnabled()
    with qtbot.waitSignal(page.sig_applied, timeout=15000) as applied:
        page.apply()
    assert applied.args[0].restarted == {"press1"}

    def live():
        page._refresh_values()
        v = page.tags.data(page.tags.index(0, 3))
        return v not in ("---", "not applied") and page.tags.data(page.tags.index(0, 5)) == "GOOD"

    qtbot.waitUntil(live, timeout=15000)
    temp = float(page.tags.data(page.tags.index(0, 3)).replace(",", ""))
    assert 10 < temp < 120  # a bushing temperature, read as float32 from the simulator
    assert not (tmp_path / "plant.toml").exists() and page.draft.dirty

    # save: the file is written, reloads to the same configuration, is kept as a version and audited
    with qtbot.waitSignal(page.sig_saved, timeout=15000) as saved:
        page.save()
    assert saved.args[0].path == tmp_path / "plant.toml" and saved.args[0].backup is None
    reloaded = load_config(tmp_path / "plant.toml")
    assert dataclasses.replace(reloaded, source="") == dataclasses.replace(page.draft.plant, source="")
    assert dataclasses.replace(reloaded, source="") == dataclasses.replace(station.poller.plant, source="")
    assert not page.draft.dirty and "Saved to" in page.state_label.text()
    versions = station.plant_versions.list()
    assert len(versions) == 1 and versions[0].user == "lee" and "added device press1" in versions[0].changes
    assert station.plant_versions.text(versions[0].id) == (tmp_path / "plant.toml").read_text(encoding="utf-8")
    entry = next(e for e in station.audit.entries(0, limit=50) if e.action == "plant.save")
    assert entry.user == "lee" and entry.after == versions[0].id


def test_editing_a_tag_keeps_what_its_row_cannot_say_and_a_refusal_names_the_field(qtbot, page, station, simulator):
    page.session_mgr.set_user(station.people["lee"])
    page.add_device("line1", {"id": "press1", "name": "Press", "kind": "press"},
                    {"protocol": "modbus-tcp", "host": "127.0.0.1", "port": simulator.port, "unit_id": 1})
    page.set_tag("press1", None, {"name": "bushing_temp", "address": "30001", "type": "float32", "hi": 80})
    page.tag_view.setCurrentIndex(page.tags.index(0, 0))
    dlg = page.edit_tag_dialog()
    assert dlg.edits["hi"].text() == "80" and dlg.edits["address"].text() == "0"
    dlg.edits["hi"].setText("eighty")
    assert not dlg.try_accept() and "hi" in dlg.error.text() and "border" in dlg.edits["hi"].styleSheet()
    dlg.edits["hi"].setText("85")
    dlg.edits["unit"].setText("°C")
    assert dlg.try_accept()
    tag = page.draft.plant.tags[0]
    assert tag.unit == "°C" and [(a.kind, a.limit) for a in tag.alarms] == [("HI", 85.0)]
    assert tag.alarms[0].message == "Bushing temp high"  # the alarm's message stays when only its limit changes
    page.undo()
    assert page.draft.plant.tags[0].alarms[0].limit == 80.0


def test_browse_a_register_range_shows_every_reading_and_adds_the_picked_one(qtbot, page, station, simulator):
    page.session_mgr.set_user(station.people["lee"])
    page.add_device("line1", {"id": "press1", "name": "Press", "kind": "press"},
                    {"protocol": "modbus-tcp", "host": "127.0.0.1", "port": simulator.port, "unit_id": 1})
    page.set_tag("press1", None, {"name": "state", "address": "30013", "type": "uint16"})
    assert not page.browse_button.isEnabled() and "Apply first" in page.browse_label.text()
    with qtbot.waitSignal(page.sig_applied, timeout=15000):
        page.apply()
    with qtbot.waitSignal(page.sig_browsed, timeout=15000) as browsed:
        page.browse_now("input_register 0 4")
    assert len(browsed.args[0]) == 4 and page.browse.registers
    headers = [page.browse.headerData(c, page.browse_view.horizontalHeader().orientation())
               for c in range(page.browse.columnCount())]
    assert {"int16", "uint16", "float32 ABCD", "float32 CDAB", "float32 BADC", "float32 DCBA", "int32 CDAB"} <= set(headers)
    col = headers.index("float32 ABCD")
    temp = float(page.browse.data(page.browse.index(0, col)))
    assert 10 < temp < 120  # the bushing temperature, readable in the big-endian column
    page.browse_view.setCurrentIndex(page.browse.index(0, col))
    assert page.add_browsed()
    tag = page.draft.plant.equipment_by_id("press1").tags[-1]
    assert (tag.table, tag.address, tag.type, tag.word_order) == ("input_register", 0, "float32", "big")


def test_changing_one_devices_tags_leaves_no_gap_in_the_other_devices_history(qtbot, page, station, simulator):
    """#19 acceptance: while press1's tags change (applied from the page), caster1 is read on, and its history in
    the historian has no gap: every fast-scan read of its pressure is stored, at its period, across the change."""
    page.session_mgr.set_user(station.people["lee"])
    conn = {"protocol": "modbus-tcp", "host": "127.0.0.1", "port": simulator.port}
    page.add_device("line1", {"id": "press1", "name": "Press", "kind": "press"}, {**conn, "unit_id": 1})
    page.set_tag("press1", None, {"name": "bushing_temp", "address": "30001", "type": "float32",
                                  "scan_class": "fast"})
    caster_unit = load_config(demo_config_path()).equipment_by_id("caster1").connection.unit_id
    page.add_device("line1", {"id": "caster1", "name": "Caster", "kind": "caster"}, {**conn, "unit_id": caster_unit})
    page.set_tag("caster1", None, {"name": "pressure", "address": "30005", "type": "float32", "scan_class": "fast"})
    with qtbot.waitSignal(page.sig_applied, timeout=15000):
        page.apply()
    key = "caster1.pressure"
    qtbot.waitUntil(lambda: station.latest().get(key) is not None, timeout=10000)
    time.sleep(1.0)
    t0 = time.time()
    page.device_view.setCurrentIndex(page.devices.index(0, 0))
    assert page.selected_device() == "press1"
    page.set_tag("press1", None, {"name": "vibration_rms", "address": "30003", "type": "float32",
                                  "scan_class": "fast"})
    with qtbot.waitSignal(page.sig_applied, timeout=15000) as applied:
        page.apply()
    assert applied.args[0].restarted == {"press1"}
    qtbot.waitUntil(lambda: station.latest().get("press1.vibration_rms") is not None, timeout=10000)
    time.sleep(1.0)
    t1 = time.time()
    assert station.writer.flush(timeout=10)
    series = station.historian.raw(key, t0, t1)
    ts = list(series.ts)
    period = station.poller.plant.scan_classes["fast"]
    gaps = [b - a for a, b in zip(ts, ts[1:])]
    # every read kept, GOOD (never STALE or COMM_FAIL), no reconnect: a restart would show as all three; the gap
    # bound leaves room for a loaded 2-core test machine (10 periods), not for a reconnect's
    assert len(ts) >= (t1 - t0) / period * 0.5 and max(gaps) < 10 * period, (len(ts), max(gaps))
    assert set(series.quality.tolist()) == {0}
    assert station.device_status()["caster1"].reconnects == 0


def test_an_opc_ua_server_is_browsed_folder_by_folder_and_a_variable_added_in_one_touch(qtbot, page, station):
    """The demo's X-ray cabinet as an OPC UA server (asyncua, served by the simulator): added with only its
    endpoint, browsed from the Objects folder down, a variable added with one touch, its value live."""
    from hmi.equipment.simulator import LineSimulator

    sim = LineSimulator(load_config(demo_config_path()), port=_free_port(), opcua_port=_free_port())
    sim.start()
    try:
        page.session_mgr.set_user(station.people["lee"])
        page.add_device("line1", {"id": "cab", "name": "X-ray cabinet", "kind": "xray"},
                        {"protocol": "opcua", "endpoint": sim.opcua_endpoint})
        with qtbot.waitSignal(page.sig_applied, timeout=15000):
            page.apply()
        qtbot.waitUntil(lambda: station.device_status()["cab"].connected, timeout=15000)
        with qtbot.waitSignal(page.sig_browsed, timeout=15000) as top:
            page.browse_now("")
        folders = [i for i in top.args[0] if i.has_children and not i.name.startswith("0:")]  # the server's own
        assert folders, [i.name for i in top.args[0]]
        row = page.browse.rows.index(folders[0])
        with qtbot.waitSignal(page.sig_browsed, timeout=15000) as inside:
            page._browse_into(page.browse.index(row, 1))
        variables = [i for i in inside.args[0] if i.kind == "variable" and i.type in ("float32", "float64")]
        assert variables and page.browse_up_button.isEnabled(), [(i.name, i.kind, i.type) for i in inside.args[0]]
        page.browse_view.setCurrentIndex(page.browse.index(page.browse.rows.index(variables[0]), 0))
        assert page.add_browsed()
        tag = page.draft.plant.equipment_by_id("cab").tags[-1]
        assert tag.node == variables[0].address and tag.type == variables[0].type
        with qtbot.waitSignal(page.sig_applied, timeout=15000):
            page.apply()
        qtbot.waitUntil(lambda: (s := station.latest().get(tag.key)) is not None and s.value is not None,
                        timeout=15000)
    finally:
        sim.stop()
