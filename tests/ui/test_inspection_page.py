"""Inspection page: queue with verdicts, filters, image + heatmap, review through Access (override
without reason refused, override with reason audited, accept), statistics update."""
import time

import numpy as np
import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from hmi.security.access import Access
from hmi.security.audit import AuditTrail
from hmi.security.users import UserStore
from hmi.store.db import open_database, sqlite_url
from hmi.inspection.records import InspectionStore
from hmi.store.schema import audit_log
from hmi.ui.alarm_bridge import wait_for_workers
from hmi.ui.login import SessionManager

T0 = time.time() - 600


@pytest.fixture
def secure(runtime, tmp_path):
    from vision.io import write_png8, write_png16
    from vision.synth import make_part

    eng = open_database(sqlite_url(tmp_path / "station.db"))
    runtime.engine = eng
    runtime.users, runtime.audit = UserStore(eng), AuditTrail(eng)
    runtime.access = Access(runtime.users, runtime.audit)
    admin = runtime.access.create_first_admin("admin", "admin-pass-1")
    runtime.people = {"park": runtime.access.create_user(admin, "park", "inspector", "park-pass-1"),
                      "kim": runtime.access.create_user(admin, "kim", "operator", "kim-pass-1")}
    store = InspectionStore(eng)
    runtime.inspections = store
    ids = {}
    for k, (serial, verdict, score) in enumerate((("C1-0001", "ok", 0.08), ("C1-0002", "ng", 0.93),
                                                  ("C1-0003", "warn", 0.55), ("C1-0004", "ok", 0.12))):
        img, mask, _ = make_part("wheel", 96, k, ["porosity"] if verdict != "ok" else [])
        p = write_png16(tmp_path / f"{serial}.png", img)
        heat = write_png8(tmp_path / f"{serial}_heat.png", (mask * 230).astype(np.uint8))
        ids[serial] = store.record_inspection(station="xray1", serial=serial, image_path=p, heatmap_path=heat,
                                              score=score, ai_verdict=verdict, model_version="v-test",
                                              captured_ts=T0 + k)
    ids["C2-BAD"] = store.record_inspection(station="cam2", serial="C2-BAD", image_path=tmp_path / "nope.png",
                                            error="nope.png: no such file", captured_ts=T0 + 10)
    runtime.ids = ids
    yield runtime
    wait_for_workers()
    eng.dispose()


@pytest.fixture
def page(qtbot, secure):
    from hmi.ui.pages.inspection import InspectionPage

    session = SessionManager(secure.access)
    p = InspectionPage(secure, session, refresh_ms=60_000)
    qtbot.addWidget(p)
    p.resize(1500, 900)
    p.show()
    p.session_mgr = session
    with qtbot.waitSignal(p.sig_queue_loaded, timeout=5000):
        p.on_shown()
    wait_for_workers()
    return p


class _Cell:
    """One cell of the queue as the view shows it (text, background brush)."""

    def __init__(self, index):
        self.index = index

    def text(self):
        return self.index.data(Qt.ItemDataRole.DisplayRole)

    def background(self):
        from PySide6.QtGui import QBrush

        b = self.index.data(Qt.ItemDataRole.BackgroundRole)
        return b if b is not None else QBrush()


def _cell(page, serial, col):
    m = page.table.model()
    for r in range(m.rowCount()):
        if m.index(r, 1).data() == serial:
            return _Cell(m.index(r, col))
    return None


def _select(qtbot, page, serial):
    with qtbot.waitSignal(page.sig_image_loaded, timeout=5000):
        assert page.select_inspection(next(i.id for i in page.rows if i.serial == serial))
    wait_for_workers()


