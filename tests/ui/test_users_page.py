"""Users page: admin manages users through Access; refusals; audit viewer and chain verification."""
import pytest
import sqlalchemy as sa

from hmi.security.access import Access
from hmi.security.audit import AuditTrail
from hmi.security.users import UserStore
from hmi.store.db import open_database, sqlite_url
from hmi.store.schema import audit_log
from hmi.ui.alarm_bridge import wait_for_workers
from hmi.ui.login import SessionManager


@pytest.fixture
def secure(runtime, tmp_path):
    eng = open_database(sqlite_url(tmp_path / "station.db"))
    runtime.engine = eng
    runtime.users, runtime.audit = UserStore(eng), AuditTrail(eng)
    runtime.access = Access(runtime.users, runtime.audit)
    admin = runtime.access.create_first_admin("admin", "admin-pass-1")
    runtime.people = {"admin": admin, "kim": runtime.access.create_user(admin, "kim", "operator", "kim-pass-1")}
    yield runtime
    wait_for_workers()
    eng.dispose()


@pytest.fixture
def page(qtbot, secure):
    from hmi.ui.pages.users import UsersPage

    session = SessionManager(secure.access)
    p = UsersPage(secure, session)
    qtbot.addWidget(p)
    p.resize(1400, 800)
    p.show()
    p.session_mgr = session
    session.set_user(secure.people["admin"])
    with qtbot.waitSignal(p.sig_users_loaded, timeout=5000):
        p.on_shown()
    wait_for_workers()
    return p


def test_lists_users_and_audit(qtbot, page):
    assert [u.name for u in page.users] == ["admin", "kim"]
    assert page.user_table.item(1, 1).text() == "operator" and page.user_table.item(1, 2).text() == "enabled"
    assert page.actions_shown() == ["user.create", "user.create"]
    assert page.audit_table.item(1, 2).text() == "(system)"


def test_admin_creates_disables_sets_role_and_pin(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["admin"])
    with qtbot.waitSignal(page.sig_users_loaded, timeout=5000):
        page.create_user("eva", "maintenance", "eva-pass-1", "2461")
    assert "User 'eva' created (maintenance)" in page.message_text()
    assert page.select_user("eva") and page.selected_user().has_pin
    with qtbot.waitSignal(page.sig_users_loaded, timeout=5000):
        page.set_role("engineer")
    assert secure.users.get("eva").role == "engineer"
    with qtbot.waitSignal(page.sig_users_loaded, timeout=5000):
        page.toggle_selected()
    assert not secure.users.get("eva").enabled and page.toggle_button.text() == "Enable"
    assert "disabled" in page.user_table.item([u.name for u in page.users].index("eva"), 2).text()
    with qtbot.waitSignal(page.sig_users_loaded, timeout=5000):
        page.toggle_selected()
    assert secure.users.get("eva").enabled
    with qtbot.waitSignal(page.sig_users_loaded, timeout=5000):
        page.reset_password("eva-new-pass")
    assert secure.users.authenticate("eva", "eva-new-pass") is not None
    with qtbot.waitSignal(page.sig_users_loaded, timeout=5000):
        page.clear_pin()
    assert not secure.users.get("eva").has_pin
    wait_for_workers()
    with qtbot.waitSignal(page.sig_audit_loaded, timeout=5000):
        page.load_audit()
    assert page.actions_shown()[:6] == ["user.pin", "user.password", "user.enable", "user.disable", "user.role",
                                        "user.create"]


def test_operator_is_refused_with_the_message(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["kim"])
    with qtbot.waitSignal(page.sig_refused, timeout=5000) as sig:
        page.create_user("mallory", "admin", "mallory-pass")
    assert sig.args == ["operator 'kim' may not manage users (admin only)"]
    assert "operator 'kim' may not manage users (admin only)" in page.message_text()
    assert secure.users.get("mallory") is None
    assert "needs admin" in page.create_button.toolTip()


def test_last_admin_cannot_be_disabled(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["admin"])
    page.select_user("admin")
    with qtbot.waitSignal(page.sig_refused, timeout=5000) as sig:
        page.toggle_selected()
    assert "last administrator" in sig.args[0] and "last administrator" in page.message_text()


def test_verify_ok_then_detects_an_edited_entry(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["admin"])
    with qtbot.waitSignal(page.sig_verified, timeout=5000) as sig:
        page.verify()
    assert sig.args[0].ok and page.verify_label.text().startswith("\u2714 Audit trail OK")
    with secure.engine.begin() as c:  # tamper: change who created kim
        c.execute(sa.update(audit_log).where(audit_log.c.id == 2).values(target="bob"))
    with qtbot.waitSignal(page.sig_verified, timeout=5000) as sig:
        page.verify()
    res = sig.args[0]
    assert not res.ok and res.first_bad_id == 2
    assert "AUDIT TRAIL BROKEN at entry #2" in page.verify_label.text() and "target" in page.verify_label.text()
    qtbot.waitUntil(lambda: page.audit_table.rowCount() >= 2 and
                    any(page.audit_table.item(r, 0).text() == "\u2716 2" for r in range(page.audit_table.rowCount())),
                    timeout=5000)


def test_operator_may_not_verify(qtbot, page, secure):
    page.session_mgr.set_user(secure.people["kim"])
    with qtbot.waitSignal(page.sig_refused, timeout=5000) as sig:
        page.verify()
    assert "may not verify the audit trail" in sig.args[0] and "\u26d4" in page.verify_label.text()


def test_nobody_and_an_operator_see_neither_users_nor_audit_trail(qtbot, page, secure):
    page.session_mgr.set_user(None)
    assert page.users == [] and page.user_table.rowCount() == 0 and page.audit_table.rowCount() == 0
    assert page.user_table.isHidden() and page.audit_table.isHidden()
    assert "administrator (logged in: nobody)" in page.users_lock.text() and not page.users_lock.isHidden()
    assert "engineers and administrators" in page.audit_lock.text()
    assert not page.create_button.isEnabled() and not page.verify_button.isEnabled()
    assert not page.load_users() and not page.load_audit()
    page.session_mgr.set_user(secure.people["kim"])
    assert page.user_table.isHidden() and page.audit_table.isHidden() and "kim" in page.users_lock.text()
    with qtbot.waitSignal(page.sig_users_loaded, timeout=5000):
        page.session_mgr.set_user(secure.people["admin"])  # an administrator logs in: both come back
    assert not page.user_table.isHidden() and [u.name for u in page.users] == ["admin", "kim"]


def test_admin_unlocks_a_locked_account(qtbot, page, secure):
    access = secure.access
    for _ in range(12):  # kim's password guessed until the account locks (the waits skipped)
        access.throttle.seed(("user", "kim"), [access.throttle.clock() - 1])
    assert access.throttle.locked(("user", "kim"))
    assert page.select_user("kim") and page.unlock_button.isEnabled()
    assert page.unlock_button.height() >= 44 or page.unlock_button.minimumHeight() >= 44
    with qtbot.waitSignal(page.sig_users_loaded, timeout=5000):
        page.unlock_selected()
    assert not access.throttle.locked(("user", "kim")) and access.login_wait_s("kim") == 0
    assert "Log-in of 'kim' unlocked." in page.message_text()
    assert access.audit.entries(limit=1)[0].action == "user.unlock"
