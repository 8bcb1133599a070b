"""Trace page: scanner-style lookup without a click, timeline vs normal ranges, thumbnail, containment, CSV."""
from __future__ import annotations

import threading

import cv2
import numpy as np
import pytest
from PySide6.QtCore import Qt

from hmi.store.db import open_database, sqlite_url
from hmi.inspection.records import InspectionStore
from hmi.trace.genealogy import ParamSnapshot, TraceStore
from hmi.ui.alarm_bridge import wait_for_workers
from hmi.ui.pages.trace import TracePage

T0 = 1_800_057_600.0


class ThreadRecordingStore(TraceStore):
    """The real store; remembers which threads ran its queries."""

    def __init__(self, engine):
        super().__init__(engine)
        self.threads = set()

    def lookup(self, serial, **kw):
        self.threads.add(threading.current_thread().name)
        return super().lookup(serial, **kw)

    def parts_by_equipment(self, *a, **kw):
        self.threads.add(threading.current_thread().name)
        return super().parts_by_equipment(*a, **kw)


@pytest.fixture
def page(qtbot, runtime, tmp_path):
    eng = open_database(sqlite_url(tmp_path / "t.db"))
    store = ThreadRecordingStore(eng)
    for i in range(3):
        store.record_step(f"C12701160000{i}", line="line1", product="wheel", step="cast", station="cast1",
                          equipment="caster1", start_ts=T0 + 220 * i, end_ts=T0 + 220 * (i + 1),
                          result="ng" if i == 1 else "ok", lots={"heat": "H270116001"},
                          params=[ParamSnapshot("caster1.melt_temp", 700, 745 if i == 1 else 712, 705, 30, "°C",
                                                690, 730)])
    img = tmp_path / "x.png"
    cv2.imwrite(str(img), (np.random.default_rng(0).random((300, 300)) * 65535).astype(np.uint16))
    InspectionStore(eng).record_inspection(station="xray1", serial="C127011600001", captured_ts=T0 + 500,
                                           image_path=str(img), score=0.91, ai_verdict="ng")
    runtime.trace = store
    p = TracePage(runtime)
    qtbot.addWidget(p)
    p.show()
    qtbot.waitExposed(p)
    yield p
    wait_for_workers()
    eng.dispose()


def test_scanner_types_serial_and_enter_without_a_click(qtbot, page):
    assert page.serial_edit.hasFocus()  # focus is in the field as soon as the page is shown
    with qtbot.waitSignal(page.sig_looked_up, timeout=5000) as sig:
        qtbot.keyClicks(page.serial_edit, "c127011600001")  # what a keyboard-wedge scanner types ...
        qtbot.keyClick(page.serial_edit, Qt.Key_Return)     # ... followed by Enter
    assert sig.args == ["C127011600001"]
    assert "C127011600001" in page.header.text() and "wheel" in page.header.text()
    t = page.steps_table
    assert t.item(0, 2).text() == "NG" and t.item(0, 3).text() == "caster1.melt_temp"
    assert t.item(0, 8).text() == "OUT OF RANGE"  # 745 > 730, shown in words as well as colour
    assert "NG" in page.verdict.text() and "pending" in page.verdict.text()
    assert "heat H270116001" in page.lots_label.text()
    qtbot.waitUntil(lambda: not page.thumb.pixmap().isNull(), timeout=5000)
    assert page.serial_edit.hasFocus() and page.serial_edit.selectedText() == "C127011600001"  # next scan replaces
    assert "MainThread" not in page.store.threads and page.store.threads


def test_invalid_and_unknown_serials_are_explained(qtbot, page):
    assert page.lookup("x!") is False
    assert "does not match" in page.status.text()
    with qtbot.waitSignal(page.sig_looked_up, timeout=5000) as sig:
        page.lookup("C127011699999")
    assert sig.args == [""] and "No part C127011699999" in page.status.text()


def test_containment_by_machine_and_lot_with_csv_export(qtbot, page, tmp_path):
    from PySide6.QtCore import QDateTime

    page.equipment.setCurrentIndex(page.equipment.findData("caster1"))
    page.t_from.setDateTime(QDateTime.fromSecsSinceEpoch(int(T0 + 300)))
    page.t_to.setDateTime(QDateTime.fromSecsSinceEpoch(int(T0 + 500)))
    with qtbot.waitSignal(page.sig_contained, timeout=5000) as sig:
        page.contain()
    assert sig.args == [2] and page.contain_table.item(0, 0).text() == "C127011600001"
    out = tmp_path / "parts.csv"
    page.export_csv(str(out))
    qtbot.waitUntil(lambda: out.exists() and "written" in page.contain_status.text(), timeout=5000)
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("C127011600001,line1,wheel,cast,caster1")
    page.mode.setCurrentIndex(page.mode.findData("lot"))
    page.lot_edit.setText("H270116001")
    with qtbot.waitSignal(page.sig_contained, timeout=5000) as sig:
        page.contain()
    assert sig.args == [3]
    with qtbot.waitSignal(page.sig_looked_up, timeout=5000) as sig:
        page._contained_clicked(2, 0)  # double-click a listed part: its history
    assert sig.args == ["C127011600002"]


def test_page_without_database_says_so(qtbot, runtime):
    runtime.trace = None
    p = TracePage(runtime)
    qtbot.addWidget(p)
    assert "No plant database" in p.status.text() and not p.lookup_button.isEnabled()
    assert p.lookup("C127011600001") is False