def test_queue_shows_verdicts_with_text_and_colour_only_for_abnormal(page):
    assert [i.serial for i in page.rows] == ["C2-BAD", "C1-0004", "C1-0003", "C1-0002", "C1-0001"]
    ng, warn, ok = _cell(page, "C1-0002", 3), _cell(page, "C1-0003", 3), _cell(page, "C1-0001", 3)
    assert (ng.text(), warn.text(), ok.text(), _cell(page, "C2-BAD", 3).text()) == ("NG", "WARN", "ok", "ERROR")
    nobrush = Qt.BrushStyle.NoBrush
    assert ng.background().style() != nobrush and warn.background().style() != nobrush
    assert ok.background().style() == nobrush
    assert _cell(page, "C1-0002", 4).text() == "0.93" and _cell(page, "C1-0002", 5).text() == "v-test"
    assert _cell(page, "C1-0002", 6).text() == "pending"
    assert "AI verdicts: NG 1, WARN 1, ok 2, error 1" in page.counts_label.text()


def test_filters(qtbot, page):
    with qtbot.waitSignal(page.sig_queue_loaded, timeout=5000):
        page.verdict_combo.setCurrentIndex(page.verdict_combo.findData("ng"))
    assert [i.serial for i in page.rows] == ["C1-0002"]
    with qtbot.waitSignal(page.sig_queue_loaded, timeout=5000):
        page.verdict_combo.setCurrentIndex(0)
    wait_for_workers()
    assert page.station_combo.findText("cam2") > 0
    with qtbot.waitSignal(page.sig_queue_loaded, timeout=5000):
        page.station_combo.setCurrentText("cam2")
    assert [i.serial for i in page.rows] == ["C2-BAD"]


def test_image_and_heatmap_shown_and_error_explained(qtbot, page):
    _select(qtbot, page, "C1-0002")
    assert page.viewer.image is not None and page.viewer.image.dtype == np.uint16
    assert page.viewer.heatmap is not None and page.viewer.regions()
    assert "AI NG" in page.detail_label.text()
    _select(qtbot, page, "C2-BAD")
    assert page.viewer.image is None and "unreadable" in page.viewer.message.textItem.toPlainText()
    assert "No AI verdict" in page.detail_label.text() and not page.accept_button.isEnabled()


def test_override_without_reason_refused_then_with_reason_audited(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["park"])
    _select(qtbot, page, "C1-0002")
    page.set_reason(None)
    with qtbot.waitSignal(page.sig_review_done, timeout=5000) as blocker:
        page.ok_button.click()
    assert blocker.args[0] is False
    assert "needs a reason code" in page.message_text() and "Refused" in page.message_text()
    assert not secure.inspections.get(secure.ids["C1-0002"]).reviewed
    page.set_reason("false call - surface artefact")
    page.comment_edit.setText("casting skin")
    with qtbot.waitSignal(page.sig_stats_loaded, timeout=5000):
        with qtbot.waitSignal(page.sig_review_done, timeout=5000) as blocker:
            page.ok_button.click()
    assert blocker.args[0] is True and "overridden to ok by park" in page.message_text()
    got = secure.inspections.get(secure.ids["C1-0002"])
    assert (got.final_verdict, got.reason_code, got.comment) == ("ok", "false call - surface artefact", "casting skin")
    with secure.engine.connect() as c:
        last = c.execute(sa.select(audit_log).order_by(audit_log.c.id.desc())).mappings().first()
    assert last["action"] == "inspection.override" and last["user_name"] == "park"
    assert "surface artefact" in last["detail"]
    assert "C1-0002" not in [i.serial for i in page.rows]           # pending only: left the queue
    assert "0.0 %" in page.agreement_label.text() and "total 1" in page.overrides_label.text()


def test_accept_and_stats_update(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["park"])
    _select(qtbot, page, "C1-0001")
    with qtbot.waitSignal(page.sig_stats_loaded, timeout=5000):
        with qtbot.waitSignal(page.sig_review_done, timeout=5000) as blocker:
            page.accept_button.click()
    assert blocker.args[0] is True and "accepted (ok) by park" in page.message_text()
    assert "100.0 % (1 of 1 reviews)" in page.agreement_label.text()
    assert "reviewed 1 of 5" in page.counts_label.text()
    with secure.engine.connect() as c:
        assert c.execute(sa.select(audit_log.c.action).order_by(audit_log.c.id.desc())).scalar() == "inspection.accept"
    # WARN is not a final verdict: accept is disabled, deciding needs a reason
    _select(qtbot, page, "C1-0003")
    assert not page.accept_button.isEnabled() and page.ng_button.text() == "Decide NG\nC1-0003"
    page.set_reason("borderline - out of spec")
    with qtbot.waitSignal(page.sig_stats_loaded, timeout=5000):
        with qtbot.waitSignal(page.sig_review_done, timeout=5000):
            page.ng_button.click()
    assert "WARN decided 1" in page.counts_label.text()


