"""Texts from the Qt-free core (hmi.messages templates) appear in the UI language: maintenance
recommendations and times to a limit, permission refusals, audit action names, inspection reason codes."""
import importlib.util
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from hmi.inspection import REASON_CODES
from hmi.messages import Message
from hmi.security.access import Access, PermissionDenied
from hmi.security.audit import ACTIONS, ACTION_NAMES, AuditTrail
from hmi.security.users import UserStore
from hmi.store.db import open_database, sqlite_url
from hmi.ui import i18n
from hmi.ui.alarm_bridge import wait_for_workers
from hmi.ui.i18n import tr_message
from hmi.ui.login import SessionManager

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def korean(qapp):
    i18n.set_language("ko", qapp, persist=False)
    yield
    i18n.set_language("en", qapp, persist=False)


@pytest.fixture
def secure(runtime, tmp_path):
    eng = open_database(sqlite_url(tmp_path / "station.db"))
    runtime.users, runtime.audit = UserStore(eng), AuditTrail(eng)
    runtime.access = Access(runtime.users, runtime.audit, write_timeout_s=3)
    admin = runtime.access.create_first_admin("admin", "admin-pass-1")
    runtime.people = {"kim": runtime.access.create_user(admin, "kim", "operator", "kim-pass-1"),
                      "choi": runtime.access.create_user(admin, "choi", "maintenance", "choi-pass-1")}
    runtime.writes = []
    runtime.write = lambda key, value: runtime.writes.append((key, value))
    yield runtime
    wait_for_workers()
    eng.dispose()


def test_permission_refusal_is_korean_in_the_setpoint_dialog(qtbot, secure, korean):
    from hmi.ui.setpoint import SetpointDialog

    session = SessionManager(secure.access)
    session.set_user(secure.people["kim"])
    dlg = SetpointDialog(secure, session, "press1.spm_setpoint")
    qtbot.addWidget(dlg)
    dlg.value_edit.setText("33")
    assert dlg.request_write()
    with qtbot.waitSignal(dlg.sig_refused, timeout=5000) as sig:
        qtbot.mouseClick(dlg.confirm_button, Qt.LeftButton)
    assert sig.args[0] == "거부됨: 작업자 'kim'은(는) 설정값 쓰기 권한이 없습니다 (엔지니어 이상)"
    assert "설정값 쓰기 권한이 없습니다" in dlg.message_text()
    assert secure.writes == []
    # the audit trail keeps the English text (the record does not depend on the UI language)
    e = secure.audit.entries(limit=1)[0]
    assert e.detail["message"] == "operator 'kim' may not write setpoints (engineer and up)"


def test_refusal_text_is_english_outside_the_ui_and_korean_inside(secure, korean):
    with pytest.raises(PermissionDenied) as info:
        secure.access.check(None, "users.manage")
    assert str(info.value) == "log in to manage users (admin only)"
    assert tr_message(info.value) == "사용자 관리: 로그인이 필요합니다 (관리자 전용)"
    with pytest.raises(PermissionDenied) as info:
        secure.access.check(secure.people["kim"], "inspection.override")
    assert tr_message(info.value) == "작업자 'kim'은(는) 검사 판정 변경 권한이 없습니다 (검사원, 엔지니어, 관리자)"


def test_maintenance_recommendation_and_time_to_limit_are_korean(qtbot, secure, korean):
    from hmi.maintenance.scorer import MaintenanceScorer
    from hmi.ui.pages.maintenance import MaintenancePage
    from tests.ui.test_maintenance_page import FakeSession, feed_press

    secure.maintenance = MaintenanceScorer(secure.plant, fit_samples=120, eta_window_s=300, eta_every_s=1)
    page = MaintenancePage(secure, FakeSession(secure.people["choi"]), refresh_ms=50)
    qtbot.addWidget(page)
    tile = page.tiles["press1"]
    feed_press(secure.maintenance, 60, 0)
    page.refresh()
    assert tile.action.text() == "권장 조치: 정상 운전 학습 중: 아직 권장 조치 없음"
    feed_press(secure.maintenance, 120, 60)
    page.refresh()
    assert tile.action.text() == "권장 조치: 조치 불필요: 정비 계획대로 진행하세요"
    feed_press(secure.maintenance, 620, 180, drift_from=180, seed=1)  # bushing heats past its normal band towards HIHI 95 °C
    page.refresh()
    assert tile.state.text().endswith("부터 이상 감지")
    drivers = tile.drivers.text()
    assert drivers.startswith("주요 원인 센서: ") and ("높음" in drivers or "낮음" in drivers)
    assert "high" not in drivers and "low " not in drivers
    eta = tile.eta.text()
    assert "HIHI 95 °C 도달" in eta and "약 " in eta and "reaches" not in eta
    assert any(unit in eta for unit in ("초", "분", "시간", "일"))
    assert tile.action.text().startswith("권장 조치: ")
    # the core values themselves stay English (logs, CLI)
    h = secure.maintenance.snapshot()["press1"]
    assert str(h.next_limit.text()).startswith(h.next_limit.name + " reaches HIHI 95 °C after ~")
    assert " high" in h.explanation or " low" in h.explanation


def test_audit_actions_and_reason_codes_have_korean_names(korean):
    assert set(ACTION_NAMES) == set(ACTIONS)
    assert tr_message(ACTION_NAMES["setpoint.write"]) == "설정값 쓰기"
    untranslated = [a for a, m in ACTION_NAMES.items() if tr_message(m) == a]
    assert not untranslated
    shown = [tr_message(c) for c in REASON_CODES]
    assert shown[0] == "과검출 - 표면 아티팩트" and all(s != str(c) for s, c in zip(shown, REASON_CODES))


def test_users_page_lists_audit_actions_in_korean(qtbot, secure, korean):
    from hmi.ui.pages.users import UsersPage

    page = UsersPage(secure, SessionManager(secure.access))
    qtbot.addWidget(page)
    combo = page.audit_action
    i = combo.findData("access.denied")
    assert i > 0 and combo.itemText(i) == "권한 거부"


def test_core_templates_are_scanned_for_the_catalogue():
    """update_translations.py reads the core modules that hold templates, so the completeness test in
    test_i18n.py fails when a core template lacks Korean."""
    spec = importlib.util.spec_from_file_location("update_translations",
                                                  ROOT / "resources" / "i18n" / "update_translations.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    scanned = {p.relative_to(ROOT).as_posix() for p in mod.source_files()}
    for f in ("hmi/messages.py", "hmi/security/access.py", "hmi/security/users.py", "hmi/security/audit.py",
              "hmi/maintenance/scorer.py", "hmi/maintenance/weibull.py", "hmi/inspection/reasons.py",
              "vision/train.py"):
        assert f in scanned, f
    entries = mod.messages(ROOT / "resources" / "i18n" / "lineside_ko.ts")
    assert entries[("Maintenance", "{0} reaches {1} {2}{3} after ~{4} more running ({5} to {6}){7}")]


def test_tr_message_falls_back_to_plain_text(korean):
    assert tr_message("Press 1 bushing temperature") == "Press 1 bushing temperature"  # configured names stay
    assert tr_message(ValueError("bad")) == "bad" and tr_message(RuntimeError()) == "RuntimeError"
    assert tr_message(Message("Nowhere", "untranslated {0}", 3)) == "untranslated 3"


def test_validation_errors_from_the_core_are_korean(secure, korean):
    from hmi.security.users import UserError

    with pytest.raises(UserError) as info:
        secure.users._create_user("kim", "operator", "another-pass-1")
    assert str(info.value) == "user 'kim' already exists"
    assert tr_message(info.value) == "사용자 'kim'이(가) 이미 있습니다"
    with pytest.raises(UserError) as info:
        secure.users._create_user("lee", "operator", "short")
    assert tr_message(info.value).startswith("비밀번호는 최소 ") and str(info.value).startswith("a password needs")


def test_replacement_cycle_notes_are_korean(korean):
    from datetime import date

    from hmi.maintenance.weibull import MaintenanceEvent, optimal_replacement, weibull_report

    evs = [MaintenanceEvent("pump1", "installed", date(2024, 1, 1), 0.0, "", type="pump"),
           MaintenanceEvent("pump1", "replaced", date(2024, 6, 1), 900.0, "failure", type="pump")]
    err = weibull_report(evs, now=date(2024, 7, 1))["types"]["pump"]["error"]
    assert tr_message(err) == "와이블 분포를 추정하려면 고장이 최소 2건 필요합니다 (현재 고장 1건, 중도절단 1건)"
    assert tr_message(optimal_replacement((0.8, 1000.0), 1, 5).reason).startswith("형상 0.80 <= 1: 마모 고장이 아니므로")