def test_operator_is_refused_clearly(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["kim"])
    assert "may not review" in page.user_hint.text()
    _select(qtbot, page, "C1-0001")
    # the refusal shows before anything is chosen: the review buttons are off for an operator
    assert not any(b.isEnabled() for b in (page.accept_button, page.ok_button, page.ng_button))
    with qtbot.waitSignal(page.sig_review_done, timeout=5000) as blocker:
        page.accept_ai()  # and the core refuses too, should it be reached another way
    assert blocker.args[0] is False
    assert "operator 'kim' may not override inspection results" in page.message_text()
    assert not secure.inspections.get(secure.ids["C1-0001"]).reviewed
    page.session_mgr.set_user(None)
    with qtbot.waitSignal(page.sig_review_done, timeout=5000):
        page.accept_ai()
    assert "log in" in page.message_text()


def test_the_action_lands_on_the_part_shown_even_when_the_queue_refreshes_in_between(qtbot, page, secure):
    # the inspector selects C1-0003; before pressing a button, new parts arrive and the queue refreshes
    page.session_mgr.set_user(secure.people["park"])
    _select(qtbot, page, "C1-0003")
    row_before = page.table.currentIndex().row()
    for k in range(3):
        secure.inspections.record_inspection(station="xray1", serial=f"C1-NEW{k}", ai_verdict="ng", score=0.9,
                                             model_version="v-test", captured_ts=time.time() + k)
    with qtbot.waitSignal(page.sig_queue_loaded, timeout=5000):
        page.refresh()
    # the rows did not move under the finger: the newcomers are announced, not inserted
    assert page.table.currentIndex().row() == row_before
    assert page.rows[row_before].serial == "C1-0003" and page.selected().serial == "C1-0003"
    assert page.waiting_button.isVisible() and page.waiting_button.text().startswith("3 new parts")
    assert page.ok_button.text() == "Decide OK\nC1-0003"  # the button names its target
    page.set_reason("borderline - within spec")
    with qtbot.waitSignal(page.sig_review_done, timeout=5000) as blocker:
        page.ok_button.click()
    assert blocker.args[0] is True
    assert secure.inspections.get(secure.ids["C1-0003"]).final_verdict == "ok"
    assert not secure.inspections.get(secure.ids["C1-0002"]).reviewed
    wait_for_workers()
    # taking the newcomers in keeps the selection on its part
    page.show_waiting()
    assert {"C1-NEW0", "C1-NEW1", "C1-NEW2"} <= {i.serial for i in page.rows}


def test_changing_a_decision_asks_first(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["park"])
    page.pending_check.setChecked(False)
    wait_for_workers()
    _select(qtbot, page, "C1-0001")
    with qtbot.waitSignal(page.sig_review_done, timeout=5000):
        page.accept_button.click()
    wait_for_workers()
    _select(qtbot, page, "C1-0001") if page.selected() is None else None
    asked = []
    page.confirm = lambda q: asked.append(q) or False
    page.set_reason("false call - surface artefact")
    page.ng_button.click()
    assert asked and "C1-0001 was already decided ok by park" in asked[0]
    assert secure.inspections.get(secure.ids["C1-0001"]).final_verdict == "ok"   # cancelled: nothing changed
    page.confirm = lambda q: True
    with qtbot.waitSignal(page.sig_review_done, timeout=5000):
        page.ng_button.click()
    assert secure.inspections.get(secure.ids["C1-0001"]).final_verdict == "ng"
